// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RdbCodecTest {
    private static String written(boolean compress, java.util.function.Consumer<RdbWriter> body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RdbWriter out = new RdbWriter(bytes, compress);
        body.accept(out);
        out.flush();
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    private static RdbReader reader(String hex) {
        return new RdbReader(new ByteArrayInputStream(HexFormat.of().parseHex(hex)), Rdb.VERSION);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void formatNumbersArePinnedToRedisValues() {
        assertEquals(10, Rdb.VERSION);
        assertEquals(0, Rdb.TYPE_STRING);
        assertEquals(0, Rdb.LEN_6BIT);
        assertEquals(1, Rdb.LEN_14BIT);
        assertEquals(3, Rdb.LEN_ENCVAL);
        assertEquals(0x80, Rdb.LEN_32BIT);
        assertEquals(0x81, Rdb.LEN_64BIT);
        assertEquals(0, Rdb.ENC_INT8);
        assertEquals(1, Rdb.ENC_INT16);
        assertEquals(2, Rdb.ENC_INT32);
        assertEquals(3, Rdb.ENC_LZF);
    }

    @Test
    void lengthsUseTheSmallestOfTheFourEncodings() {
        assertEquals("3f", written(true, w -> w.writeLength(63)));
        assertEquals("4040", written(true, w -> w.writeLength(64)));
        assertEquals("7fff", written(true, w -> w.writeLength(16383)));
        assertEquals("8000004000", written(true, w -> w.writeLength(16384)));
        assertEquals("80ffffffff", written(true, w -> w.writeLength(0xffffffffL)));
        assertEquals("810000000100000000", written(true, w -> w.writeLength(0x100000000L)));
        for (long n : new long[]{0, 63, 64, 16383, 16384, 0xffffffffL, 0x100000000L}) {
            assertEquals(n, reader(written(true, w -> w.writeLength(n))).readLength());
        }
    }

    @Test
    void integerStringsAreIntegerEncodedOnlyInCanonicalFormAndThe32BitRange() {
        assertEquals("c001", written(true, w -> w.writeString(ascii("1"))));
        assertEquals("c17fff", written(true, w -> w.writeString(ascii("-129"))));
        assertEquals("c2409c0000", written(true, w -> w.writeString(ascii("40000"))));
        assertEquals("0a33303030303030303030", written(true, w -> w.writeString(ascii("3000000000"))));
        assertEquals("03303132", written(true, w -> w.writeString(ascii("012"))));
        assertEquals("022d30", written(true, w -> w.writeString(ascii("-0"))));
        assertEquals("00", written(true, w -> w.writeString(new byte[0])));
    }

    @Test
    void longStringsAreCompressedOnlyWhenCompressionIsOnAndItPays() {
        byte[] run = ascii("a".repeat(57));
        assertEquals("c30939016161e02c00016161", written(true, w -> w.writeString(run)));
        assertEquals("39" + "61".repeat(57), written(false, w -> w.writeString(run)));
        byte[] twenty = ascii("a".repeat(20));
        assertEquals("14" + "61".repeat(20), written(true, w -> w.writeString(twenty)));
        byte[] incompressible = ascii("abcdefghijklmnopqrstuvwxyz0123");
        assertEquals("1e" + HexFormat.of().formatHex(incompressible),
                written(true, w -> w.writeString(incompressible)));
    }

    @Test
    void everyStringEncodingReadsBack() {
        for (String s : new String[]{"", "v", "0", "-1", "127", "-128", "128", "32767", "-32768", "32768",
                "2147483647", "-2147483648", "2147483648", "012", "a".repeat(57), "x".repeat(20000)}) {
            byte[] value = ascii(s);
            assertArrayEquals(value, reader(written(true, w -> w.writeString(value))).readString(), s);
        }
    }

    @Test
    void binaryDoublesAreLittleEndian() {
        assertEquals("000000000000f03f", written(true, w -> w.writeBinaryDouble(1.0)));
        assertEquals(-2.5, reader(written(true, w -> w.writeBinaryDouble(-2.5))).readBinaryDouble());
    }

    @Test
    void malformedInputIsReportedWithItsOffset() {
        // a string cut short fails where its bytes start, as redis-check-rdb's [offset N] (one rioRead)
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> reader("0561").readString());
        assertEquals(1, e.offset());
        assertTrue(e.getMessage().contains("the data ends at 2"), e.getMessage());
        assertEquals(1, assertThrows(RdbFormatException.class, () -> reader("80000001").readLength()).offset());
        assertThrows(RdbFormatException.class, () -> reader("c4").readString());
        assertThrows(RdbFormatException.class, () -> reader("82").readLength());
        assertThrows(RdbFormatException.class, () -> reader("c3020561ff").readString());
    }

    @Test
    void aHugeDeclaredLengthFailsAtTheEndOfDataWithoutAllocatingIt() {
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> reader("807ffffff061")
                .readString());
        assertEquals(5, e.offset());
        assertTrue(e.getMessage().contains("the data ends at 6"), e.getMessage());
    }

    @Test
    void theWriterKeepsTheCrcOfEverythingWritten() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RdbWriter out = new RdbWriter(bytes, true);
        byte[] big = new byte[20000];
        out.writeRaw(ascii("123"));
        out.writeRaw(big);
        out.writeRaw(ascii("456789"));
        long crc = out.crc();
        out.flush();
        assertEquals(Crc64.of(bytes.toByteArray()), crc);
        assertEquals(20009, out.written());
    }
}
