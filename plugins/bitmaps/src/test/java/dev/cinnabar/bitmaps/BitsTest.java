// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.bitmaps;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Bit numbering, popcount over ranges and redisBitpos, checked against a bit-by-bit model. */
class BitsTest {
    @Test
    void bitZeroIsTheMostSignificantBitOfTheFirstByte() {
        byte[] s = {(byte) 0x80, 0x01};
        assertEquals(1, Bits.get(s, 0));
        assertEquals(0, Bits.get(s, 1));
        assertEquals(1, Bits.get(s, 15));
        assertEquals(0, Bits.get(s, 16));
        assertEquals(0, Bits.get(s, 1L << 40));
        Bits.set(s, 0, 0);
        Bits.set(s, 9, 1);
        assertEquals(0x00, s[0] & 0xff);
        assertEquals(0x41, s[1] & 0xff);
    }

    @Test
    void popcountOfEveryRangeMatchesCountingBitByBit() {
        Random rnd = new Random(7);
        byte[] s = new byte[37];
        rnd.nextBytes(s);
        for (int from = 0; from <= s.length; from++) {
            for (int count = 0; from + count <= s.length; count++) {
                long expected = 0;
                for (long bit = from * 8L; bit < (from + count) * 8L; bit++) {
                    expected += Bits.get(s, bit);
                }
                assertEquals(expected, Bits.popcount(s, from, count), "from " + from + " count " + count);
            }
        }
    }

    @Test
    void positionFindsTheFirstMatchingBitOrReportsRedisNotFoundValues() {
        Random rnd = new Random(11);
        for (int round = 0; round < 2000; round++) {
            byte[] s = new byte[1 + rnd.nextInt(30)];
            int fill = rnd.nextInt(3);
            for (int i = 0; i < s.length; i++) {
                s[i] = (byte) (fill == 0 ? 0 : fill == 1 ? 0xff : rnd.nextInt(256));
            }
            if (rnd.nextBoolean()) {
                s[rnd.nextInt(s.length)] ^= (byte) (1 << rnd.nextInt(8));
            }
            int from = rnd.nextInt(s.length);
            int count = rnd.nextInt(s.length - from + 1);
            for (int bit = 0; bit <= 1; bit++) {
                long expected = bit == 1 ? -1 : count * 8L;
                for (long i = 0; i < count * 8L; i++) {
                    if (Bits.get(s, from * 8L + i) == bit) {
                        expected = i;
                        break;
                    }
                }
                assertEquals(expected, Bits.position(s, from, count, bit));
            }
        }
    }

    @Test
    void positionInOneByte() {
        assertEquals(-1, Bits.position(0x00, 1));
        assertEquals(8, Bits.position(0xff, 0));
        assertEquals(0, Bits.position(0x80, 1));
        assertEquals(7, Bits.position(0x01, 1));
        assertEquals(7, Bits.position(0xfe, 0));
        assertEquals(0, Bits.position(0x7f, 0));
    }
}
