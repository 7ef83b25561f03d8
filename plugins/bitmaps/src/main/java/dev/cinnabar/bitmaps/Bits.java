// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.bitmaps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Bit arithmetic on a string's bytes as Redis's bitops.c numbers them: bit 0 is the most significant bit of
 * the first byte.
 */
final class Bits {
    /** Reads eight bytes at once, the first one most significant, so whole words can be skipped or counted. */
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** Runs of the byte BITPOS skips, compared a chunk at a time. */
    private static final byte[] ZEROS = new byte[4096];
    private static final byte[] ONES = new byte[4096];

    static {
        Arrays.fill(ONES, (byte) 0xff);
    }

    private Bits() {
    }

    /** The bit at {@code offset}, 0 past the end of the string (a string is zero padded on the right). */
    static int get(byte[] s, long offset) {
        long index = offset >>> 3;
        if (index >= s.length) {
            return 0;
        }
        return (s[(int) index] >> (7 - (int) (offset & 7))) & 1;
    }

    /** Sets the bit at {@code offset}, which must lie inside {@code s}, to {@code value} (0 or 1). */
    static void set(byte[] s, long offset, int value) {
        int index = (int) (offset >>> 3);
        int mask = 1 << (7 - (int) (offset & 7));
        s[index] = (byte) (value != 0 ? s[index] | mask : s[index] & ~mask);
    }

    /** Number of set bits in {@code count} bytes from {@code from} (Redis's {@code redisPopcount}). */
    static long popcount(byte[] s, int from, int count) {
        long bits = 0;
        int i = from;
        int end = from + count;
        for (; end - i >= 8; i += 8) {
            bits += Long.bitCount((long) WORDS.get(s, i));
        }
        for (; i < end; i++) {
            bits += Integer.bitCount(s[i] & 0xff);
        }
        return bits;
    }

    /**
     * Redis's {@code redisBitpos}: the position, relative to bit 0 of byte {@code from}, of the first bit equal
     * to {@code bit} in {@code count} bytes. Not found, it is {@code count * 8} when looking for 0 (the string
     * counts as zero padded on the right) and -1 when looking for 1.
     */
    static long position(byte[] s, int from, int count, int bit) {
        byte[] skip = bit == 1 ? ZEROS : ONES;
        int i = from;
        int end = from + count;
        // Arrays.mismatch is vectorized: long runs of the skipped byte go at memory speed
        while (i < end) {
            int n = Math.min(skip.length, end - i);
            int at = Arrays.mismatch(s, i, i + n, skip, 0, n);
            if (at >= 0) {
                return (long) (i + at - from) * 8 + firstInByte(s[i + at] & 0xff, bit);
            }
            i += n;
        }
        return bit == 1 ? -1 : (long) count * 8;
    }

    /** {@code redisBitpos} over a single byte value: 0-7, or 8 (looking for 0) / -1 (looking for 1). */
    static long position(int oneByte, int bit) {
        int b = bit == 1 ? oneByte & 0xff : ~oneByte & 0xff;
        return b == 0 ? (bit == 1 ? -1 : 8) : firstInByte(oneByte & 0xff, bit);
    }

    private static int firstInByte(int b, int bit) {
        int ones = bit == 1 ? b : ~b & 0xff;
        return Integer.numberOfLeadingZeros(ones) - 24;
    }
}
