// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.aof;

import dev.cinnabar.core.Engine;
import dev.cinnabar.tools.rdb.RealRedis;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AofCheckerTest {
    @TempDir
    Path tmp;

    /**
     * An appendonlydir written by a real redis-server 7.0: a base from BGREWRITEAOF (RDB preamble or
     * commands), then an incremental file with #TS annotations and a MULTI/EXEC block.
     */
    private Path redisAof(boolean preamble) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("redis-" + preamble));
        try (RealRedis redis = RealRedis.startOrSkip(dir, "--appendonly", "yes", "--aof-use-rdb-preamble",
                preamble ? "yes" : "no", "--aof-timestamp-enabled", "yes")) {
            redis.fillAllTypes();
            redis.call("BGREWRITEAOF");
            redis.awaitInfo("aof_rewrite_in_progress", "0");
            redis.awaitInfo("aof_rewrite_scheduled", "0");
            redis.awaitInfo("aof_rewrites", "1");
            // Redis writes a #TS annotation only when the second changed since the last one
            Thread.sleep(1100);
            redis.call("SET", "after", "rewrite");
            redis.call("MULTI");
            redis.call("INCR", "counter");
            redis.call("RPUSH", "list", "z");
            redis.call("EXEC");
            redis.call("HSET", "hash", "late", "v".repeat(100));
        }
        Path copy = tmp.resolve("copy-" + preamble);
        copyDir(dir.resolve("appendonlydir"), copy);
        return copy;
    }

    /** An appendonlydir written by Cinnabar's engine. */
    private Path cinnabarAof() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("cinnabar"));
        try (Engine engine = Engine.open(Map.of("dir", dir.toString(), "appendonly", "yes"))) {
            engine.execute("SET", "s", "v");
            engine.execute("RPUSH", "l", "a", "b");
            engine.execute("HSET", "h", "f", "v");
            engine.execute("BGREWRITEAOF");
            Thread.sleep(500);
            engine.execute("SET", "after", "x");
            engine.execute("INCR", "n");
        }
        return dir.resolve("appendonlydir");
    }

    private static void copyDir(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }

    private static Path incr(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".incr.aof")).sorted().reduce((a, b) -> b)
                    .orElseThrow();
        }
    }

    @Test
    void aRedisMultiPartAofWithPreambleIsIntact() throws Exception {
        AofReport r = AofChecker.check(redisAof(true));
        assertTrue(r.ok(), () -> r.toMap().toString());
        assertEquals(2, r.files().size());
        AofFileReport base = r.files().get(0);
        assertNotNull(base.preamble());
        assertTrue(base.preamble().keys() > 15);
        AofFileReport incr = r.files().get(1);
        assertTrue(incr.commands() >= 6, () -> incr.toString());
        assertTrue(incr.lastTimestamp() > 0, () -> "#TS annotations are read: " + incr);
    }

    @Test
    void aRedisMultiPartAofWithoutPreambleIsIntact() throws Exception {
        AofReport r = AofChecker.check(redisAof(false));
        assertTrue(r.ok(), () -> r.toMap().toString());
        assertEquals(null, r.files().get(0).preamble());
        assertTrue(r.files().get(0).commands() > 15);
    }

    @Test
    void aCinnabarAofIsIntact() throws Exception {
        AofReport r = AofChecker.check(cinnabarAof());
        assertTrue(r.ok(), () -> r.toMap().toString());
        assertTrue(r.files().size() >= 2);
    }

    @Test
    void everyTruncationOfTheLastFileIsFoundAndAgreesWithRedisCheckAof() throws Exception {
        Path dir = redisAof(true);
        Path incr = incr(dir);
        byte[] intact = Files.readAllBytes(incr);
        String tool = RealRedis.find("redis-check-aof");
        Path single = tmp.resolve("single.aof");
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int len = 0; len < intact.length; len++) {
                Files.write(incr, Arrays.copyOf(intact, len));
                AofReport r = AofChecker.check(dir);
                AofFileReport f = r.files().get(1);
                assertTrue(f.validUpTo() <= len);
                if (!f.ok()) {
                    assertTrue(f.errorOffset() >= 0 && f.errorOffset() <= len, f.toString());
                }
                if (tool != null && len % 3 == 0) {
                    Files.write(single, Arrays.copyOf(intact, len));
                    long redis = redisOkUpTo(tool, single);
                    if (tornAnnotation(intact, f.validUpTo(), len)) {
                        // known difference: redis-check-aof (like Redis's loader) accepts a last "#..." line
                        // cut before its CRLF; we report it as a torn tail
                        assertEquals(len, redis);
                    } else {
                        assertEquals(redis, f.validUpTo(), "ok_up_to differs at length " + len);
                    }
                }
            }
        });
        Files.write(incr, intact);
    }

    /** The bytes from {@code from} to {@code to} are an annotation line without its line end. */
    private static boolean tornAnnotation(byte[] file, long from, int to) {
        if (from >= to || file[(int) from] != '#') {
            return false;
        }
        for (int i = (int) from; i < to; i++) {
            if (file[i] == '\n') {
                return false;
            }
        }
        return true;
    }

    /** redis-check-aof's ok_up_to for a single file, the file's size when it says the file is valid. */
    private static long redisOkUpTo(String tool, Path file) throws Exception {
        Process p = new ProcessBuilder(tool, file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        p.waitFor();
        Matcher m = Pattern.compile("ok_up_to=(\\d+)").matcher(out);
        if (m.find()) {
            return Long.parseLong(m.group(1));
        }
        assertTrue(out.contains("is valid") || Files.size(file) == 0, out);
        return Files.size(file);
    }

    @Test
    void fixTruncatesTheLastFileAndKeepsABackup() throws Exception {
        Path dir = redisAof(true);
        Path incr = incr(dir);
        byte[] intact = Files.readAllBytes(incr);
        byte[] torn = Arrays.copyOf(intact, intact.length - 7);
        Files.write(incr, torn);
        Path base = r(dir).files().get(0).name() == null ? null : dir.resolve(r(dir).files().get(0).name());
        byte[] baseBefore = Files.readAllBytes(base);
        AofReport before = AofChecker.check(dir);
        assertFalse(before.ok());
        AofChecker.FixResult fix = AofChecker.fix(before);
        assertTrue(fix.fixed(), fix.message());
        assertTrue(AofChecker.check(dir).ok());
        assertArrayEquals(torn, Files.readAllBytes(fix.backup()));
        assertEquals(before.files().get(1).validUpTo(), Files.size(incr));
        assertArrayEquals(baseBefore, Files.readAllBytes(base));
    }

    private static AofReport r(Path dir) throws IOException {
        return AofChecker.check(dir);
    }

    @Test
    void aDamagedBaseIsCutAndTheIncrementalFilesAfterItAreDropped() throws Exception {
        Path dir = redisAof(false);
        AofReport intact = AofChecker.check(dir);
        Path base = dir.resolve(intact.files().get(0).name());
        String incrName = intact.files().get(1).name();
        byte[] b = Files.readAllBytes(base);
        Files.write(base, Arrays.copyOf(b, b.length - 3));
        AofReport r = AofChecker.check(dir);
        assertFalse(r.ok());
        assertFalse(r.files().get(0).ok());
        AofChecker.FixResult fix = AofChecker.fix(r);
        assertTrue(fix.fixed(), fix.message());
        assertEquals(r.files().get(0).validUpTo(), Files.size(base));
        assertEquals(1, fix.dropped().size(), fix.dropped().toString());
        assertFalse(Files.exists(dir.resolve(incrName)));
        assertTrue(Files.exists(dir.resolve(incrName + ".bak")));
        AofReport after = AofChecker.check(dir);
        assertTrue(after.ok());
        assertEquals(1, after.files().size());
    }

    @Test
    void flippedBytesNeverCrashAndOffsetsStayInsideTheFiles() throws Exception {
        Path dir = redisAof(true);
        Path incr = incr(dir);
        Path base = dir.resolve(AofChecker.check(dir).files().get(0).name());
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (Path file : new Path[] {incr, base}) {
                byte[] intact = Files.readAllBytes(file);
                for (int pos = 0; pos < intact.length; pos++) {
                    byte[] damaged = intact.clone();
                    damaged[pos] ^= (byte) 0xff;
                    Files.write(file, damaged);
                    AofReport r = AofChecker.check(dir);
                    for (AofFileReport f : r.files()) {
                        assertTrue(f.validUpTo() >= 0 && f.validUpTo() <= f.size());
                        assertTrue(f.errorOffset() <= f.size());
                    }
                    if (file == base) {
                        // the preamble has a CRC-64: every flip in it is found
                        assertFalse(r.ok(), "flip at " + pos + " of the base passed");
                    }
                }
                Files.write(file, intact);
            }
        });
    }

    @Test
    void aMissingFileAndAnUnclosedMultiAreReported() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("handmade"));
        Files.writeString(dir.resolve("appendonly.aof.manifest"),
                "file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
        Files.writeString(dir.resolve("appendonly.aof.1.incr.aof"),
                "#TS:1700000000\r\n*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*1\r\n$5\r\nMULTI\r\n*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n");
        AofReport r = AofChecker.check(dir);
        assertEquals(AofFileReport.Status.MISSING, r.files().get(0).status());
        AofFileReport incr = r.files().get(1);
        assertEquals(AofFileReport.Status.TRUNCATED, incr.status());
        assertEquals(39, incr.validUpTo());
        assertEquals(1700000000L, incr.lastTimestamp());
    }

    @Test
    void aTornPreambleInASingleFileIsTruncatedWithItsOffset() throws Exception {
        Path dir = redisAof(true);
        Path base = dir.resolve(AofChecker.check(dir).files().get(0).name());
        byte[] b = Files.readAllBytes(base);
        Path single = tmp.resolve("preamble.aof");
        Files.write(single, Arrays.copyOf(b, b.length / 2));
        AofReport r = AofChecker.check(single);
        AofFileReport f = r.files().get(0);
        assertEquals(AofFileReport.Status.TRUNCATED, f.status());
        assertTrue(f.errorOffset() <= b.length / 2);
        assertTrue(AofChecker.fix(r).refused());
    }

    @Test
    void aDirectoryWithoutManifestIsAnIoError() {
        Assumptions.assumeTrue(Files.isDirectory(tmp));
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> AofChecker.check(tmp));
        assertTrue(e.getMessage().contains("manifest"));
    }
}
