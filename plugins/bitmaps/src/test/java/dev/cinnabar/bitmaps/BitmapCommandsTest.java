// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.bitmaps;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bit commands in an embedded engine: replies, keyspace events, the dirty counter and what is propagated,
 * which the differential scripts cannot see.
 */
class BitmapCommandsTest {
    private final BitmapFixture f = new BitmapFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void setbitCreatesGrowsAndReportsTheOldBit() {
        assertEquals(0, f.integer("SETBIT", "k", "7", "1"));
        assertEquals(1, f.integer("SETBIT", "k", "7", "0"));
        assertEquals(0, f.integer("SETBIT", "k", "9", "1"));
        assertEquals(2, f.integer("STRLEN", "k"));
        assertEquals(1, f.integer("GETBIT", "k", "9"));
        assertEquals(0, f.integer("GETBIT", "k", "100000"));
    }

    @Test
    void setbitCountsAndPropagatesOnlyAChangeOrAGrowth() {
        f.integer("SETBIT", "k", "0", "0");
        f.events();
        f.propagated();
        long dirty = f.dirty();
        f.integer("SETBIT", "k", "0", "0");
        assertEquals(dirty, f.dirty());
        assertEquals(List.of(), f.propagated());
        assertEquals(List.of(), f.events());
        f.integer("SETBIT", "k", "0", "1");
        f.integer("SETBIT", "k", "90", "0");
        assertEquals(dirty + 2, f.dirty());
        assertEquals(List.of("SETBIT k 0 1", "SETBIT k 90 0"), f.propagated());
        assertEquals(List.of("setbit k", "setbit k"), f.events());
    }

    @Test
    void bitfieldCountsEveryChangingWriteAndEveryWriteThatGrewTheString() {
        f.array("BITFIELD", "k", "SET", "i5", "0", "0");
        f.propagated();
        long dirty = f.dirty();
        // no change; a change; INCRBY by 0 changes nothing
        f.array("BITFIELD", "k", "SET", "i5", "0", "0", "SET", "i5", "0", "1", "INCRBY", "i5", "0", "0");
        assertEquals(dirty + 1, f.dirty());
        // growth makes every write count, as Redis counts strGrowSize
        f.array("BITFIELD", "k", "SET", "u8", "0", "8", "SET", "u8", "100", "0", "GET", "u8", "0");
        assertEquals(dirty + 3, f.dirty());
        assertEquals(2, f.propagated().size());
    }

