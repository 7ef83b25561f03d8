// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static dev.cinnabar.tools.rdb.RdbDiffTest.run;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rdb salvage} reads a value of {@link RdbSalvager#BIG_VALUE} elements or more past, element by element
 * (as {@code rdb check} does), instead of decoding it: such values come through whole, and one made unloadable
 * by a damaged byte (a member stored twice, which Redis refuses) is reported lost, with every key outside the
 * lost ranges kept, and no other. (With the checksum broken, the salvager looks for records hidden in each
 * value: the last pair of the big hash, an integer ending in a zero byte then a printable field, parses as one.)
 */
class SalvageBigValuesTest {
    private static final int ELEMENTS = (int) RdbSalvager.BIG_VALUE + 10;

    @TempDir
    Path tmp;

    private static Map<String, String> digests(RealRedis redis) throws Exception {
        Map<String, String> values = new TreeMap<>();
        for (String key : new String[] {"bigset", "bighash", "bigzset", "small"}) {
            values.put(key, redis.call("DEBUG", "DIGEST-VALUE", key));
        }
        return values;
    }

    private RealRedis load(Path file, String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.copy(file, dir.resolve("dump.rdb"));
        return RealRedis.startOrSkip(dir);
    }

    @Test
    void bigValuesComeThroughAndADuplicateMemberLosesOnlyItsKey() throws Exception {
        Path dump;
        Map<String, String> source;
        String missing;
        try (RealRedis redis = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("source")))) {
            redis.call("EVAL", "for i = 1, " + ELEMENTS + " do redis.call('SADD', 'bigset', 'member-' .. i) "
                    + "redis.call('HSET', 'bighash', 'field-' .. i, i) redis.call('ZADD', 'bigzset', i, 'z-' .. i) end",
                    "0");
            redis.call("SET", "small", "v");
            dump = redis.save();
            source = digests(redis);
            missing = redis.call("DEBUG", "DIGEST-VALUE", "no-such-key");
        }

        Path out = tmp.resolve("out.rdb");
        RdbDiffTest.Run intact = run("salvage", dump.toString(), "--to", out.toString());
        assertEquals(ExitCodes.OK, intact.code(), intact.out() + intact.err());
        try (RealRedis redis = load(out, "intact")) {
            assertEquals(source, digests(redis));
        }

        // "member-1234…" made "member-1235…": the set holds one member twice
        byte[] bytes = Files.readAllBytes(dump);
        int at = indexOf(bytes, "member-1234".getBytes(US_ASCII));
        assertTrue(at > 0);
        bytes[at + 10] = '5';
        Path damaged = tmp.resolve("damaged.rdb");
        Files.write(damaged, bytes);
        RdbDiffTest.Run run = run("salvage", damaged.toString(), "--to", out.toString(), "--json");
        assertEquals(ExitCodes.PARTIAL, run.code(), run.out() + run.err());
        JsonNode report = new ObjectMapper().readTree(run.out());
        boolean named = false;
        for (JsonNode lost : report.get("lost")) {
            named |= lost.get("reason").asText().contains("Duplicate set members detected (\"member-");
        }
        assertTrue(named, run.out());
        // every key outside the lost ranges comes through with its value
        Map<String, long[]> records = records(dump);
        try (RealRedis redis = load(out, "damaged")) {
            Map<String, String> got = digests(redis);
            for (Map.Entry<String, long[]> e : records.entrySet()) {
                long[] rec = e.getValue();
                boolean lost = false;
                for (JsonNode l : report.get("lost")) {
                    lost |= rec[0] < l.get("end").asLong() && l.get("start").asLong() < rec[1];
                }
                assertEquals(lost ? missing : source.get(e.getKey()),
                        got.get(e.getKey()), e.getKey() + ": " + run.out());
            }
            assertEquals(missing, got.get("bigset"));
            source.remove("bigset");
            got.remove("bigset");
            assertEquals(source, got, "only the damaged set is lost: " + run.out());
        }
    }

    /** Each key's record in the file: from its type byte to its value's end. */
    private static Map<String, long[]> records(Path dump) throws Exception {
        Map<String, long[]> records = new TreeMap<>();
        RdbChecker.check(dump, new RdbVisitor() {
            private long start;
            private long end;

            @Override
            public void keyRecord(long from, long to) {
                start = from;
                end = to;
            }

            @Override
            public void key(long db, byte[] key, int rdbType, long expireAtMs, long elements, long bytes) {
                records.put(new String(key, US_ASCII), new long[] {start, end});
            }
        });
        return records;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
