// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.RdbFileReader;
import dev.cinnabar.core.structures.RedisMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streams too big to decode whole ({@link MemoryWalk}'s limit lowered so that streams of a few thousand
 * entries, with consumer groups and PELs, take the event path of {@link StreamMemory}) against a real Redis
 * 7.0 that has loaded the same dump ({@code DEBUG RELOAD}): the estimate equals {@code MEMORY USAGE} to the
 * byte with the default 5 sampled nodes, and with {@code SAMPLES 0} (every node), since both count the same
 * structs, the same rax node counts (ids go into Redis's trees in the order the file stores them) and each
 * listpack at the size class of its stored length. The event path also equals the engine's figure for the
 * same records decoded whole.
 */
class BigStreamMemoryTest {
    /** The whole-decode limit of the test's walk: every stream here is bigger. */
    private static final long LIMIT = 16 * 1024;
    private static final List<String> STREAMS = List.of("stream:auto", "stream:groups", "stream:deleted", "stream:sparse");

    /** XADD of entries [1, n] to KEYS[1]: auto ids, or ids ARGV[2] ms apart, fields varying in count and size. */
    private static final String FILL = """
            local n, step = tonumber(ARGV[1]), tonumber(ARGV[2])
            for i = 1, n do
              local id = '*'
              if step > 0 then id = (i * step) .. '-' .. (i % 3) end
              if i % 4 == 0 then
                redis.call('XADD', KEYS[1], id, 'sensor', 't' .. (i % 10), 'reading', tostring(i * 7), 'note', string.rep('n', i % 37))
              else
                redis.call('XADD', KEYS[1], id, 'sensor', 't' .. (i % 10), 'reading', tostring(i * 7))
              end
            end
            return n
            """;

    @TempDir
    Path tmp;

    @Test
    void bigStreamsOnTheEventPathAreMemoryUsageToTheByte() throws Exception {
        Path dump = tmp.resolve("dump.rdb");
        Map<String, Long> loaded = new TreeMap<>();
        Map<String, Long> allNodes = new TreeMap<>();
        try (RealRedis r = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("r")))) {
            r.call("EVAL", FILL, "1", "stream:auto", "4000", "0");
            r.call("EVAL", FILL, "1", "stream:groups", "5000", "7919");
            r.call("XGROUP", "CREATE", "stream:groups", "g1", "0");
            r.call("XGROUP", "CREATE", "stream:groups", "g2", "0");
            r.call("XGROUP", "CREATE", "stream:groups", "g3", "$");
            r.call("XREADGROUP", "GROUP", "g1", "alice", "COUNT", "3000", "STREAMS", "stream:groups", ">");
            r.call("XREADGROUP", "GROUP", "g1", "bob-with-a-longer-name", "COUNT", "1000", "STREAMS", "stream:groups", ">");
            r.call("XREADGROUP", "GROUP", "g2", "carol", "COUNT", "10", "STREAMS", "stream:groups", ">");
            r.call("XGROUP", "CREATECONSUMER", "stream:groups", "g2", "dave");
            // acknowledge every third of alice's first 900: a PEL with holes
            r.call("EVAL", """
                    for i = 3, 900, 3 do redis.call('XACK', KEYS[1], 'g1', (i * 7919) .. '-' .. (i % 3)) end
                    return 1""", "1", "stream:groups");
            r.call("EVAL", FILL, "1", "stream:deleted", "3000", "1");
            r.call("EVAL", """
                    for i = 5, 3000, 5 do redis.call('XDEL', KEYS[1], i .. '-' .. (i % 3)) end
                    return 1""", "1", "stream:deleted");
            r.call("XTRIM", "stream:deleted", "MINID", "700");
            // ids far apart: every node key differs early, the tree branches high up
            r.call("EVAL", FILL, "1", "stream:sparse", "3000", "1099511627");
            Files.copy(r.save(), dump);
            r.call("DEBUG", "RELOAD");
            for (String k : STREAMS) {
                loaded.put(k, Long.parseLong(r.call("MEMORY", "USAGE", k).substring(1)));
                allNodes.put(k, Long.parseLong(r.call("MEMORY", "USAGE", k, "SAMPLES", "0").substring(1)));
            }
        }
        Map<String, Long> recordBytes = new TreeMap<>();
        Map<String, Long> everyNode = new TreeMap<>();
        RdbCheckReport report = RdbChecker.check(dump, new RdbVisitor() {
            private StreamMemory stream;
            private long start;
            private long end;

            @Override
            public boolean wantsValues() {
                return true;
            }

            @Override
            public void beginKey(long db, byte[] key, int rdbType, long expireAtMs) {
                stream = new StreamMemory(0);
            }

            @Override
            public void stream(StreamEvent event) {
                stream.stream(event);
            }

            @Override
            public void keyRecord(long start, long end) {
                this.start = start;
                this.end = end;
            }

            @Override
            public void key(long db, byte[] key, int rdbType, long expireAtMs, long elements, long bytes) {
                String k = new String(key);
                recordBytes.put(k, end - start);
                assertTrue(stream.usable(), k);
                everyNode.put(k, stream.usage() + RedisMemory.sds(key.length) + RedisMemory.DICT_ENTRY);
            }
        });
        assertTrue(report.ok(), () -> String.valueOf(report.failure()));
        long now = System.currentTimeMillis();
        Map<String, KeyMemory> streamed = MemoryWalkTest.walk(dump, LIMIT, true, now);
        Map<String, KeyMemory> whole = MemoryWalkTest.walk(dump, Long.MAX_VALUE, false, now);
        for (String k : STREAMS) {
            assertTrue(recordBytes.get(k) > LIMIT, k + " takes the event path: " + recordBytes.get(k) + " bytes");
            KeyMemory events = streamed.get("0 " + RdbFileReader.quote(k.getBytes()));
            KeyMemory decoded = whole.get("0 " + RdbFileReader.quote(k.getBytes()));
            assertEquals("stream", events.encoding(), k);
            assertEquals(decoded.elements(), events.elements(), k);
            assertEquals(decoded.memory(), events.memory(), k + ": event path vs whole decode");
            assertEquals(loaded.get(k), events.memory(), k + ": vs MEMORY USAGE");
            assertEquals(allNodes.get(k), everyNode.get(k), k + ": vs MEMORY USAGE SAMPLES 0");
        }
    }
}