    @Test
    void bitfieldWithOnlyGetsOrOnlyFailedWritesIsNotPropagated() {
        f.array("BITFIELD", "k", "SET", "u8", "0", "255");
        f.events();
        f.propagated();
        long dirty = f.dirty();
        assertEquals(List.of("255", "0"), f.array("BITFIELD", "k", "GET", "u8", "0", "GET", "u8", "1000"));
        assertEquals(List.of("nil", "nil"),
                f.array("BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "1", "SET", "u8", "0", "256"));
        assertEquals(dirty, f.dirty());
        assertEquals(List.of(), f.propagated());
        assertEquals(List.of(), f.events());
    }

    @Test
    void bitfieldFailKeepsTheGrownStringSilentlyAsRedisDoes() {
        assertEquals(List.of("nil"), f.array("BITFIELD", "k", "OVERFLOW", "FAIL", "SET", "u8", "16", "300"));
        assertEquals(3, f.integer("STRLEN", "k"));
        assertEquals(List.of(), f.propagated());
        assertEquals(List.of(), f.events());
    }

    @Test
    void bitopStoresWithSetAndDeletesOnAnEmptyResult() {
        f.run(BitmapFixture.bytes("SET"), BitmapFixture.bytes("a"), new byte[] {(byte) 0xff});
        f.run("SET", "d", "x", "EX", "100");
        f.events();
        f.propagated();
        assertEquals(1, f.integer("BITOP", "NOT", "d", "a"));
        assertEquals(-1, f.integer("TTL", "d"));
        assertArrayEquals(new byte[] {0}, f.value("d"));
        assertEquals(0, f.integer("BITOP", "AND", "d", "missing"));
        assertEquals(0, f.integer("EXISTS", "d"));
        assertEquals(0, f.integer("BITOP", "AND", "d", "missing"));
        assertEquals(List.of("set d", "del d"), f.events());
        assertEquals(List.of("BITOP NOT d a", "BITOP AND d missing"), f.propagated());
    }

    @Test
    void bitRangesOfBitcountAndBitposMatchABitByBitModel() {
        byte[] value = {(byte) 0xf0, 0x00, (byte) 0xff, 0x01, (byte) 0x80, 0x7f};
        f.run(BitmapFixture.bytes("SET"), BitmapFixture.bytes("k"), value);
        int total = value.length * 8;
        for (int start = -total - 2; start <= total + 1; start += 1) {
            for (int end = -total - 2; end <= total + 1; end += 3) {
                int from = Math.max(0, start < 0 ? total + start : start);
                int to = Math.min(total - 1, Math.max(0, end < 0 ? total + end : end));
                if (start < 0 && end < 0 && start > end) {
                    to = -1;
                }
                long ones = 0;
                long first0 = -1;
                long first1 = -1;
                for (int i = from; i <= to; i++) {
                    int bit = Bits.get(value, i);
                    ones += bit;
                    if (bit == 0 && first0 < 0) {
                        first0 = i;
                    }
                    if (bit == 1 && first1 < 0) {
                        first1 = i;
                    }
                }
                String s = Integer.toString(start);
                String e = Integer.toString(end);
                assertEquals(ones, f.integer("BITCOUNT", "k", s, e, "BIT"), "BITCOUNT " + s + " " + e);
                if (!(start < 0 && end < 0 && start > end)) {
                    assertEquals(first0, f.integer("BITPOS", "k", "0", s, e, "BIT"), "BITPOS 0 " + s + " " + e);
                    assertEquals(first1, f.integer("BITPOS", "k", "1", s, e, "BIT"), "BITPOS 1 " + s + " " + e);
                }
            }
        }
    }

    @Test
    void bitposWithoutAnEndTreatsTheStringAsZeroPadded() {
        f.run(BitmapFixture.bytes("SET"), BitmapFixture.bytes("k"), new byte[] {(byte) 0xff, (byte) 0xff});
        assertEquals(16, f.integer("BITPOS", "k", "0"));
        assertEquals(16, f.integer("BITPOS", "k", "0", "1"));
        assertEquals(-1, f.integer("BITPOS", "k", "0", "1", "-1"));
        assertEquals(-1, f.integer("BITPOS", "k", "0", "0", "-1", "BIT"));
        assertEquals(-1, f.integer("BITPOS", "k", "1", "2"));
        assertEquals(-1, f.integer("BITPOS", "k", "0", "5"));
    }

    @Test
    void readCommandsNeverTouchTheStoredValue() {
        f.run("SET", "k", "foobar");
        byte[] stored = f.onLoop(() -> f.engine().database(0).getString(BitmapFixture.bytes("k")));
        byte[] before = stored.clone();
        f.integer("GETBIT", "k", "1000");
        f.integer("BITCOUNT", "k", "0", "-1", "BIT");
        f.integer("BITPOS", "k", "0", "2", "-1");
        f.array("BITFIELD_RO", "k", "GET", "u8", "40", "GET", "i64", "44");
        f.array("BITFIELD", "k", "GET", "u8", "40", "GET", "i64", "44");
        byte[] after = f.onLoop(() -> f.engine().database(0).getString(BitmapFixture.bytes("k")));
        assertSame(stored, after);
        assertArrayEquals(before, after);
    }

    @Test
    void offsetsPastWhatAJavaArrayHoldsAreTooLongAStringEvenIfProtoMaxBulkLenAllowsThem() {
        f.run("CONFIG", "SET", "proto-max-bulk-len", "9223372036854775807");
        assertEquals("ERR string exceeds maximum allowed size (proto-max-bulk-len)",
                f.error("SETBIT", "k", "17179869184", "1"));
        assertEquals("ERR string exceeds maximum allowed size (proto-max-bulk-len)",
                f.error("BITFIELD", "k", "SET", "i64", "9223372036854775800", "1"));
        assertEquals(List.of("0"), f.array("BITFIELD", "k", "GET", "i64", "9223372036854775800"));
        assertEquals(0, f.integer("EXISTS", "k"));
    }

    @Test
    void aSetbitStringReportsTheEncodingItsBytesGiveNotRedisRaw() {
        // Redis says "raw" for any string SETBIT made; the core string type derives encodings from bytes
        f.integer("SETBIT", "k", "1", "1");
        String encoding = ((dev.cinnabar.core.resp.RespValue.Bulk) f.run("OBJECT", "ENCODING", "k")).text();
        assertTrue(encoding.equals("embstr") || encoding.equals("raw"), encoding);
    }
}
