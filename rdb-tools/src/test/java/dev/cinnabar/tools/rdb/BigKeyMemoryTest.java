// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The memory estimate of keys far above {@link MemoryWalk#WHOLE_DECODE_BYTES}, estimated element by element,
 * against {@code MEMORY USAGE} (default SAMPLES 5) of a real Redis 7.0 that has loaded the same dump
 * ({@code DEBUG RELOAD}), next to small keys that are decoded whole.
 */
class BigKeyMemoryTest {
    /** Elements of each big key. */
    static final int BIG = 300_000;
    /**
     * Per-key error bound of hashes and sets whose elements vary in size (values of 16 to 63 bytes here, an entry
     * 56 to 120 bytes): both figures extrapolate 5 sampled entries, Redis's in the order of its table (random
     * hash seed), the estimate's in file order (the table order of the server that saved it, rehashing aside),
     * so they differ by the spread of a 5-entry average: about 12% (one sigma) on this data, 4 sigmas allowed.
     * Measured in five runs: hashes -5.9% to +13.9%, sets -17.3% to +20.1%. With elements of one size (the
     * "fixed" keys) the figures are equal to the byte, and lists always are (a quicklist's first 5 nodes are
     * the ones Redis samples).
     */
    static final double SAMPLED_DICT_ERROR_BOUND = 0.50;
    /**
     * Per-key error bound of skiplist sorted sets: the estimate samples the 5 members Redis samples (the lowest),
     * but Redis draws each node's levels at random, so its own figure moves by a few percent between loads;
     * the estimate counts each sampled node at its expected size. Measured in five runs: -3.3% to +4.6%.
     */
    static final double ZSET_ERROR_BOUND = 0.15;

    /** RPUSH, SADD, HSET, ZADD of fixed-width elements [from, to), or of varying widths with ARGV[3]. */
    private static final String FILL = """
            local from, to, mixed = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3] == '1'
            for start = from, to - 1, 1000 do
              local l, s, h, z = {}, {}, {}, {}
              for i = start, math.min(to - 1, start + 999) do
                local v = string.format('%016x', (i * 2654435761) % 4294967296 * 65536 + i % 65536)
                if mixed then v = v .. string.rep('x', (i * 37) % 48) end
                l[#l + 1] = v
                s[#s + 1] = 'm' .. v
                h[#h + 1] = string.format('f%07d', i)
                h[#h + 1] = v
                z[#z + 1] = tostring((i * 7919) % 1000003)
                z[#z + 1] = 'z' .. v
              end
              redis.call('RPUSH', KEYS[1], unpack(l))
              redis.call('SADD', KEYS[2], unpack(s))
              redis.call('HSET', KEYS[3], unpack(h))
              redis.call('ZADD', KEYS[4], unpack(z))
            end
            return to
            """;

    @TempDir
    Path tmp;

