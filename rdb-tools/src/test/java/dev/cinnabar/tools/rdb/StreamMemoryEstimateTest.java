// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The memory estimate of streams ({@code csv-memory}, {@code inspect --memory}) against a real Redis 7.0's
 * MEMORY USAGE: equal to the byte to what Redis reports once it has loaded the dump, and under what the
 * server that wrote it reports by less than one preallocated node (4096 bytes: Redis preallocates the
 * listpack of a stream's newest node, and loads every node at its exact size).
 */
class StreamMemoryEstimateTest {
    /** Redis's STREAM_LISTPACK_MAX_PRE_ALLOCATE: the most a live stream holds beyond its loaded size. */
    static final long PREALLOCATION = 4096;
    private static final List<String> STREAMS = List.of("s1", "s100", "s10k", "s1:groups", "s100:groups", "s10k:groups");

    @TempDir
    Path tmp;

    private static void fill(RealRedis r) throws Exception {
        StringBuilder cmds = new StringBuilder();
        for (String suffix : List.of("", ":groups")) {
            for (int n : new int[] {1, 100, 10_000}) {
                String key = "s" + (n == 10_000 ? "10k" : Integer.toString(n)) + suffix;
                for (int i = 1; i <= n; i++) {
                    cmds.append(resp("XADD", key, i + "-0", "sensor", "t" + (i % 10), "reading", Integer.toString(i * 7)));
                }
            }
        }
        assertEquals(List.of(), r.pipe(cmds.toString().getBytes(UTF_8)));
        r.call("XGROUP", "CREATE", "s1:groups", "g", "0");
        r.call("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s1:groups", ">");
        r.call("XGROUP", "CREATE", "s100:groups", "g1", "0");
        r.call("XGROUP", "CREATE", "s100:groups", "g2", "$");
        r.call("XREADGROUP", "GROUP", "g1", "alice", "COUNT", "30", "STREAMS", "s100:groups", ">");
        r.call("XREADGROUP", "GROUP", "g1", "bob", "COUNT", "30", "STREAMS", "s100:groups", ">");
        r.call("XGROUP", "CREATECONSUMER", "s100:groups", "g2", "carol");
        r.call("XGROUP", "CREATE", "s10k:groups", "g", "0");
        r.call("XREADGROUP", "GROUP", "g", "worker-with-a-long-name", "COUNT", "10000", "STREAMS", "s10k:groups", ">");
    }

    private static String resp(String... argv) {
        StringBuilder s = new StringBuilder("*" + argv.length + "\r\n");
        for (String a : argv) {
            s.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        return s.toString();
    }

    private static long usage(RealRedis r, String key) throws Exception {
        return Long.parseLong(r.call("MEMORY", "USAGE", key).substring(1));
    }

    @Test
    void estimatesAreRedisOnceLoadedAndUnderTheLiveFigureByLessThanOneNode() throws Exception {
        Path dump = tmp.resolve("dump.rdb");
        Map<String, Long> live = new TreeMap<>();
        Map<String, Long> loaded = new TreeMap<>();
        try (RealRedis r = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("r")))) {
            fill(r);
            for (String k : STREAMS) {
                live.put(k, usage(r, k));
            }
            Files.copy(r.save(), dump);
            r.call("DEBUG", "RELOAD");
            for (String k : STREAMS) {
                // the default 5 sampled nodes, as the estimate samples them
                loaded.put(k, usage(r, k));
            }
        }
        RdbDiffTest.Run run = RdbDiffTest.run("convert", dump.toString(), "--to", "csv-memory");
        assertEquals(0, run.code(), run.err());
        Map<String, Long> estimated = new TreeMap<>();
        for (String line : run.out().split("\n")) {
            String[] f = line.split(",");
            if (STREAMS.contains(f[2])) {
                estimated.put(f[2], Long.parseLong(f[3]));
                assertEquals("stream", f[1]);
                // num_elements counts entries
                assertEquals(f[2].startsWith("s10k") ? "10000" : f[2].startsWith("s100") ? "100" : "1", f[5], line);
            }
        }
        assertEquals(loaded, estimated, "live: " + live);
        for (String k : STREAMS) {
            long under = live.get(k) - estimated.get(k);
            assertTrue(under >= 0 && under < PREALLOCATION, k + ": live " + live.get(k) + ", estimate " + estimated.get(k));
        }
        RdbDiffTest.Run inspect = RdbDiffTest.run("inspect", "--memory", "--json", dump.toString());
        assertEquals(0, inspect.code(), inspect.err());
        long total = loaded.values().stream().mapToLong(Long::longValue).sum();
        long reported = -1;
        for (JsonNode row : new ObjectMapper().readTree(inspect.out()).get("memory_by_type")) {
            if (row.get("type").asText().equals("stream")) {
                reported = row.get("memory").asLong();
            }
        }
        assertEquals(total, reported, inspect.out());
    }
}
