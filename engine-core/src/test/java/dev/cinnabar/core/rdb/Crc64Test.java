// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Crc64Test {
    @Test
    void checkValueOf123456789IsRedisKnownAnswer() {
        assertEquals(0xe9c6d914c4b8d9caL, Crc64.of("123456789".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void emptyInputHasCrcZero() {
        assertEquals(0, Crc64.of(new byte[0]));
    }

    @Test
    void crcOfRedisDumpPayloadMatchesItsFooter() {
        // DUMP of the string "v" from Redis 7.0.15: body, version 10, CRC little-endian
        byte[] payload = HexFormat.of().parseHex("0001760a009108ceb219388ace");
        long crc = Crc64.update(0, payload, 0, payload.length - 8);
        assertEquals(0xce8a3819b2ce0891L, crc);
    }

    @Test
    void updatingInPiecesEqualsOneUpdateAcrossTheSlicingBoundaries() {
        byte[] data = new byte[1000];
        new Random(42).nextBytes(data);
        long whole = Crc64.of(data);
        for (int split = 0; split <= 17; split++) {
            long crc = Crc64.update(0, data, 0, split);
            crc = Crc64.update(crc, data, split, data.length - split);
            assertEquals(whole, crc, "split at " + split);
        }
        assertEquals(whole, bitwise(data));
    }

    /** The textbook bit-at-a-time reflected CRC, as a reference for the table-driven one. */
    private static long bitwise(byte[] data) {
        long poly = Long.reverse(0xad93d23594c935a9L);
        long crc = 0;
        for (byte b : data) {
            crc ^= b & 0xff;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ poly : crc >>> 1;
            }
        }
        return crc;
    }
}
