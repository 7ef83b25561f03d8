// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.strings;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.client.Client;
import dev.cinnabar.core.keyspace.ByteKey;
import dev.cinnabar.core.resp.RespValue;
import dev.cinnabar.core.resp.ValueReplyWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * An embedded engine for the strings tests, with helpers to read replies, watch keyspace events and the
 * propagation stream, and plant a value of another type (no other type exists in this family).
 */
final class StringsFixture implements AutoCloseable {
    private final Engine engine;
    private final ValueReplyWriter events = new ValueReplyWriter(3);
    private final List<String> propagated = new ArrayList<>();

    StringsFixture() {
        this(Map.of());
    }

    StringsFixture(Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.putIfAbsent("notify-keyspace-events", "EAm");
        engine = Engine.open(all);
        onLoop(() -> {
            Client listener = new Client(engine.newClientId(), null, engine.now());
            listener.protocol = 3;
            listener.redirectReplies(events);
            engine.pubsub().psubscribe(listener, new ByteKey(bytes("__keyevent@*__:*")));
            engine.dispatcher().addPropagation((db, argv) -> propagated.add(join(argv)));
            return null;
        });
    }

    RespValue run(String... args) {
        return engine.execute(args);
    }

    RespValue run(byte[]... args) {
        return engine.execute(args);
    }

    /** The reply of a command run by a RESP3 client. */
    RespValue resp3(String... args) {
        return onLoop(() -> {
            Client c = new Client(engine.newClientId(), null, engine.now());
            c.protocol = 3;
            c.authenticated = true;
            ValueReplyWriter writer = new ValueReplyWriter(3);
            c.redirectReplies(writer);
            byte[][] argv = new byte[args.length][];
            for (int i = 0; i < args.length; i++) {
                argv[i] = bytes(args[i]);
            }
            engine.dispatcher().process(c, argv);
            engine.afterBatch();
            return writer.take().get(0);
        });
    }

    /** The text of a bulk reply, or null for a null reply; fails on any other reply. */
    String bulk(String... args) {
        RespValue r = run(args);
        if (r instanceof RespValue.Null) {
            return null;
        }
        if (r instanceof RespValue.Bulk b) {
            return b.text();
        }
        throw new AssertionError(String.join(" ", args) + " replied " + r);
    }

    long integer(String... args) {
        RespValue r = run(args);
        if (r instanceof RespValue.Integer i) {
            return i.value();
        }
        throw new AssertionError(String.join(" ", args) + " replied " + r);
    }

    /** The error line of an error reply; fails on any other reply. */
    String error(String... args) {
        RespValue r = run(args);
        if (r instanceof RespValue.Error e) {
            return e.line();
        }
        throw new AssertionError(String.join(" ", args) + " replied " + r);
    }

    /** Keyspace events since the last call, as "event key". */
    List<String> events() {
        return onLoop(() -> {
            List<String> out = new ArrayList<>();
            for (RespValue v : events.take()) {
                List<RespValue> items = ((RespValue.Array) v).items();
                String channel = ((RespValue.Bulk) items.get(2)).text();
                out.add(channel.substring(channel.indexOf(':') + 1) + " " + ((RespValue.Bulk) items.get(3)).text());
            }
            return out;
        });
    }

    /** Commands propagated since the last call, arguments joined by spaces. */
    List<String> propagated() {
        return onLoop(() -> {
            List<String> out = new ArrayList<>(propagated);
            propagated.clear();
            return out;
        });
    }

    /** Absolute expiry of a key in Unix ms; -1 without TTL, -2 if missing. */
    long expireAt(String key) {
        return onLoop(() -> engine.database(0).expireAt(bytes(key)));
    }

    long now() {
        return System.currentTimeMillis();
    }

    /** Stores a value of a type the strings family does not know, to provoke WRONGTYPE. */
    void putOtherType(String key) {
        onLoop(() -> {
            engine.database(0).set(bytes(key), new Object());
            return null;
        });
    }

    boolean exists(String key) {
        return onLoop(() -> engine.database(0).exists(bytes(key)));
    }

    private <T> T onLoop(Callable<T> task) {
        try {
            return engine.loop().submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String join(byte[][] argv) {
        StringBuilder sb = new StringBuilder();
        for (byte[] a : argv) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(new String(a, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    @Override
    public void close() {
        engine.close();
    }
}
