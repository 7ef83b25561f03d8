// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

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
 * An embedded engine with the streams family loaded (from the test class path), recording keyspace events and
 * the propagation stream, with replies rendered as compact text ({@code [a, [b, 1]]}, nulls as {@code nil}).
 */
final class GroupFixture implements AutoCloseable {
    private final Engine engine = Engine.open(Map.of("notify-keyspace-events", "KEA"));
    private final ValueReplyWriter events = new ValueReplyWriter(3);
    private final List<String> propagated = new ArrayList<>();

    GroupFixture() {
        onLoop(() -> {
            Client listener = new Client(engine.newClientId(), null, engine.now());
            listener.protocol = 3;
            listener.redirectReplies(events);
            engine.pubsub().psubscribe(listener, new ByteKey("__keyevent@*__:*".getBytes(StandardCharsets.UTF_8)));
            engine.dispatcher().addPropagation((db, argv) -> propagated.add(join(argv)));
            return null;
        });
    }

    /** The reply rendered as text. */
    String run(String... args) {
        return render(engine.execute(args));
    }

    static String render(RespValue v) {
        if (v instanceof RespValue.Integer i) {
            return Long.toString(i.value());
        } else if (v instanceof RespValue.Bulk b) {
            return new String(b.value(), StandardCharsets.UTF_8);
        } else if (v instanceof RespValue.Simple s) {
            return s.value();
        } else if (v instanceof RespValue.Error e) {
            return "-" + e.line();
        } else if (v instanceof RespValue.Array a) {
            List<String> parts = new ArrayList<>();
            a.items().forEach(x -> parts.add(render(x)));
            return "[" + String.join(", ", parts) + "]";
        } else if (v instanceof RespValue.Map m) {
            List<String> parts = new ArrayList<>();
            m.entries().forEach(x -> parts.add(render(x)));
            return "{" + String.join(", ", parts) + "}";
        }
        return "nil";
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
