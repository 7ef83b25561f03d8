// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.testing;

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
 * An embedded engine for a family's tests: runs commands (RESP2, or RESP3 for one command), and records
 * the keyspace events and the propagation stream so tests can read them back.
 */
public class EngineFixture implements AutoCloseable {
    private final Engine engine;
    private final ValueReplyWriter events = new ValueReplyWriter(3);
    private final List<String> propagated = new ArrayList<>();

    /** An engine with {@code settings}; set {@code notify-keyspace-events} there to record events. */
    public EngineFixture(Map<String, String> settings) {
        engine = Engine.open(settings);
        onLoop(() -> {
            Client listener = new Client(engine.newClientId(), null, engine.now());
            listener.protocol = 3;
            listener.redirectReplies(events);
            engine.pubsub().psubscribe(listener, new ByteKey(bytes("__keyevent@*__:*")));
            engine.dispatcher().addPropagation((db, argv) -> propagated.add(join(argv)));
            return null;
        });
    }

    public Engine engine() {
        return engine;
    }

    public RespValue run(String... args) {
        return engine.execute(args);
    }

    public RespValue run(byte[]... args) {
        return engine.execute(args);
    }

    /** The reply of a command run by a RESP3 client. */
    public RespValue resp3(String... args) {
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

    public long integer(String... args) {
        RespValue r = run(args);
        if (r instanceof RespValue.Integer i) {
            return i.value();
        }
        throw new AssertionError(String.join(" ", args) + " replied " + r);
    }

    /** The error line of an error reply; fails on any other reply. */
    public String error(String... args) {
        RespValue r = run(args);
        if (r instanceof RespValue.Error e) {
            return e.line();
        }
        throw new AssertionError(String.join(" ", args) + " replied " + r);
    }

    /** Keyspace events since the last call, as "event key". */
    public List<String> events() {
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
    public List<String> propagated() {
        return onLoop(() -> {
            List<String> out = new ArrayList<>(propagated);
            propagated.clear();
            return out;
        });
    }

    /** Runs {@code task} on the engine thread, where the keyspace may be touched directly. */
    public <T> T onLoop(Callable<T> task) {
        try {
            return engine.loop().submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String join(byte[][] argv) {
        List<String> parts = new ArrayList<>();
        for (byte[] a : argv) {
            parts.add(new String(a, StandardCharsets.UTF_8));
        }
        return String.join(" ", parts);
    }

    @Override
    public void close() {
        engine.close();
    }
}
