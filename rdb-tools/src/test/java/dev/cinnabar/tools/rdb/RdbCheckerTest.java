// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.rdb.Crc64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RdbCheckerTest {
    @TempDir
    Path tmp;

    static RdbCheckReport check(byte[] file) {
        return RdbChecker.check(new ByteArrayInputStream(file));
    }

    /** A dump written by a real redis-server 7.0 with every type and encoding. */
    private byte[] redisDump() throws Exception {
        try (RealRedis redis = RealRedis.startOrSkip(tmp)) {
            redis.fillAllTypes();
            return Files.readAllBytes(redis.save());
        }
    }

    /** A dump written by Cinnabar's own engine (SAVE into its dir). */
    private byte[] cinnabarDump() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("cinnabar"));
        try (Engine engine = Engine.open(Map.of("dir", dir.toString()))) {
            engine.execute("SET", "s", "v");
            engine.execute("SET", "big", "z".repeat(10_000));
            engine.execute("SET", "ttl", "1", "PX", "1000000");
            engine.execute("RPUSH", "l", "a", "b");
            engine.execute("SADD", "is", "1", "2");
            engine.execute("SADD", "ss", "x", "y");
            engine.execute("HSET", "h", "f", "v");
            engine.execute("ZADD", "z", "1", "a");
            for (int i = 0; i < 300; i++) {
                engine.execute("HSET", "bh", "f" + i, "v" + i);
                engine.execute("ZADD", "bz", Integer.toString(i), "m" + i);
            }
            engine.execute("SELECT", "2");
            engine.execute("SET", "in2", "x");
            engine.execute("SAVE");
        }
        return Files.readAllBytes(dir.resolve("dump.rdb"));
    }

    @Test
    void aRedisDumpWithEveryTypeIsIntactAndSummarized() throws Exception {
        RdbCheckReport r = check(redisDump());
        assertTrue(r.ok(), () -> String.valueOf(r.failure()));
        assertEquals(10, r.rdbVersion());
        assertEquals(1, r.functions());
        Map<String, Long> db0 = r.databases().get(0L).byEncoding();
        for (String enc : new String[] {"string/string", "list/quicklist", "set/intset", "set/hashtable",
                "hash/listpack", "hash/hashtable", "zset/listpack", "zset/skiplist", "stream/stream"}) {
            assertTrue(db0.containsKey(enc), enc + " in " + db0);
        }
        assertEquals(1, r.databases().get(5L).keys());
        assertEquals(1, r.databases().get(0L).expires());
        assertTrue(r.storedChecksum() != 0 && r.storedChecksum() == r.computedChecksum());
    }

    @Test
    void aCinnabarDumpIsIntact() throws Exception {
        RdbCheckReport r = check(cinnabarDump());
        assertTrue(r.ok(), () -> String.valueOf(r.failure()));
        assertEquals(11, r.keys());
        assertEquals(1, r.databases().get(2L).keys());
    }

    @Test
    void everyTruncationOfARedisDumpIsReportedInsideTheFile() throws Exception {
        byte[] dump = redisDump();
        everyTruncationIsCorrupt(dump);
    }

    @Test
    void everyTruncationOfACinnabarDumpIsReportedInsideTheFile() throws Exception {
        everyTruncationIsCorrupt(cinnabarDump());
    }

    private static void everyTruncationIsCorrupt(byte[] dump) {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int len = 0; len < dump.length; len++) {
                RdbCheckReport r = check(Arrays.copyOf(dump, len));
                int n = len;
                assertFalse(r.ok(), () -> "truncated to " + n + " bytes passed");
                assertTrue(r.failure().offset() >= 0 && r.failure().offset() <= len,
                        () -> "offset " + r.failure().offset() + " outside a file of " + n + " bytes");
            }
        });
    }

    @Test
    void everyFlippedByteOfARedisDumpIsReportedInsideTheFile() throws Exception {
        everyFlipIsCorrupt(redisDump());
    }

    @Test
    void everyFlippedByteOfACinnabarDumpIsReportedInsideTheFile() throws Exception {
        everyFlipIsCorrupt(cinnabarDump());
    }

    /** A CRC-64 catches every burst of up to 64 bits, so each single-byte change must be found. */
    private static void everyFlipIsCorrupt(byte[] dump) {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int pos = 0; pos < dump.length; pos++) {
                for (int mask : new int[] {0x01, 0x80, 0xff}) {
                    byte[] damaged = dump.clone();
                    damaged[pos] ^= (byte) mask;
                    RdbCheckReport r = check(damaged);
                    int p = pos;
                    assertFalse(r.ok(), () -> "flip at " + p + " passed");
                    assertTrue(r.failure().offset() >= 0 && r.failure().offset() <= dump.length,
                            () -> "offset " + r.failure().offset() + " for a flip at " + p);
                }
            }
        });
    }

    @Test
    void lengthsClaimingTwoToTheSixtyBytesAreCorruptNotOutOfMemory() {
        // a string, a list count and an LZF original length each claiming about 2^60
        byte[] bigString = file(bytes(0, 1, 'k', 0x81, 0x10, 0, 0, 0, 0, 0, 0, 0, 'x'));
        byte[] bigList = file(bytes(1, 1, 'k', 0x81, 0x10, 0, 0, 0, 0, 0, 0, 0, 1, 'a'));
        byte[] bigLzf = file(bytes(0, 1, 'k', 0xc3, 2, 0x81, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 'a'));
        byte[] bigListpack = file(bytes(16, 1, 'k', 0x80, 0x7f, 0xff, 0xff, 0xf0, 1, 2, 3));
        for (byte[] f : new byte[][] {bigString, bigList, bigLzf, bigListpack}) {
            RdbCheckReport r = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> check(f));
            assertFalse(r.ok());
            assertEquals("\"k\"", r.failure().key());
            assertTrue(r.failure().offset() <= f.length);
        }
    }

    @Test
    void aNewerVersionIsNamedPrecisely() {
        byte[] f = "REDIS0013".getBytes(US_ASCII);
        RdbCheckReport r = check(f);
        assertEquals(5, r.failure().offset());
        assertTrue(r.failure().reason().contains("RDB version 13 is not supported"), r.failure().reason());
        assertTrue(r.failure().reason().contains("newer Redis"), r.failure().reason());
    }

    @Test
    void anUnknownOpcodeIsNamedWithItsOffset() {
        RdbCheckReport r = check(file(bytes(243, 0)));
        // after the byte, as redis-check-rdb's [offset N]; the byte's own offset in the reason
        assertEquals(10, r.failure().offset());
        assertTrue(r.failure().reason().endsWith("(at offset 9)"), r.failure().reason());
        assertTrue(r.failure().reason().contains("unknown RDB type or opcode 243 (byte 0xf3)"), r.failure().reason());
    }

    @Test
    void aWrongChecksumIsReportedWithBothValues() {
        byte[] f = file(bytes(0, 1, 'k', 1, 'v'));
        f[f.length - 1] ^= 1;
        RdbCheckReport r = check(f);
        assertEquals(f.length, r.failure().offset());
        assertTrue(r.failure().reason().contains("CRC64 mismatch"));
        assertTrue(r.failure().reason().endsWith("(at offset " + (f.length - 8) + ")"), r.failure().reason());
    }

    @Test
    void aKeyStoredTwiceInADatabaseIsCorruptAtItsSecondRecord() {
        // db 0: k, other, k; db 1: k (another database, no clash)
        byte[] f = file(bytes(0, 1, 'k', 1, 'v', 0, 5, 'o', 't', 'h', 'e', 'r', 1, 'v', 0, 1, 'k', 2, 'v', '2',
                0xfe, 1, 0, 1, 'k', 1, 'v'));
        RdbCheckReport r = check(f);
        assertFalse(r.ok());
        int second = 9 + 5 + 9;
        assertEquals(second + 6, r.failure().offset(), "where the loader, having read the record, stops");
        assertTrue(r.failure().reason().startsWith("key stored twice in database 0 (at offset " + second + ")"),
                r.failure().reason());
        assertEquals("\"k\"", r.failure().key());
        assertEquals(0, r.failure().rdbType());
        assertEquals(second + 6, r.bytesRead());

        assertTrue(check(file(bytes(0, 1, 'k', 1, 'v', 0xfe, 1, 0, 1, 'k', 1, 'v'))).ok(), "one key in two databases");
    }

    @Test
    void aKeyStoredTwiceAmongManyIsFoundBeforeLaterDamageButNotAfterEarlierDamage() {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        int keys = 20_000;
        long[] starts = new long[keys + 1];
        for (int i = 0; i <= keys; i++) {
            starts[i] = 9 + records.size();
            // key:3 again at 12,000 and key:7 again at 15,000: the loader stops at the first of them
            byte[] key = ("key:" + (i == keys - 5_000 ? 7 : i == keys - 8_000 ? 3 : i)).getBytes(US_ASCII);
            records.write(0);
            records.write(key.length);
            records.writeBytes(key);
            records.writeBytes(bytes(1, 'v'));
        }
        byte[] intact = file(records.toByteArray());
        long twice = starts[keys - 8_000];
        RdbCheckReport r = check(intact);
        assertTrue(r.failure().reason().startsWith("key stored twice in database 0 (at offset " + twice + ")"),
                String.valueOf(r.failure()));
        assertEquals("\"key:3\"", r.failure().key());
        assertEquals(keys - 8_000, r.keysCheckedForDuplicates(), "the keys before the first second record");

        byte[] cutAfter = Arrays.copyOf(intact, (int) starts[keys - 10] + 3);
        assertTrue(check(cutAfter).failure().reason().startsWith("key stored twice"), "the loader stops there first");
        RdbCheckReport cutBefore = check(Arrays.copyOf(intact, (int) starts[100] + 3));
        assertTrue(cutBefore.failure().endOfData(), String.valueOf(cutBefore.failure()));
    }

    @Test
    void aFileWithoutChecksumPasses() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("REDIS0010".getBytes(US_ASCII));
        b.writeBytes(bytes(0, 1, 'k', 1, 'v', 0xff, 0, 0, 0, 0, 0, 0, 0, 0));
        RdbCheckReport r = check(b.toByteArray());
        assertTrue(r.ok());
        assertEquals(1, r.keys());
        assertEquals(0, r.storedChecksum());
    }

    @Test
    void rdb12HashWithFieldExpiryIsWalked() {
        // RDB_TYPE_HASH_METADATA (24): min expiry, count, then TTL, field, value per field
        byte[] f = file(12, bytes(24, 1, 'h', 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 'f', 1, 'v'));
        RdbCheckReport r = check(f);
        assertTrue(r.ok(), () -> String.valueOf(r.failure()));
        assertEquals(Map.of("hash/hashtable", 1L), r.databases().get(0L).byEncoding());
    }

    @Test
    void theFileReaderAgreesWithTheStreamReaderAcrossBufferBoundaries() throws Exception {
        // strings of 150 000 bytes: reads larger than the 64 KB buffer bypass it, smaller ones straddle it
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        for (int i = 0; i < 5; i++) {
            records.writeBytes(bytes(0, 2, 'k', '0' + i, 0x80, 0, 0x02, 0x49, 0xf0));
            byte[] value = new byte[150_000];
            java.util.Arrays.fill(value, (byte) ('a' + i));
            records.writeBytes(value);
            records.writeBytes(bytes(0, 2, 's', '0' + i, 3, 'x', 'y', 'z'));
        }
        byte[] big = file(records.toByteArray());
        for (byte[] f : new byte[][] {big, redisDump()}) {
            Path p = tmp.resolve("agree.rdb");
            for (int pos = -1; pos < f.length; pos += Math.max(1, f.length / 97)) {
                byte[] d = f.clone();
                if (pos >= 0) {
                    d[pos] ^= 0x21;
                }
                Files.write(p, d);
                RdbCheckReport fromFile = RdbChecker.check(p);
                RdbCheckReport fromStream = check(d);
                assertEquals(fromStream.ok(), fromFile.ok(), "flip at " + pos);
                assertEquals(fromStream.computedChecksum(), fromFile.computedChecksum(), "flip at " + pos);
                assertEquals(String.valueOf(fromStream.failure()), String.valueOf(fromFile.failure()));
                assertEquals(pos < 0, fromFile.ok());
            }
        }
    }

    @Test
    void moduleValuesAndModuleAuxAreReadPastWithoutTheModule() {
        // MODULE_2 value: module id (64-bit length), UINT 5, STRING "ab", EOF; then MODULE_AUX with when=2
        int[] id = {0x81, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0};
        byte[] value = bytes(7, 1, 'm', id[0], id[1], id[2], id[3], id[4], id[5], id[6], id[7], id[8],
                2, 5, 5, 2, 'a', 'b', 0);
        byte[] aux = bytes(247, id[0], id[1], id[2], id[3], id[4], id[5], id[6], id[7], id[8], 2, 2, 4, 0, 0, 0, 0,
                0, 0, 0, 0, 0);
        byte[] records = new byte[value.length + aux.length];
        System.arraycopy(value, 0, records, 0, value.length);
        System.arraycopy(aux, 0, records, value.length, aux.length);
        RdbCheckReport r = check(file(records));
        assertTrue(r.ok(), () -> String.valueOf(r.failure()));
        assertEquals(Map.of("module/module", 1L), r.databases().get(0L).byEncoding());
        assertEquals(1, r.moduleAux());
    }

    @Test
    void noExceptionEscapesOnRandomBytesAfterAValidHeader() {
        java.util.Random random = new java.util.Random(42);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 20_000; i++) {
                byte[] body = new byte[random.nextInt(64)];
                random.nextBytes(body);
                byte[] f = new byte[9 + body.length];
                System.arraycopy("REDIS0010".getBytes(US_ASCII), 0, f, 0, 9);
                System.arraycopy(body, 0, f, 9, body.length);
                RdbCheckReport r = check(f);
                assertNotNull(r);
                if (!r.ok()) {
                    assertTrue(r.failure().offset() >= 0 && r.failure().offset() <= f.length);
                }
            }
        });
    }

    @Test
    void theVerdictAgreesWithRedisCheckRdbOnDamagedCopies() throws Exception {
        String tool = RealRedis.find("redis-check-rdb");
        byte[] dump = redisDump();
        org.junit.jupiter.api.Assumptions.assumeTrue(tool != null, "redis-check-rdb is not installed");
        Path f = tmp.resolve("damaged.rdb");
        for (int pos = 0; pos < dump.length; pos += Math.max(1, dump.length / 40)) {
            byte[] damaged = dump.clone();
            damaged[pos] ^= 0x5a;
            Files.write(f, damaged);
            Process p = new ProcessBuilder(tool, f.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            int redisCode = p.waitFor();
            assertEquals(redisCode == 0, check(damaged).ok(), "verdicts differ for a flip at " + pos);
            byte[] truncated = Arrays.copyOf(dump, pos);
            Files.write(f, truncated);
            p = new ProcessBuilder(tool, f.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            assertEquals(p.waitFor() == 0, check(truncated).ok(), "verdicts differ for a truncation at " + pos);
        }
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** "REDIS0010", {@code records}, EOF and a correct CRC-64. */
    static byte[] file(byte[] records) {
        return file(10, records);
    }

    static byte[] file(int version, byte[] records) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(String.format("REDIS%04d", version).getBytes(US_ASCII));
        b.writeBytes(records);
        b.write(0xff);
        long crc = Crc64.of(b.toByteArray());
        for (int i = 0; i < 8; i++) {
            b.write((int) (crc >>> (8 * i)));
        }
        return b.toByteArray();
    }

}
