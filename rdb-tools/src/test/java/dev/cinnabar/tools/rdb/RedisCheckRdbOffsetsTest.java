// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rdb check} names the offset redis-check-rdb 7.0 names ({@code [offset N]}) on damaged copies of a dump
 * written by redis-server 7.0: cut at many lengths, and with bytes flipped across the file (most caught by the
 * CRC-64, the rest by the structure, a member stored twice included). Two places are left out of the flips,
 * where the checks differ on purpose: a stream's listpacks, which we check entry by entry (Redis 7.0 does only
 * with sanitize-dump-payload yes, and its CRC-64 catches the flip at the end), and a function library, whose
 * Lua code Redis compiles (a flip in the code fails there, and our CRC-64 catches it).
 */
class RedisCheckRdbOffsetsTest {
    private static final Pattern REDIS_OFFSET = Pattern.compile("--- RDB ERROR DETECTED ---\\R\\[offset (\\d+)\\] ?(.*)");

    @TempDir
    Path tmp;

    @Test
    void damagedCopiesFailAtTheOffsetRedisCheckRdbNames() throws Exception {
        String tool = RealRedis.find("redis-check-rdb");
        Assumptions.assumeTrue(tool != null || System.getenv("CINNABAR_REQUIRE_REDIS") == null,
                "redis-check-rdb is needed");
        Assumptions.assumeTrue(tool != null, "no redis-check-rdb here");
        byte[] dump;
        try (RealRedis redis = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("redis")))) {
            redis.fillAllTypes();
            dump = Files.readAllBytes(redis.save());
        }
        List<long[]> checkedDifferently = new ArrayList<>();
        RdbChecker.check(new ByteArrayInputStream(dump), new RdbVisitor() {
            private long start;
            private long end;

            @Override
            public void keyRecord(long from, long to) {
                start = from;
                end = to;
            }

            @Override
            public void key(long db, byte[] key, int rdbType, long expireAtMs, long elements, long bytes) {
                if (RdbTypes.typeName(rdbType).equals("stream")) {
                    checkedDifferently.add(new long[] {start, end});
                }
            }

            @Override
            public void functionRecord(long from, long to) {
                checkedDifferently.add(new long[] {from, to});
            }
        });
        assertEquals(2, checkedDifferently.size());
        List<String> cuts = new ArrayList<>();
        List<String> flips = new ArrayList<>();
        int flipCases = 0;
        for (int at = 9; at < dump.length; at += 29) {
            cuts.addAll(compare(tool, "cut at " + at, Arrays.copyOf(dump, at)));
            int flipAt = at;
            if (checkedDifferently.stream().anyMatch(r -> flipAt >= r[0] && flipAt < r[1])) {
                continue;
            }
            byte[] flipped = dump.clone();
            flipped[at] ^= (byte) (at % 2 == 0 ? 0x01 : 0x5a);
            flips.addAll(compare(tool, "flip at " + at, flipped));
            flipCases++;
        }
        assertEquals(List.of(), cuts);
        // a flip can make a value parse on along another path than Redis's (one in a few thousand here):
        // the verdict is the same, the place found may not be
        assertTrue(flips.size() * 100 <= flipCases, flips.size() + " of " + flipCases + " flips: " + flips);
    }

    private List<String> compare(String tool, String what, byte[] damaged) throws Exception {
        Path file = tmp.resolve("damaged.rdb");
        Files.write(file, damaged);
        Process p = new ProcessBuilder(tool, file.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), UTF_8);
        p.waitFor();
        Matcher m = REDIS_OFFSET.matcher(output);
        RdbCheckReport ours = RdbChecker.check(new ByteArrayInputStream(damaged));
        if (!m.find()) {
            return ours.ok() ? List.of() : List.of(what + ": redis-check-rdb passed it, we said " + ours.failure());
        }
        long theirs = Long.parseLong(m.group(1));
        if (ours.ok()) {
            return List.of(what + ": we passed it, redis-check-rdb failed at " + theirs);
        }
        return ours.failure().offset() == theirs ? List.of()
                : List.of(what + ": redis-check-rdb at " + theirs + " (" + m.group(2) + "), we at " + ours.failure().offset() + " ("
                + ours.failure().reason() + ")");
    }
}
