// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.lists;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.resp.RespValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An embedded engine for the list tests: commands, the propagation stream as text, the lists themselves,
 * and a second thread for a call that blocks.
 */
final class ListsFixture implements AutoCloseable {
    final Engine engine;
    private final List<String> propagated = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService waiter = Executors.newCachedThreadPool();

    ListsFixture() {
        this(Map.of());
    }

    ListsFixture(Map<String, String> settings) {
        engine = Engine.open(settings);
        engine.dispatcher().addPropagation((db, argv) -> {
            List<String> words = new ArrayList<>();
            for (byte[] a : argv) {
                words.add(new String(a, StandardCharsets.UTF_8));
            }
            propagated.add(String.join(" ", words));
        });
    }

    RespValue run(String... args) {
        return engine.execute(args);
    }

    /** Runs a command on another thread, for one that blocks. */
    Future<RespValue> runAsync(String... args) {
        return waiter.submit(() -> engine.execute(args));
    }

    /** Waits until INFO reports {@code n} blocked clients. */
    void awaitBlocked(int n) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (info("blocked_clients") == n) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("blocked_clients never reached " + n + ": " + info("blocked_clients"));
    }

    long info(String field) {
        String text = ((RespValue.Bulk) run("INFO", "clients")).text();
        for (String line : text.split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1));
            }
        }
        throw new AssertionError("no " + field + " in INFO");
    }

    /** The list stored at {@code key} (read on the engine thread's data; call while nothing runs). */
    QuickList list(String key) {
        return (QuickList) engine.database(0).get(key.getBytes(StandardCharsets.UTF_8));
    }

    /** Everything propagated so far, one command per line; clears it. */
    List<String> takePropagated() {
        synchronized (propagated) {
            List<String> out = List.copyOf(propagated);
            propagated.clear();
            return out;
        }
    }

    static List<String> texts(RespValue reply) {
        List<String> out = new ArrayList<>();
        for (RespValue item : ((RespValue.Array) reply).items()) {
            out.add(item instanceof RespValue.Array ? texts(item).toString() : ((RespValue.Bulk) item).text());
        }
        return out;
    }

    static long integer(RespValue reply) {
        return ((RespValue.Integer) reply).value();
    }

    @Override
    public void close() {
        waiter.shutdownNow();
        engine.close();
    }
}
