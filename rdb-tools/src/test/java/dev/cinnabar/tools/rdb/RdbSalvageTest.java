// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cinnabar.core.rdb.RdbEntry;
import dev.cinnabar.core.rdb.RdbFileReader;
import dev.cinnabar.core.rdb.RdbVisitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.cinnabar.tools.rdb.RdbDiffTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RdbSalvageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** A key of the intact file: where its record is, what its value is. */
    record Rec(long start, long end, ValueDigest.Fingerprint value) {
    }

    private static Map<ByteBuffer, Rec> records(Path rdb) throws Exception {
        Map<ByteBuffer, Rec> out = new HashMap<>();
        try (ToolEngine tool = new ToolEngine(null);
             InputStream in = new BufferedInputStream(Files.newInputStream(rdb))) {
            RdbFileReader reader = new RdbFileReader(in, tool.engine.types());
            reader.read(new RdbVisitor() {
                @Override
                public void entry(RdbEntry e) {
                    out.put(ByteBuffer.wrap(e.key()), new Rec(e.offset(), reader.offset(), EngineDigest.of(e.type(), e.value())));
                }
            });
        }
        return out;
    }

    private static Map<ByteBuffer, ValueDigest.Fingerprint> values(Path rdb) throws Exception {
        Map<ByteBuffer, ValueDigest.Fingerprint> out = new HashMap<>();
        records(rdb).forEach((k, rec) -> out.put(k, rec.value()));
        return out;
    }

    private Path realDump() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("r"));
        try (RealRedis r = RealRedis.startOrSkip(dir)) {
            r.call("DEBUG", "POPULATE", "300", "key", "40");
            for (int i = 0; i < 30; i++) {
                r.call("RPUSH", "list:" + i, "a" + i, "b", "c".repeat(i * 10));
                r.call("HSET", "hash:" + i, "f", "v" + i, "g", "w".repeat(i));
                r.call("ZADD", "zset:" + i, Integer.toString(i), "m", "2.5", "n");
                r.call("SADD", "set:" + i, "1", "2", Integer.toString(100 + i));
            }
            r.call("SET", "ttl", "v", "EX", "100000");
            Path p = tmp.resolve("dump.rdb");
            Files.copy(r.save(), p);
            return p;
        }
    }

    /**
     * What {@link #realDump()} makes, saved once by redis-server 7.0.15 (with {@code EXAT} for the TTL): the
     * order of keys in a dump follows Redis's per-process hash seed, so a file made at each run would place
     * the damage below on other bytes every time, and a failure could not be replayed.
     */
    private Path fixedDump() throws Exception {
        Path p = tmp.resolve("fixed.rdb");
        try (InputStream in = RdbSalvageTest.class.getResourceAsStream("/salvage/dump-7.0.rdb")) {
            Files.copy(in, p);
        }
        return p;
    }

    @Test
    void everyRecordOutsideTheDamageIsRecoveredAndTheLossIsReported() throws Exception {
        Path dump = fixedDump();
        Map<ByteBuffer, Rec> intact = records(dump);
        byte[] bytes = Files.readAllBytes(dump);
        assertTimeoutPreemptively(Duration.ofSeconds(300), () -> {
            List<int[]> damages = new ArrayList<>();
            for (int k = 1; k <= 40; k++) {
                int at = (int) ((long) bytes.length * k / 42);
                damages.add(new int[] {at, 1});   // one flipped byte
                damages.add(new int[] {at + 7, 64}); // a block overwritten
            }
            for (int[] d : damages) {
                byte[] damaged = bytes.clone();
                for (int i = d[0]; i < d[0] + d[1] && i < damaged.length; i++) {
                    damaged[i] ^= (byte) 0x5a;
                }
                Path bad = tmp.resolve("bad.rdb");
                Files.write(bad, damaged);
                Path out = tmp.resolve("out.rdb");
                RdbDiffTest.Run run = run("salvage", bad.toString(), "--to", out.toString(), "--json");
                assertTrue(run.code() == 0 || run.code() == 3, run.out() + run.err());
                JsonNode rep = JSON.readTree(run.out());
                List<long[]> lost = new ArrayList<>();
                for (JsonNode l : rep.get("lost")) {
                    lost.add(new long[] {l.get("start").asLong(), l.get("end").asLong()});
                }
                if (run.code() == 0) {
                    // the damage hit nothing the reader could notice: then it must be nowhere in a value
                    assertEquals(0, lost.size());
                }
                Map<ByteBuffer, ValueDigest.Fingerprint> got = values(out);
                for (Map.Entry<ByteBuffer, Rec> e : intact.entrySet()) {
                    Rec rec = e.getValue();
                    boolean touched = rec.start() < d[0] + d[1] && d[0] < rec.end();
                    boolean inLost = lost.stream().anyMatch(l -> rec.start() < l[1] && l[0] < rec.end());
                    if (!touched && !inLost) {
                        assertEquals(rec.value(), got.get(e.getKey()), "damage " + d[0] + "+" + d[1] + ": key "
                                + new String(e.getKey().array()) + " outside the damage was not recovered; lost " + run.out());
                    }
                }
                for (long[] l : lost) {
                    assertTrue(l[0] <= d[0] + d[1] && l[1] >= Math.min(d[0], bytes.length),
                            "lost range " + l[0] + ".." + l[1] + " misses the damage at " + d[0] + ": " + run.out());
                }
            }
        });
    }

    @Test
    void aTruncatedFileKeepsEverythingBeforeTheCut() throws Exception {
        Path dump = realDump();
        Map<ByteBuffer, Rec> intact = records(dump);
        byte[] bytes = Files.readAllBytes(dump);
        int cut = bytes.length / 2;
        Path bad = tmp.resolve("torn.rdb");
        Files.write(bad, java.util.Arrays.copyOf(bytes, cut));
        Path out = tmp.resolve("out.rdb");
        RdbDiffTest.Run run = run("salvage", bad.toString(), "--to", out.toString());
        assertEquals(3, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("LOST bytes"), run.out());
        Map<ByteBuffer, ValueDigest.Fingerprint> got = values(out);
        long before = intact.values().stream().filter(r -> r.end() <= cut).count();
        assertEquals(before, got.size());
        assertEquals(0, run("check", out.toString()).code());

        RdbDiffTest.Run clean = run("salvage", dump.toString(), "--to", tmp.resolve("same.rdb").toString());
        assertEquals(0, clean.code(), clean.out());
        assertEquals(0, run("diff", dump.toString(), tmp.resolve("same.rdb").toString()).code());
        Files.write(bad, "NOTREDIS".getBytes());
        assertEquals(1, run("salvage", bad.toString(), "--to", out.toString()).code());
    }

    /** A file with a good checksum that names a key twice (a faulty writer's): Redis refuses it, salvage mends it. */
    @Test
    void aKeyTwiceInAnIntactFileKeepsItsFirstCopy() throws Exception {
        Path twice = tmp.resolve("twice.rdb");
        Files.write(twice, RdbCheckerTest.file(new byte[] {0, 1, 'k', 1, 'a', 0, 1, 'o', 1, 'x', 0, 1, 'k', 1, 'b'}));
        assertEquals(ExitCodes.CORRUPT, run("check", twice.toString()).code());
        Path out = tmp.resolve("once.rdb");
        RdbDiffTest.Run run = run("salvage", twice.toString(), "--to", out.toString(), "--json");
        assertEquals(ExitCodes.PARTIAL, run.code(), run.out() + run.err());
        JsonNode report = JSON.readTree(run.out());
        assertEquals(1, report.get("duplicate_keys_dropped").asLong(), run.out());
        assertEquals("\"k\"", report.get("duplicate_keys").get(0).asText());
        assertEquals(ExitCodes.OK, run("check", out.toString()).code());
        Map<ByteBuffer, ValueDigest.Fingerprint> got = values(out);
        assertEquals(2, got.size());
        Path first = tmp.resolve("first.rdb");
        Files.write(first, RdbCheckerTest.file(new byte[] {0, 1, 'k', 1, 'a'}));
        ByteBuffer k = ByteBuffer.wrap(new byte[] {'k'});
        assertEquals(values(first).get(k), got.get(k), "the first copy");
    }

    /**
     * Every fixed fixture (Redis 2.4 to 7.2) comes through intact: records of RDB 10 and older are copied as
     * they are under the file's own version (no checksum before RDB 5), an RDB 11 file is re-encoded as RDB 10,
     * which Redis 7.0 loads.
     */
    @Test
    void intactFilesOfEveryVersionComeThroughUnchanged() throws Exception {
        for (String name : List.of("redis-2.4-v4.rdb", "redis-2.8-v6.rdb", "redis-3.2-v7.rdb", "redis-4.0-v8.rdb",
                "redis-6.2-v9.rdb", "redis-7.0.15-strings.rdb", "redis-7.2-v11.rdb")) {
            Path in = tmp.resolve(name);
            try (InputStream r = RdbSalvageTest.class.getResourceAsStream("/rdb/" + name)) {
                Files.copy(r, in, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Path out = tmp.resolve("out-" + name);
            RdbDiffTest.Run run = run("salvage", in.toString(), "--to", out.toString());
            assertEquals(0, run.code(), name + ": " + run.out() + run.err());
            assertEquals(0, run("diff", in.toString(), out.toString()).code(), name);
            assertEquals(0, run("check", out.toString()).code(), name);
            String header = new String(Files.readAllBytes(out), 0, 9, java.nio.charset.StandardCharsets.US_ASCII);
            assertEquals(name.contains("v11") ? "REDIS0010" : new String(Files.readAllBytes(in), 0, 9,
                    java.nio.charset.StandardCharsets.US_ASCII), header, name);
        }
    }
}
