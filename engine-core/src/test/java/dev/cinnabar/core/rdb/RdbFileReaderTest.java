// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import dev.cinnabar.core.TypeRegistry;
import dev.cinnabar.core.family.strings.StringType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class RdbFileReaderTest {
    private static final TypeRegistry STRINGS = new TypeRegistry();

    static {
        STRINGS.register(StringType.INSTANCE);
    }

    /** Every record as one line of text, in file order. */
    static final class Recorder implements RdbVisitor {
        final List<String> events = new ArrayList<>();

        @Override
        public void header(int rdbVersion) {
            events.add("header " + rdbVersion);
        }

        @Override
        public void aux(byte[] name, byte[] value) {
            events.add("aux " + s(name) + "=" + s(value));
        }

        @Override
        public void selectDb(long db) {
            events.add("select " + db);
        }

        @Override
        public void resizeDb(long size, long expiresSize) {
            events.add("resize " + size + " " + expiresSize);
        }

        @Override
        public void function(byte[] libraryCode) {
            events.add("function " + s(libraryCode));
        }

        @Override
        public void moduleAux(String moduleName, long moduleId, long when) {
            events.add("moduleAux " + moduleName + " v" + (moduleId & 1023) + " when " + when);
        }

        @Override
        public void entry(RdbEntry e) {
            events.add("entry db" + e.db() + " " + s(e.key()) + "=" + s((byte[]) e.value()) + " type " + e.typeId()
                    + " expire " + e.expireAtMillis() + " idle " + e.idleSeconds() + " freq " + e.lfuFrequency()
                    + " @" + e.offset());
        }

        @Override
        public void end(long storedChecksum, long computedChecksum) {
            events.add("end " + (storedChecksum == 0 ? "unchecked" : storedChecksum == computedChecksum ? "ok" : "BAD"));
        }

        private static String s(byte[] b) {
            return new String(b, UTF_8);
        }
    }

    static List<String> read(byte[] file) {
        Recorder r = new Recorder();
        long n = new RdbFileReader(new ByteArrayInputStream(file), STRINGS).read(r);
        assertEquals(file.length, n, "bytes read");
        return r.events;
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = RdbFileReaderTest.class.getResourceAsStream("/rdb/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void opcodesArePinnedToRedisValues() {
        assertEquals(245, RdbOpcodes.FUNCTION2);
        assertEquals(246, RdbOpcodes.FUNCTION_PRE_GA);
        assertEquals(247, RdbOpcodes.MODULE_AUX);
        assertEquals(248, RdbOpcodes.IDLE);
        assertEquals(249, RdbOpcodes.FREQ);
        assertEquals(250, RdbOpcodes.AUX);
        assertEquals(251, RdbOpcodes.RESIZEDB);
        assertEquals(252, RdbOpcodes.EXPIRETIME_MS);
        assertEquals(253, RdbOpcodes.EXPIRETIME);
        assertEquals(254, RdbOpcodes.SELECTDB);
        assertEquals(255, RdbOpcodes.EOF);
        assertEquals(0, RdbOpcodes.MODULE_OPCODE_EOF);
        assertEquals(1, RdbOpcodes.MODULE_OPCODE_SINT);
        assertEquals(2, RdbOpcodes.MODULE_OPCODE_UINT);
        assertEquals(3, RdbOpcodes.MODULE_OPCODE_FLOAT);
        assertEquals(4, RdbOpcodes.MODULE_OPCODE_DOUBLE);
        assertEquals(5, RdbOpcodes.MODULE_OPCODE_STRING);
    }

    @Test
    void everyOpcodeReachesTheVisitorWithEntryOffsets() {
        RdbFileBuilder b = new RdbFileBuilder(10).aux("redis-ver", "7.0.15")
                .moduleAux(RdbFileBuilder.moduleId("MyModType", 3), 2)
                .function("#!lua name=lib\nredis.register_function('f', function() return 1 end)")
                .preGaFunction("old", "LUA", "a description", "return 2")
                .selectDb(0).resizeDb(2, 1);
        long first = b.offset();
        b.expireAtMillis(4102444800123L).idle(77).string("a", "1");
        long second = b.offset();
        b.freq(9).string("b", "two");
        b.selectDb(5).resizeDb(1, 1);
        long third = b.offset();
        b.expireAtSeconds(2000000000).string("c", "");
        assertEquals(List.of(
                "header 10",
                "aux redis-ver=7.0.15",
                "moduleAux MyModType v3 when 2",
                "function #!lua name=lib\nredis.register_function('f', function() return 1 end)",
                "function #!LUA name=old\nreturn 2",
                "select 0",
                "resize 2 1",
                "entry db0 a=1 type 0 expire 4102444800123 idle 77 freq -1 @" + first,
                "entry db0 b=two type 0 expire -1 idle -1 freq 9 @" + second,
                "select 5",
                "resize 1 1",
                "entry db5 c= type 0 expire 2000000000000 idle -1 freq -1 @" + third,
                "end ok"), read(b.end()));
    }

    @Test
    void readsAFileWrittenByRedis7() throws IOException {
        List<String> events = read(resource("redis-7.0.15-strings.rdb"));
        assertEquals("header 10", events.get(0));
        assertEquals("aux redis-ver=7.0.15", events.get(1));
        assertEquals("aux redis-bits=64", events.get(2));
        assertTrue(events.contains("aux aof-base=0"));
        assertTrue(events.contains("resize 5 0"));
        assertTrue(events.stream().anyMatch(e -> e.startsWith("entry db0 n=12345 ")));
        assertTrue(events.stream().anyMatch(e -> e.startsWith("entry db0 long=" + "a".repeat(100) + " ")));
        assertTrue(events.stream().anyMatch(e -> e.startsWith("entry db0 e= ")));
        assertTrue(events.stream().anyMatch(e -> e.startsWith("entry db2 ttl=v type 0 expire 4102444800000 ")));
        assertEquals("end ok", events.get(events.size() - 1));
    }

    @Test
    void aWrongChecksumIsAnErrorAtItsOffset() throws IOException {
        byte[] file = resource("redis-7.0.15-strings.rdb");
        file[file.length - 1] ^= 1;
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> read(file));
        assertEquals(file.length - 8, e.offset());
        assertTrue(e.getMessage().contains("CRC"), e.getMessage());
    }

    @Test
    void aCorruptByteInTheBodyFailsTheChecksum() throws IOException {
        byte[] file = resource("redis-7.0.15-strings.rdb");
        int at = indexOf(file, "bar".getBytes(UTF_8));
        file[at] = 'c';
        assertThrows(RdbFormatException.class, () -> read(file));
    }

    @Test
    void aWrongChecksumPassesWhenVerificationIsOff() throws IOException {
        byte[] file = resource("redis-7.0.15-strings.rdb");
        file[file.length - 1] ^= 1;
        Recorder r = new Recorder();
        new RdbFileReader(new ByteArrayInputStream(file), STRINGS::forRdbType, false).read(r);
        assertEquals("end BAD", r.events.get(r.events.size() - 1));
    }

    @Test
    void aZeroChecksumIsAcceptedAsRdbchecksumNo() {
        byte[] file = new RdbFileBuilder(10).string("k", "v").endWithoutChecksum();
        assertEquals("end unchecked", read(file).get(2));
    }

    @Test
    void versionsBeforeFiveHaveNoChecksum() {
        byte[] file = new RdbFileBuilder(4).selectDb(0).expireAtSeconds(2000000000).string("k", "v").end();
        assertEquals(List.of("header 4", "select 0",
                "entry db0 k=v type 0 expire 2000000000000 idle -1 freq -1 @11", "end unchecked"), read(file));
    }

    @Test
    void everyVersionFromOneToTwelveIsRead() {
        for (int v = 1; v <= 12; v++) {
            assertEquals("header " + v, read(new RdbFileBuilder(v).string("k", "v").end()).get(0));
        }
    }

    @Test
    void unknownVersionsAndSignaturesAreRefused() {
        RdbFormatException newer = assertThrows(RdbFormatException.class,
                () -> read(new RdbFileBuilder(13).end()));
        assertTrue(newer.getMessage().contains("version"), newer.getMessage());
        byte[] notRdb = "HELLO0010\u00ff".getBytes(UTF_8);
        assertEquals(0, assertThrows(RdbFormatException.class, () -> read(notRdb)).offset());
        byte[] letters = "REDIS00x1\u00ff".getBytes(UTF_8);
        assertEquals(5, assertThrows(RdbFormatException.class, () -> read(letters)).offset());
    }

    @Test
    void truncationAtEveryOffsetIsAFormatError() throws IOException {
        for (byte[] file : List.of(resource("redis-7.0.15-strings.rdb"), everyOpcodeFile())) {
            for (int n = 0; n < file.length; n++) {
                byte[] cut = Arrays.copyOf(file, n);
                try {
                    read(cut);
                    fail("a file cut at " + n + " of " + file.length + " was accepted");
                } catch (RdbFormatException e) {
                    assertTrue(e.offset() <= n, "offset " + e.offset() + " beyond the cut at " + n);
                }
            }
        }
    }

    @Test
    void everySingleByteCorruptionIsAFormatErrorOrDetected() throws IOException {
        byte[] file = resource("redis-7.0.15-strings.rdb");
        for (int i = 0; i < file.length; i++) {
            for (int bit : new int[] {1, 0x80}) {
                byte[] bad = file.clone();
                bad[i] ^= (byte) bit;
                try {
                    read(bad);
                    fail("a corrupt byte at " + i + " was not detected");
                } catch (RdbFormatException expected) {
                    // any malformed file must end here, never in another exception
                }
            }
        }
    }

    private static byte[] everyOpcodeFile() {
        return new RdbFileBuilder(10).aux("x", "y").moduleAux(RdbFileBuilder.moduleId("MyModType", 3), 1)
                .function("#!lua name=l\n").preGaFunction("n", "LUA", null, "c").selectDb(1).resizeDb(1, 1)
                .expireAtMillis(1).idle(3).freq(4).string("k", "v").expireAtSeconds(5).string("k2", "v2").end();
    }

    @Test
    void aModuleValueNamesItsModule() {
        byte[] file = new RdbFileBuilder(10).entry(Rdb.TYPE_MODULE_2, "m", new byte[0])
                .raw((byte) 0x81).raw(longBigEndian(RdbFileBuilder.moduleId("ReJSON-RL", 3))).end();
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> read(file));
        assertTrue(e.getMessage().contains("no matching module 'ReJSON-RL'"), e.getMessage());
        assertTrue(e.getMessage().contains("\"m\""), e.getMessage());
        assertEquals(9, e.offset());
    }

    @Test
    void moduleTypeNamesDecodeAsRedisDoes() {
        assertEquals("MyModType", RdbFileReader.moduleTypeName(RdbFileBuilder.moduleId("MyModType", 1023)));
        assertEquals("AAAAAAAAA", RdbFileReader.moduleTypeName(0));
        assertEquals("_________", RdbFileReader.moduleTypeName(-1L));
    }

    @Test
    void aStreamWithoutTheStreamsPluginIsAClearError() {
        for (int type : new int[] {15, 19, 21}) {
            byte[] file = new RdbFileBuilder(10).entry(type, "s", new byte[] {0}).end();
            RdbFormatException e = assertThrows(RdbFormatException.class, () -> read(file));
            assertTrue(e.getMessage().contains("requires the streams plugin"), e.getMessage());
        }
    }

    @Test
    void anUnknownTypeIsAnErrorAtItsOffset() {
        RdbFileBuilder b = new RdbFileBuilder(10).string("k", "v");
        long at = b.offset();
        byte[] file = b.entry(200, "x", new byte[0]).end();
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> read(file));
        assertEquals(at, e.offset());
        assertTrue(e.getMessage().contains("unknown RDB type 200"), e.getMessage());
    }

    @Test
    void aBadModuleAuxWhenOpcodeIsAnError() {
        byte[] file = new RdbFileBuilder(10).raw((byte) RdbOpcodes.MODULE_AUX, (byte) 1, (byte) 5, (byte) 1).end();
        assertThrows(RdbFormatException.class, () -> read(file));
    }

    @Test
    void theReaderStopsRightAfterTheChecksum() throws IOException {
        byte[] rdb = resource("redis-7.0.15-strings.rdb");
        byte[] tail = "*1\r\n$4\r\nPING\r\n".getBytes(UTF_8);
        byte[] both = Arrays.copyOf(rdb, rdb.length + tail.length);
        System.arraycopy(tail, 0, both, rdb.length, tail.length);
        ByteArrayInputStream in = new ByteArrayInputStream(both);
        assertEquals(rdb.length, new RdbFileReader(in, STRINGS).read(new Recorder()));
        assertEquals(new String(tail, UTF_8), new String(in.readAllBytes(), UTF_8));
    }

    private static byte[] longBigEndian(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (56 - 8 * i));
        }
        return b;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
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
