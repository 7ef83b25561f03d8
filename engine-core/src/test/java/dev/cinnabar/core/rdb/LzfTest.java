// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LzfTest {
    @Test
    void roundTripRestoresEveryKindOfInput() {
        Random random = new Random(7);
        for (int n = 0; n < 500; n++) {
            int length = 1 + random.nextInt(n < 250 ? 100 : 20000);
            byte[] in = switch (n % 4) {
                case 0 -> repeated(random, length, 1 + random.nextInt(10));
                case 1 -> fromAlphabet(random, length, 2);
                case 2 -> fromAlphabet(random, length, 16);
                default -> randomBytes(random, length);
            };
            byte[] out = new byte[in.length + 64];
            int packed = Lzf.compress(in, in.length, out, out.length - 1);
            if (packed == 0) {
                continue;
            }
            byte[] back = new byte[in.length];
            assertEquals(in.length, Lzf.decompress(out, 0, packed, back, back.length));
            assertArrayEquals(in, back);
        }
    }

    @Test
    void compressesARunAsRedisDoes() {
        // Redis 7.0.15 stores 57 times 'a' as 01 61 61 e0 2c 00 01 61 61
        byte[] in = "a".repeat(57).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[in.length - 4 + 1];
        int packed = Lzf.compress(in, in.length, out, in.length - 4);
        assertEquals("016161e02c00016161", HexFormat.of().formatHex(out, 0, packed));
    }

    @Test
    void givesUpWhenTheOutputDoesNotFit() {
        byte[] in = randomBytes(new Random(1), 100);
        byte[] out = new byte[97];
        assertEquals(0, Lzf.compress(in, in.length, out, 96));
    }

    @Test
    void rejectsCorruptData() {
        byte[] out = new byte[10];
        // literal run of 5 bytes with only 2 present
        assertEquals(0, Lzf.decompress(new byte[]{4, 'a', 'b'}, 0, 3, out, out.length));
        // back reference before the start of the output
        assertEquals(0, Lzf.decompress(new byte[]{0, 'a', 0x20, 5}, 0, 4, out, out.length));
        // output larger than announced
        byte[] in = "a".repeat(57).getBytes(StandardCharsets.US_ASCII);
        byte[] packed = new byte[60];
        int n = Lzf.compress(in, in.length, packed, 53);
        assertTrue(n > 0);
        assertEquals(0, Lzf.decompress(packed, 0, n, new byte[56], 56));
    }

    private static byte[] repeated(Random random, int length, int unit) {
        byte[] pattern = randomBytes(random, unit);
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = pattern[i % unit];
        }
        return out;
    }

    private static byte[] fromAlphabet(Random random, int length, int letters) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) ('a' + random.nextInt(letters));
        }
        return out;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return Arrays.copyOf(out, length);
    }
}
