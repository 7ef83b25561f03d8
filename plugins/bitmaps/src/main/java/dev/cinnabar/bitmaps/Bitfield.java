// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.bitmaps;

/**
 * Integers of 1 to 64 bits at any bit offset of a string, and the overflow rules of BITFIELD, as bitops.c
 * computes them. Unsigned values travel in a {@code long} holding the 64-bit pattern; all arithmetic wraps
 * as C's does on two's complement, so quirks at the edges (SET i8 with a value far below -128) match.
 */
final class Bitfield {
    /** BITFIELD's OVERFLOW modes. */
    enum Overflow { WRAP, SAT, FAIL }

    private Bitfield() {
    }

    /** The {@code bits}-bit unsigned integer at {@code offset}; bytes past the end of {@code s} read as 0. */
    static long getUnsigned(byte[] s, long offset, int bits) {
        long value = 0;
        for (int j = 0; j < bits; j++, offset++) {
            value = (value << 1) | Bits.get(s, offset);
        }
        return value;
    }

    /** The {@code bits}-bit two's complement integer at {@code offset}, sign extended. */
    static long getSigned(byte[] s, long offset, int bits) {
        long value = getUnsigned(s, offset, bits);
        if (bits < 64 && (value & (1L << (bits - 1))) != 0) {
            value |= -1L << bits;
        }
        return value;
    }

    /** Stores the low {@code bits} bits of {@code value} at {@code offset}, which must lie inside {@code s}. */
    static void set(byte[] s, long offset, int bits, long value) {
        for (int j = 0; j < bits; j++, offset++) {
            Bits.set(s, offset, (int) (value >>> (bits - 1 - j)) & 1);
        }
    }

    /**
     * Redis's {@code checkUnsignedBitfieldOverflow}: 1 when {@code value + incr} (value unsigned) exceeds a
     * {@code bits}-bit unsigned integer, -1 when it goes below 0, else 0.
     */
    static int unsignedOverflow(long value, long incr, int bits) {
        long max = bits == 64 ? -1L : (1L << bits) - 1;
        long maxIncr = max - value;
        long minIncr = -value;
        if (Long.compareUnsigned(value, max) > 0 || (incr > 0 && incr > maxIncr)) {
            return 1;
        }
        if (incr < 0 && incr < minIncr) {
            return -1;
        }
        return 0;
    }

    /** The value an unsigned field takes after an {@code overflow} (1 or -1) in mode WRAP or SAT. */
    static long unsignedLimit(long value, long incr, int bits, int overflow, Overflow mode) {
        long max = bits == 64 ? -1L : (1L << bits) - 1;
        if (mode == Overflow.SAT) {
            return overflow > 0 ? max : 0;
        }
        return (value + incr) & max;
    }

    /**
     * Redis's {@code checkSignedBitfieldOverflow}: 1 when {@code value + incr} exceeds a {@code bits}-bit
     * signed integer, -1 when it goes below its minimum, else 0.
     */
    static int signedOverflow(long value, long incr, int bits) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        // as in C, these may wrap; they are used only where the checks before make the result meaningful
        long maxIncr = max - value;
        long minIncr = min - value;
        if (value > max || (bits != 64 && incr > maxIncr) || (value >= 0 && incr > 0 && incr > maxIncr)) {
            return 1;
        }
        if (value < min || (bits != 64 && incr < minIncr) || (value < 0 && incr < 0 && incr < minIncr)) {
            return -1;
        }
        return 0;
    }

    /** The value a signed field takes after an {@code overflow} (1 or -1) in mode WRAP or SAT. */
    static long signedLimit(long value, long incr, int bits, int overflow, Overflow mode) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        if (mode == Overflow.SAT) {
            return overflow > 0 ? max : -max - 1;
        }
        long c = value + incr;
        if (bits < 64) {
            long mask = -1L << bits;
            c = (c & (1L << (bits - 1))) != 0 ? c | mask : c & ~mask;
        }
        return c;
    }
}
