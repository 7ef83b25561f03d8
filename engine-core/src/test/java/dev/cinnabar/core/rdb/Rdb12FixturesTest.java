// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import dev.cinnabar.core.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** RDB 12 (Redis 7.4): the fixtures of {@link Rdb12Fixtures} load with the contents a 7.0 engine can hold. */
class Rdb12FixturesTest {
    /** Only its types: the reader decodes values with them. */
    private static Engine ENGINE;

    @BeforeAll
    static void open() {
        ENGINE = Engine.open();
    }

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    @Test
    void opcodesAndTypesArePinnedToRedis74() {
        assertEquals(244, RdbOpcodes.SLOT_INFO);
        assertEquals(22, Rdb.TYPE_HASH_METADATA_PRE_GA);
        assertEquals(23, Rdb.TYPE_HASH_LISTPACK_EX_PRE_GA);
        assertEquals(24, Rdb.TYPE_HASH_METADATA);
        assertEquals(25, Rdb.TYPE_HASH_LISTPACK_EX);
        assertEquals(12, RdbOpcodes.NEWEST_VERSION);
    }

    @Test
    void fixtureFilesAreWhatTheirBuildersMake() throws IOException {
        boolean update = Boolean.getBoolean("rdb.fixtures.update");
        for (Map.Entry<String, byte[]> f : Rdb12Fixtures.all().entrySet()) {
            if (update) {
                Files.write(Path.of("src/test/resources/rdb").resolve(f.getKey()), f.getValue());
                Files.write(Path.of("../rdb-tools/src/test/resources/rdb").resolve(f.getKey()), f.getValue());
                continue;
            }
            try (InputStream in = getClass().getResourceAsStream("/rdb/" + f.getKey())) {
                assertNotNull(in, f.getKey() + " is missing: run with -Drdb.fixtures.update=true");
                assertArrayEquals(f.getValue(), in.readAllBytes(), f.getKey());
            }
        }
    }

    @Test
    void aMastersLoadDropsExpiredFieldsAndCountsTheLostTtls() throws Exception {
        try (Engine engine = Engine.open()) {
            RdbLoader.Result r = load(engine, Rdb12Fixtures.main(), new RdbLoader.Options(true, true));
            assertEquals(12, r.rdbVersion());
            assertEquals(10, r.keysLoaded());
            assertEquals(1, r.keysExpired(), "the hash whose fields all expired");
            assertEquals(new RdbLoader.FieldTtls(8, 6, 4, 1), r.fieldTtls());
            assertEquals("[\"f1\", \"v1\", \"f2\", \"v2\", \"f3\", \"v3\"]", hgetall(engine, "hfe:lp"));
            assertEquals("[\"live\", \"1\", \"plain\", \"x\"]", hgetall(engine, "hfe:lp:expired"));
            assertEquals("0", engine.execute("EXISTS", "hfe:lp:allexpired").toString().replaceAll("\\D", ""));
            assertEquals("[\"k\", \"v\"]", hgetall(engine, "hfe:lp:persisted"));
            assertEquals("[\"a\", \"1\", \"b\", \"2\", \"c\", \"3\"]", sorted(engine, "hfe:ht"));
            assertEquals("[\"y\", \"live\", \"z\", \"plain\"]", sorted(engine, "hfe:ht:expired"));
            assertEquals("[\"p\", \"1\", \"q\", \"2\"]", sorted(engine, "hfe:rc:ht"));
            assertEquals("[\"m\", \"1\", \"n\", \"2\"]", hgetall(engine, "hfe:rc:lp"));
            assertEquals("[\"k\", \"v\"]", hgetall(engine, "plain:hash"));
            assertEquals("-1", engine.execute("PTTL", "hfe:lp").toString().replaceAll("[^-\\d]", ""),
                    "a field TTL does not become a key TTL");
            assertEquals(Long.toString(Rdb12Fixtures.T1),
                    engine.execute("PEXPIRETIME", "s").toString().replaceAll("\\D", ""));
            String warning = r.fieldTtls().warning("dump.rdb");
            assertTrue(warning.contains("8 hash field(s) in 6 key(s) had a TTL"), warning);
            assertTrue(warning.contains("4 field(s) already expired were dropped"), warning);
        }
    }

    @Test
    void anAofPreambleKeepsExpiredFieldsAsOrdinaryFields() throws Exception {
        try (Engine engine = Engine.open()) {
            RdbLoader.Result r = load(engine, Rdb12Fixtures.main(), new RdbLoader.Options(false, true));
            assertEquals(11, r.keysLoaded());
            assertEquals(new RdbLoader.FieldTtls(12, 7, 0, 0), r.fieldTtls());
            assertEquals("[\"a\", \"1\", \"b\", \"2\"]", hgetall(engine, "hfe:lp:allexpired"));
        }
    }

    @Test
    void theFieldsOfAnExpiredKeyAreNotCountedAsLostTtls() throws Exception {
        byte[] lp = new ListpackWriter().append("f".getBytes(US_ASCII)).append("v".getBytes(US_ASCII))
                .appendInteger(Rdb12Fixtures.T1).toBytes();
        byte[] body = new byte[8 + LegacyEncodings.rdbString(lp).length];
        System.arraycopy(LegacyEncodings.rdbString(lp), 0, body, 8, body.length - 8);
        byte[] file = new RdbFileBuilder(12).expireAtMillis(1000).entry(Rdb.TYPE_HASH_LISTPACK_EX, "gone", body)
                .entry(Rdb.TYPE_HASH_LISTPACK_EX, "kept", body).end();
        try (Engine engine = Engine.open()) {
            RdbLoader.Result r = load(engine, file, new RdbLoader.Options(true, true));
            assertEquals(1, r.keysExpired());
            assertEquals(1, r.keysLoaded());
            assertEquals(new RdbLoader.FieldTtls(1, 1, 0, 0), r.fieldTtls());
        }
    }