    @Test
    void bigKeysOfEveryCollectionTypeAreWithinTheBoundOfMemoryUsage() throws Exception {
        Path dump = tmp.resolve("dump.rdb");
        Map<String, Long> loaded = new TreeMap<>();
        Map<String, Long> exact = new TreeMap<>();
        try (RealRedis r = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("r")))) {
            for (String kind : List.of("fixed", "mixed")) {
                for (int from = 0; from < BIG; from += 50_000) {
                    r.call("EVAL", FILL, "4", "list:" + kind, "set:" + kind, "hash:" + kind, "zset:" + kind,
                            Integer.toString(from), Integer.toString(from + 50_000), kind.equals("mixed") ? "1" : "0");
                }
            }
            for (int i = 0; i < 20; i++) {
                r.call("RPUSH", "small:list:" + i, "a", "b" + i);
                r.call("SADD", "small:ints:" + i, "1", Integer.toString(i + 2));
                r.call("SADD", "small:set:" + i, "a", "b" + i);
                r.call("HSET", "small:hash:" + i, "f", "v" + i);
                r.call("ZADD", "small:zset:" + i, "1", "a", Integer.toString(i), "b");
                r.call("SET", "small:string:" + i, "v".repeat(i * 5));
            }
            Files.copy(r.save(), dump);
            r.call("DEBUG", "RELOAD");
            for (String k : r.call("KEYS", "*").split("\n")) {
                if (!k.isBlank()) {
                    loaded.put(k.strip(), Long.parseLong(r.call("MEMORY", "USAGE", k.strip()).substring(1)));
                    exact.put(k.strip(), Long.parseLong(r.call("MEMORY", "USAGE", k.strip(), "SAMPLES", "0").substring(1)));
                }
            }
        }
        assertTrue(Files.size(dump) > 8 * MemoryWalk.WHOLE_DECODE_BYTES, "the big keys are estimated element by element");
        RdbDiffTest.Run run = RdbDiffTest.run("convert", dump.toString(), "--to", "csv-memory");
        assertEquals(0, run.code(), run.err());
        Map<String, Long> estimated = new TreeMap<>();
        Map<String, String> encodings = new TreeMap<>();
        for (String line : run.out().split("\n")) {
            String[] f = line.split(",");
            if (!f[0].equals("database")) {
                estimated.put(f[2], Long.parseLong(f[3]));
                encodings.put(f[2], f[4]);
            }
        }
        assertEquals(loaded.keySet(), estimated.keySet());
        StringBuilder report = new StringBuilder();
        for (String k : loaded.keySet()) {
            if (!k.startsWith("small:") || !estimated.get(k).equals(loaded.get(k))) {
                report.append(String.format("%s %s: estimate %d, MEMORY USAGE %d, %+.2f%%, SAMPLES 0 %d, %+.2f%%%n", k,
                        encodings.get(k), estimated.get(k), loaded.get(k),
                        100.0 * (estimated.get(k) - loaded.get(k)) / loaded.get(k), exact.get(k),
                        100.0 * (estimated.get(k) - exact.get(k)) / exact.get(k)));
            }
        }
        for (String k : loaded.keySet()) {
            if (k.startsWith("list:") || k.endsWith(":fixed") && !k.startsWith("zset:")) {
                assertEquals(loaded.get(k), estimated.get(k), k + "\n" + report);
                continue;
            }
            double bound = k.startsWith("small:") ? InspectMemoryTest.TOTAL_ERROR_BOUND
                    : k.startsWith("zset:") ? ZSET_ERROR_BOUND : SAMPLED_DICT_ERROR_BOUND;
            assertTrue(Math.abs(estimated.get(k) - loaded.get(k)) <= bound * loaded.get(k), k + "\n" + report);
        }
        assertEquals("quicklist", encodings.get("list:fixed"));
        assertEquals("hashtable", encodings.get("set:mixed"));
        assertEquals("hashtable", encodings.get("hash:fixed"));
        assertEquals("skiplist", encodings.get("zset:mixed"));
        assertEquals("intset", encodings.get("small:ints:3"));
        assertEquals("listpack", encodings.get("small:zset:3"));

        // inspect --memory walks the same way
        RdbDiffTest.Run inspect = RdbDiffTest.run("inspect", "--memory", "--json", dump.toString());
        assertEquals(0, inspect.code(), inspect.err());
        JsonNode json = new ObjectMapper().readTree(inspect.out());
        assertEquals(estimated.values().stream().mapToLong(Long::longValue).sum(), json.get("memory").asLong());
        assertEquals(0, json.get("keys_without_memory_estimate").asLong());
    }

    @Test
    void aModuleValueWithoutItsPluginIsReportedWithoutAnEstimateAndTheWalkGoesOn() throws Exception {
        // a string, a MODULE_2 value of a module no plugin registers (id, UINT 5, STRING "ab", EOF), a string
        int[] id = {0x81, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0};
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        records.writeBytes(bytes(0, 1, 'a', 2, 'v', 'a'));
        records.writeBytes(bytes(7, 1, 'm', id[0], id[1], id[2], id[3], id[4], id[5], id[6], id[7], id[8],
                2, 5, 5, 2, 'a', 'b', 0));
        records.writeBytes(bytes(0, 1, 'z', 2, 'v', 'z'));
        Path file = tmp.resolve("module.rdb");
        Files.write(file, RdbCheckerTest.file(records.toByteArray()));

        RdbDiffTest.Run csv = RdbDiffTest.run("convert", file.toString(), "--to", "csv-memory");
        assertEquals(0, csv.code(), csv.err());
        List<String> lines = new ArrayList<>(List.of(csv.out().split("\n")));
        assertEquals(4, lines.size(), csv.out());
        assertTrue(lines.get(1).startsWith("0,string,a,"), csv.out());
        assertTrue(lines.get(2).startsWith("0,module,m,,"), csv.out());
        assertTrue(lines.get(3).startsWith("0,string,z,"), csv.out());

        RdbDiffTest.Run inspect = RdbDiffTest.run("inspect", "--memory", "--json", file.toString());
        assertEquals(0, inspect.code(), inspect.err());
        JsonNode json = new ObjectMapper().readTree(inspect.out());
        assertEquals(1, json.get("keys_without_memory_estimate").asLong());
        assertFalse(json.has("memory_error"), inspect.out());
        assertEquals(2, json.get("memory_by_type").get(0).get("keys").asLong(), inspect.out());
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
