// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.persistence;

import dev.cinnabar.core.Engine;
import dev.cinnabar.spi.ValueType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A keyspace image shows every database exactly as it was when taken, while writes change, rename, move,
 * swap and flush the live keyspace before and during the visit.
 */
class SnapshotTest {
    /** Every key of every database rendered by reading it back through commands of a second engine. */
    private static Map<String, String> render(Engine source, KeyspaceImage image) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Engine copy = Engine.open()) {
            for (int db = 0; db < image.databaseCount(); db++) {
                int index = db;
                List<Object[]> entries = new ArrayList<>();
                image.forEach(db, (key, value, type, expireAt, clock) -> {
                    @SuppressWarnings("unchecked")
                    ValueType<Object> t = (ValueType<Object>) type;
                    entries.add(new Object[] {key, t.copy(value), expireAt});
                });
                copy.loop().submit(() -> {
                    for (Object[] e : entries) {
                        copy.database(index).set((byte[]) e[0], e[1]);
                    }
                }).get();
                for (Object[] e : entries) {
                    String key = new String((byte[]) e[0], UTF_8);
                    copy.execute("SELECT", String.valueOf(index));
                    out.put(index + ":" + key, dumpByType(copy, key) + (((long) e[2]) != 0 ? " ttl" : ""));
                }
            }
        }
        return out;
    }

    private static String dumpByType(Engine e, String key) {
        String type = e.execute("TYPE", key).toString();
        return type + "=" + switch (type) {
            case "string" -> e.execute("GET", key);
            case "hash" -> e.execute("HGETALL", key);
            case "list" -> e.execute("LRANGE", key, "0", "-1");
            case "set" -> e.execute("SORT", key, "ALPHA");
            case "zset" -> e.execute("ZRANGE", key, "0", "-1", "WITHSCORES");
            default -> "?";
        };
    }

    private static Map<String, String> renderLive(Engine engine) throws Exception {
        try (KeyspaceImage image = open(engine)) {
            return render(engine, image);
        }
    }

    private static KeyspaceImage open(Engine engine) throws InterruptedException, ExecutionException {
        return engine.loop().submit(engine::snapshot).get();
    }

    private static void fill(Engine e) {
        for (int i = 0; i < 300; i++) {
            e.execute("SET", "s" + i, "v" + i);
            e.execute("HSET", "h" + (i % 10), "f" + i, "v" + i);
            e.execute("RPUSH", "l" + (i % 10), "e" + i);
            e.execute("SADD", "set" + (i % 10), "m" + i);
            e.execute("ZADD", "z" + (i % 10), String.valueOf(i), "m" + i);
        }
        // enough keys for several segments of slots
        for (int i = 0; i < 6000; i++) {
            e.execute("SET", "bulk" + i, "b" + i);
        }
        e.execute("EXPIRE", "s1", "1000");
        e.execute("SELECT", "1");
        e.execute("RPUSH", "other", "a", "b");
        e.execute("SELECT", "0");
    }

    @Test
    void writesAfterTheImageDoNotShowInIt() throws Exception {
        try (Engine engine = Engine.open()) {
            fill(engine);
            Map<String, String> before = renderLive(engine);
            try (KeyspaceImage image = open(engine)) {
                engine.execute("HSET", "h1", "f1", "changed", "new", "x");
                engine.execute("RPUSH", "l1", "added");
                engine.execute("LPOP", "l2");
                engine.execute("SADD", "set1", "added");
                engine.execute("ZINCRBY", "z1", "100", "m1");
                engine.execute("APPEND", "s2", "more");
                engine.execute("INCR", "counter");
                engine.execute("RENAME", "h3", "h3-renamed");
                engine.execute("HSET", "h3-renamed", "f3", "changed");
                for (int i = 0; i < 3000; i++) {
                    engine.execute("DEL", "bulk" + i);
                    engine.execute("SET", "grow" + i, "g");
                }
                engine.execute("SWAPDB", "0", "1");
                engine.execute("SELECT", "1");
                engine.execute("RPUSH", "l4", "after-swap");
                engine.execute("MOVE", "l5", "0");
                engine.execute("SELECT", "0");
                engine.execute("RPUSH", "l5", "after-move");
                engine.execute("FLUSHDB");
                engine.execute("SELECT", "1");
                engine.execute("DEL", "h4");
                engine.execute("SELECT", "0");
                assertEquals(before, render(engine, image));
            }
        }
    }

    @Test
    void aConcurrentVisitSeesTheImageWhileWritersRun() throws Exception {
        try (Engine engine = Engine.open()) {
            fill(engine);
            Map<String, String> before = renderLive(engine);
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                for (int n = 0; !stop.get(); n++) {
                    int k = n % 10;
                    engine.execute("HSET", "h" + k, "f" + n, "w" + n);
                    engine.execute("RPUSH", "l" + k, "w" + n);
                    engine.execute("LPOP", "l" + ((k + 5) % 10));
                    engine.execute("SREM", "set" + k, "m" + n % 300);
                    engine.execute("ZADD", "z" + k, "-1", "m" + n % 300);
                    engine.execute("SET", "s" + n % 300, "w" + n);
                    // new keys grow the table (a resize mid-visit), deletes shift slots back
                    engine.execute("SET", "new" + n, "x");
                    engine.execute("DEL", "bulk" + n % 6000);
                    engine.execute("EXPIRE", "bulk" + (n + 7) % 6000, "100");
                }
            });
            Map<String, String> seen;
            try (KeyspaceImage image = open(engine)) {
                writer.start();
                Thread.sleep(50);
                seen = render(engine, image);
            } finally {
                stop.set(true);
                writer.join();
            }
            assertEquals(before, seen);
        }
    }
}