    @Test
    void slotInfoIsReadPast() throws Exception {
        List<String> slots = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        byte[] file = Rdb12Fixtures.cluster();
        long n = new RdbFileReader(new ByteArrayInputStream(file), ENGINE.types()).read(new RdbVisitor() {
            @Override
            public void slotInfo(long slot, long slotSize, long expiresSlotSize) {
                slots.add(slot + "/" + slotSize + "/" + expiresSlotSize);
            }

            @Override
            public void entry(RdbEntry entry) {
                keys.add(new String(entry.key(), US_ASCII));
            }
        });
        assertEquals(file.length, n);
        assertEquals(List.of("3300/1/0", "15495/1/0"), slots);
        assertEquals(List.of("b", "a"), keys);
    }

    @Test
    void aNewerVersionIsNamedWithItsNumber() {
        byte[] file = Arrays.copyOf(Rdb12Fixtures.main(), Rdb12Fixtures.main().length);
        file[8] = '3';
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> read(file));
        assertEquals(5, e.offset());
        assertTrue(e.getMessage().contains("can't handle RDB format version 13"), e.getMessage());
        assertTrue(e.getMessage().contains("reads RDB versions 1 to 12"), e.getMessage());
        assertTrue(e.getMessage().contains("newer Redis"), e.getMessage());
    }

    @Test
    void anUnknownTypeOrOpcodeIsNamedWithItsByteAndOffset() {
        for (int type : new int[] {8, 26, 243}) {
            RdbFileBuilder b = new RdbFileBuilder(12).string("k", "v");
            long at = b.offset();
            byte[] file = b.raw((byte) type, (byte) 1, (byte) 'x').end();
            RdbFormatException e = assertThrows(RdbFormatException.class, () -> read(file));
            assertEquals(at, e.offset(), "type " + type);
            assertTrue(e.getMessage().contains("unknown RDB type " + type + " (byte 0x" + Integer.toHexString(type)),
                    e.getMessage());
        }
    }

    @Test
    void aListpackExOutOfTtlOrderIsCorrupt() {
        byte[] lp = new ListpackWriter().append("a".getBytes(US_ASCII)).append("1".getBytes(US_ASCII)).appendInteger(0)
                .append("b".getBytes(US_ASCII)).append("2".getBytes(US_ASCII)).appendInteger(Rdb12Fixtures.T1)
                .toBytes();
        byte[] file = new RdbFileBuilder(12).entry(Rdb.TYPE_HASH_LISTPACK_EX_PRE_GA, "h",
                LegacyEncodings.rdbString(lp)).end();
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> read(file));
        assertTrue(e.getMessage().contains("breaks the TTL order"), e.getMessage());
        assertTrue(e.getMessage().contains("key \"h\""), e.getMessage());
    }

    @Test
    void aFieldTtlBeyondTheMaximumIsCorrupt() {
        byte[] body = new byte[] {1, (byte) 0x81, 0, 2, 0, 0, 0, 0, 0, 0, 1, 'f', 1, 'v'};
        byte[] file = new RdbFileBuilder(12).entry(Rdb.TYPE_HASH_METADATA_PRE_GA, "h", body).end();
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> read(file));
        assertTrue(e.getMessage().contains("invalid hash field expireAt time"), e.getMessage());
    }

    @Test
    void everyTruncationIsAnErrorWithAnOffsetInsideTheFile() throws Exception {
        byte[] file = Rdb12Fixtures.main();
        for (int cut = 0; cut < file.length; cut++) {
            byte[] torn = Arrays.copyOf(file, cut);
            try {
                read(torn);
                fail("a file cut at " + cut + " was read");
            } catch (RdbFormatException e) {
                assertTrue(e.offset() >= 0 && e.offset() <= cut, "cut " + cut + ": " + e.getMessage());
            }
        }
    }

    @Test
    void everyFlippedByteIsAnErrorWithAnOffsetNeverACrash() throws Exception {
        byte[] file = Rdb12Fixtures.main();
        for (int at = 0; at < file.length; at++) {
            byte[] damaged = file.clone();
            damaged[at] ^= (byte) 0x5a;
            try {
                read(damaged);
                fail("a file with byte " + at + " flipped was read");
            } catch (RdbFormatException e) {
                assertTrue(e.offset() >= 0 && e.offset() <= file.length, "flip " + at + ": " + e.getMessage());
            }
        }
    }

    private static void read(byte[] file) {
        new RdbFileReader(new ByteArrayInputStream(file), ENGINE.types()).read(e -> {
        });
    }

    private static RdbLoader.Result load(Engine engine, byte[] file, RdbLoader.Options options) throws Exception {
        return engine.loop().submit(() -> RdbLoader.load(engine, new ByteArrayInputStream(file), "v12", options))
                .get();
    }

    private static String hgetall(Engine engine, String key) {
        return engine.execute("HGETALL", key).toString();
    }

    /** HGETALL of a hashtable, whose order is not the file's: pairs sorted by field. */
    private static String sorted(Engine engine, String key) {
        String reply = hgetall(engine, key);
        String[] items = reply.substring(1, reply.length() - 1).split(", ");
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < items.length; i += 2) {
            pairs.add(items[i] + ", " + items[i + 1]);
        }
        pairs.sort(null);
        assertFalse(pairs.isEmpty(), reply);
        return "[" + String.join(", ", pairs) + "]";
    }
}
