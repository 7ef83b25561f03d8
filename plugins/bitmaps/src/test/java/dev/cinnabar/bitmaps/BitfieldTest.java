// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.bitmaps;

import dev.cinnabar.bitmaps.Bitfield.Overflow;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * BITFIELD's integer fields and overflow arithmetic for every width, against exact big-integer arithmetic:
 * what bitfield.tcl's overflow detection and wrap fuzzing check, plus SAT.
 */
class BitfieldTest {
    private static final BigInteger TWO = BigInteger.TWO;

    @Test
    void fieldsRoundTripAtEveryWidthAndOffset() {
        Random rnd = new Random(3);
        for (int bits = 1; bits <= 64; bits++) {
            for (int offset = 0; offset < 20; offset++) {
                byte[] s = new byte[(offset + bits + 7) / 8];
                long value = rnd.nextLong();
                Bitfield.set(s, offset, bits, value);
                long mask = bits == 64 ? -1L : (1L << bits) - 1;
                assertEquals(value & mask, Bitfield.getUnsigned(s, offset, bits));
                long signed = bits == 64 ? value : (value << (64 - bits)) >> (64 - bits);
                assertEquals(signed, Bitfield.getSigned(s, offset, bits));
            }
        }
    }

    @Test
    void fieldsReadPastTheEndAsZeros() {
        byte[] s = {(byte) 0xff};
        assertEquals(0xff00, Bitfield.getUnsigned(s, 0, 16));
        assertEquals(-256, Bitfield.getSigned(s, 0, 16));
        assertEquals(0, Bitfield.getUnsigned(s, 8, 63));
    }

    @Test
    void signedIncrementsOverflowWrapAndSaturateExactlyForEveryWidth() {
        Random rnd = new Random(5);
        for (int bits = 1; bits <= 64; bits++) {
            BigInteger min = TWO.pow(bits - 1).negate();
            BigInteger max = TWO.pow(bits - 1).subtract(BigInteger.ONE);
            for (int i = 0; i < 2000; i++) {
                long value = randomIn(rnd, min, max);
                long incr = randomIncrement(rnd, bits);
                BigInteger sum = BigInteger.valueOf(value).add(BigInteger.valueOf(incr));
                int expected = sum.compareTo(max) > 0 ? 1 : sum.compareTo(min) < 0 ? -1 : 0;
                int overflow = Bitfield.signedOverflow(value, incr, bits);
                assertEquals(expected, overflow, "i" + bits + " " + value + " + " + incr);
                if (overflow != 0) {
                    BigInteger range = TWO.pow(bits);
                    long wrapped = sum.subtract(min).mod(range).add(min).longValue();
                    assertEquals(wrapped, Bitfield.signedLimit(value, incr, bits, overflow, Overflow.WRAP));
                    assertEquals(overflow > 0 ? max.longValue() : min.longValue(),
                            Bitfield.signedLimit(value, incr, bits, overflow, Overflow.SAT));
                }
            }
        }
    }

    @Test
    void unsignedIncrementsOverflowWrapAndSaturateExactlyForEveryWidth() {
        Random rnd = new Random(9);
        for (int bits = 1; bits <= 63; bits++) {
            BigInteger max = TWO.pow(bits).subtract(BigInteger.ONE);
            for (int i = 0; i < 2000; i++) {
                long value = randomIn(rnd, BigInteger.ZERO, max);
                long incr = randomIncrement(rnd, bits);
                BigInteger sum = BigInteger.valueOf(value).add(BigInteger.valueOf(incr));
                int expected = sum.compareTo(max) > 0 ? 1 : sum.signum() < 0 ? -1 : 0;
                int overflow = Bitfield.unsignedOverflow(value, incr, bits);
                assertEquals(expected, overflow, "u" + bits + " " + value + " + " + incr);
                if (overflow != 0) {
                    assertEquals(sum.mod(TWO.pow(bits)).longValue(),
                            Bitfield.unsignedLimit(value, incr, bits, overflow, Overflow.WRAP));
                    assertEquals(overflow > 0 ? max.longValue() : 0,
                            Bitfield.unsignedLimit(value, incr, bits, overflow, Overflow.SAT));
                }
            }
        }
    }

    @Test
    void setValuesOutsideTheWidthCountAsOverflowAsInRedis() {
        assertEquals(1, Bitfield.unsignedOverflow(256, 0, 8));
        // a negative value is a huge unsigned one: SAT stores the maximum, WRAP its low bits
        assertEquals(1, Bitfield.unsignedOverflow(-1, 0, 8));
        assertEquals(255, Bitfield.unsignedLimit(-1, 0, 8, 1, Overflow.SAT));
        assertEquals(255, Bitfield.unsignedLimit(-1, 0, 8, 1, Overflow.WRAP));
        assertEquals(1, Bitfield.signedOverflow(128, 0, 8));
        assertEquals(-1, Bitfield.signedOverflow(-129, 0, 8));
        assertEquals(-128, Bitfield.signedLimit(128, 0, 8, 1, Overflow.WRAP));
        // C's wrapping "max - value" makes Long.MIN_VALUE an overflow upwards for widths below 64
        assertEquals(1, Bitfield.signedOverflow(Long.MIN_VALUE, 0, 8));
        assertEquals(127, Bitfield.signedLimit(Long.MIN_VALUE, 0, 8, 1, Overflow.SAT));
        assertEquals(0, Bitfield.signedOverflow(Long.MIN_VALUE, 0, 64));
        assertEquals(0, Bitfield.unsignedOverflow(Long.MAX_VALUE, 0, 63));
    }

    /** A value in [min, max]: at the edges a third of the time. */
    private static long randomIn(Random rnd, BigInteger min, BigInteger max) {
        return switch (rnd.nextInt(6)) {
            case 0 -> min.longValue();
            case 1 -> max.longValue();
            default -> new BigInteger(max.subtract(min).bitLength() + 1, rnd)
                    .mod(max.subtract(min).add(BigInteger.ONE)).add(min).longValue();
        };
    }

    /** An increment up to twice the width's range either way, sometimes any 64-bit value or an edge. */
    private static long randomIncrement(Random rnd, int bits) {
        return switch (rnd.nextInt(6)) {
            case 0 -> rnd.nextLong();
            case 1 -> rnd.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
            case 2 -> rnd.nextInt(5) - 2;
            default -> bits >= 62 ? rnd.nextLong() : (rnd.nextLong() % (1L << (bits + 1)));
        };
    }
}
