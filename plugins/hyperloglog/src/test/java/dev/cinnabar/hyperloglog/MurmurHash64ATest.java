// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.hyperloglog;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MurmurHash64ATest {
    /** Values of hyperloglog.c's MurmurHash64A(key, len, 0xadc83b19) built with gcc on x86-64. */
    @Test
    void hashesMatchRedisForEveryTailLength() {
        assertEquals(0xd8dfea6585bc9732L, hash(""));
        assertEquals(0x53d2470a9b43b1a7L, hash("a"));
        assertEquals(0x0eaed676437142cfL, hash("ab"));
        assertEquals(0x77ec90aeb374e502L, hash("abc"));
        assertEquals(0x22fe613bb08c9602L, hash("abcdefg"));
        assertEquals(0xf3a65df559914567L, hash("abcdefgh"));
        assertEquals(0x834fba4d9152daf7L, hash("abcdefghi"));
        assertEquals(0x13ea3d21686b0718L, hash("hello world, this is redis"));
    }

    @Test
    void bytesAboveSeventyFAreUnsigned() {
        byte[] data = {(byte) 0xff, (byte) 0xfe, (byte) 0x80, 0x00, 0x01};
        assertEquals(0xe87b8b28817fc0e1L, MurmurHash64A.hash(data, MurmurHash64A.HLL_SEED));
    }

    private static long hash(String s) {
        return MurmurHash64A.hash(s.getBytes(StandardCharsets.ISO_8859_1), MurmurHash64A.HLL_SEED);
    }
}
