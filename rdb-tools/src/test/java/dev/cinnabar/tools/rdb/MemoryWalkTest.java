// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.RdbFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The element-by-element estimates of {@link MemoryWalk} against the engine's estimate of the same value
 * decoded whole, with the size bound lowered to 0 so every collection takes the streamed path: wherever
 * no sampling order is involved (listpack hashes and sorted sets, every kind of quicklist node: packed,
 * plain, compressed, the ziplists of RDB 7 and 8, the linked lists and ziplists of RDB 4 and 6 rebuilt
 * item by item, streams with their groups) the figures must be equal to the byte. That equality is
 * also why a small listpack is not decoded again ({@link CollectionMemory#exact}).
 */
class MemoryWalkTest {
    private static final List<String> FIXTURES = List.of("redis-2.4-v4.rdb", "redis-2.8-v6.rdb", "redis-3.2-v7.rdb",
            "redis-4.0-v8.rdb", "redis-6.2-v9.rdb", "redis-7.2-v11.rdb", "redis-7.4-v12.rdb");
    /** Files of RDB versions before quicklists (3.2), whose lists are of type 1 or 10. */
    private static final Set<String> PRE_QUICKLIST = Set.of("redis-2.4-v4.rdb", "redis-2.8-v6.rdb");
    /** Encodings whose estimate has no sampled elements, so both ways must agree exactly. */
    private static final Set<String> EXACT = Set.of("listpack", "quicklist", "stream");

    @TempDir
    Path tmp;

    @Test
    void streamedEstimatesEqualWholeDecodesWhereNothingIsSampled() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String name : FIXTURES) {
            Path p = tmp.resolve(name);
            try (InputStream in = MemoryWalkTest.class.getResourceAsStream("/rdb/" + name)) {
                Files.copy(in, p);
            }
            files.add(p);
        }
        try (RealRedis r = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("r")))) {
            r.fillAllTypes();
            for (int i = 0; i < 100; i++) {
                r.call("HSET", "hash:" + i, "f" + i, "x".repeat(i % 70), "n", Integer.toString(i * 1000));
                r.call("ZADD", "zset:" + i, Double.toString(i / 7.0), "m" + i, "-inf", "low", "1e300", "x".repeat(i));
            }
            // a stream of many nodes, some entries deleted, two groups with PELs and consumers
            r.call("CONFIG", "SET", "stream-node-max-entries", "7");
            for (int i = 1; i <= 300; i++) {
                r.call("XADD", "stream:nodes", i * 1000 + "-" + i % 3, "f", Integer.toString(i), "g" + i % 4, "x".repeat(i % 20));
            }
            r.call("XDEL", "stream:nodes", "5000-2", "6000-0", "150000-0");
            r.call("XGROUP", "CREATE", "stream:nodes", "g1", "0");
            r.call("XGROUP", "CREATE", "stream:nodes", "g2", "$");
            r.call("XREADGROUP", "GROUP", "g1", "alice", "COUNT", "120", "STREAMS", "stream:nodes", ">");
            r.call("XREADGROUP", "GROUP", "g1", "bob", "COUNT", "50", "STREAMS", "stream:nodes", ">");
            r.call("XGROUP", "CREATECONSUMER", "stream:nodes", "g2", "carol");
            files.add(Files.copy(r.save(), tmp.resolve("redis-7.0.rdb")));
        }
        long now = System.currentTimeMillis();
        int compared = 0;
        int streams = 0;
        int preQuicklistLists = 0;
        for (Path file : files) {
            Map<String, KeyMemory> whole = walk(file, Long.MAX_VALUE, false, now);
            Map<String, KeyMemory> streamed = walk(file, 0, true, now);
            assertEquals(whole.keySet(), streamed.keySet(), file.toString());
            for (Map.Entry<String, KeyMemory> e : whole.entrySet()) {
                KeyMemory w = e.getValue();
                KeyMemory s = streamed.get(e.getKey());
                if (EXACT.contains(w.encoding()) || EXACT.contains(s.encoding())) {
                    String what = file.getFileName() + " " + e.getKey();
                    assertEquals(w.encoding(), s.encoding(), what);
                    assertEquals(w.elements(), s.elements(), what);
                    assertEquals(w.memory(), s.memory(), what);
                    compared++;
                    if (w.encoding().equals("stream")) {
                        streams++;
                    } else if (w.encoding().equals("quicklist") && PRE_QUICKLIST.contains(file.getFileName().toString())) {
                        preQuicklistLists++;
                    }
                }
            }
        }
        assertTrue(compared > 150, "compared " + compared);
                assertTrue(streams >= 2, "streams compared: " + streams);
        assertTrue(preQuicklistLists >= 2, "lists of RDB type 1 or 10 compared: " + preQuicklistLists);
    }

    static Map<String, KeyMemory> walk(Path file, long wholeDecodeBytes, boolean trustExact, long now)
            throws IOException {
        Map<String, KeyMemory> keys = new LinkedHashMap<>();
        try (ToolEngine tool = new ToolEngine(null);
             MemoryWalk walk = new MemoryWalk(file, tool.engine.types(), EncodingLimits.of(tool.engine), KeyFilter.ALL,
                     null, false, now, k -> keys.put(k.db() + " " + RdbFileReader.quote(k.key()), k), wholeDecodeBytes,
                     trustExact)) {
            RdbCheckReport report = RdbChecker.check(file, walk);
            assertTrue(report.ok(), () -> file + ": " + report.failure());
        }
        return keys;
    }
}
