// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.bitmaps;

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
 * An embedded engine with the bitmaps family loaded (from the test class path), recording keyspace events and
 * the propagation stream.
 */
final class BitmapFixture implements AutoCloseable {
    private final Engine engine = Engine.open(Map.of("notify-keyspace-events", "KEA"));
    private final ValueReplyWriter events = new ValueReplyWriter(3);
    private final List<String> propagated = new ArrayList<>();

    BitmapFixture() {
        onLoop(() -> {
            Client listener = new Client(engine.newClientId(), null, engine.now());
            listener.protocol = 3;
            listener.redirectReplies(events);
            engine.pubsub().psubscribe(listener, new ByteKey(bytes("__keyevent@*__:*")));
            engine.dispatcher().addPropagation((db, argv) -> propagated.add(join(argv)));
            return null;
        });
    }

    Engine engine() {
        return engine;
    }

    RespValue run(String... args) {
        return engine.execute(args);
    }

    RespValue run(byte[]... args) {
        return engine.execute(args);
    }

    long integer(String... args) {
        RespValue r = run(args);
        if (r instanceof RespValue.Integer i) {
            return i.value();
        }
        throw new AssertionError(String.join(" ", args) + " replied " + r);
    }

    String error(String... args) {
        RespValue r = run(args);
        if (r instanceof RespValue.Error e) {
            return e.line();
        }
        throw new AssertionError(String.join(" ", args) + " replied " + r);
    }

    /** The value of a string key, or null. */
    byte[] value(String key) {
        RespValue r = run("GET", key);
        return r instanceof RespValue.Bulk b ? b.value() : null;
    }

    /** The elements of an array reply, integers as numbers and nulls as "nil". */
    List<String> array(String... args) {
        RespValue r = run(args);
        if (!(r instanceof RespValue.Array a)) {
            throw new AssertionError(String.join(" ", args) + " replied " + r);
        }
        List<String> out = new ArrayList<>();
        for (RespValue v : a.items()) {
            out.add(v instanceof RespValue.Integer i ? Long.toString(i.value()) : "nil");
        }
        return out;
    }

    long dirty() {
        return onLoop(() -> engine.stats().dirty);
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

    <T> T onLoop(Callable<T> task) {
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
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String join(byte[][] argv) {
        List<String> parts = new ArrayList<>();
        for (byte[] a : argv) {
            parts.add(new String(a, StandardCharsets.ISO_8859_1));
        }
        return String.join(" ", parts);
    }

    @Override
    public void close() {
        engine.close();
    }
}
