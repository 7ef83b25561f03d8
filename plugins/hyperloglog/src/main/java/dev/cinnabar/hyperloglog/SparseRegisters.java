// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.hyperloglog;

import static dev.cinnabar.hyperloglog.HllFormat.HEADER_SIZE;
import static dev.cinnabar.hyperloglog.HllFormat.REGISTERS;

/**
 * Reading the sparse encoding: a run-length code of three opcodes after the header. ZERO {@code 00xxxxxx} is
 * 1 to 64 zero registers; XZERO {@code 01xxxxxx yyyyyyyy} is 1 to 16384 zero registers; VAL
 * {@code 1vvvvvxx} is 1 to 4 registers of value 1 to 32. A value with runs that do not add up to 16384
 * registers is corrupted. Run lengths are summed in 64 bits, so no run of opcodes can wrap them.
 */
final class SparseRegisters {
    static final int XZERO_BIT = 0x40;
    static final int VAL_BIT = 0x80;
    static final int VAL_MAX_VALUE = 32;
    static final int VAL_MAX_LEN = 4;
    static final int ZERO_MAX_LEN = 64;
    static final int XZERO_MAX_LEN = 16384;

    private SparseRegisters() {
    }

    /** The byte at {@code i} of a value {@code length} long; 0 at or past the end (Redis's sds terminator). */
    static int at(byte[] v, int length, int i) {
        return i < length ? v[i] & 0xff : 0;
    }

    static boolean isZero(int op) {
        return (op & 0xc0) == 0;
    }

    static boolean isXzero(int op) {
        return (op & 0xc0) == XZERO_BIT;
    }

    static boolean isVal(int op) {
        return (op & VAL_BIT) != 0;
    }

    static int zeroLen(int op) {
        return (op & 0x3f) + 1;
    }

    static int xzeroLen(int op, int next) {
        return ((op & 0x3f) << 8 | next) + 1;
    }

    static int valValue(int op) {
        return ((op >>> 2) & 0x1f) + 1;
    }

    static int valLen(int op) {
        return (op & 0x3) + 1;
    }

    static byte val(int value, int len) {
        return (byte) (((value - 1) << 2 | (len - 1)) | VAL_BIT);
    }

    static byte zero(int len) {
        return (byte) (len - 1);
    }

    /** The two bytes of an XZERO of {@code len} registers. */
    static byte xzeroHigh(int len) {
        return (byte) (((len - 1) >> 8) | XZERO_BIT);
    }

    static byte xzeroLow(int len) {
        return (byte) ((len - 1) & 0xff);
    }

    /**
     * {@code hllSparseRegHisto}: counts registers by value into {@code histogram} (64 entries).
     *
     * @return false if the runs do not cover exactly 16384 registers
     */
    static boolean histogram(byte[] v, int length, int[] histogram) {
        long idx = 0;
        int p = HEADER_SIZE;
        while (p < length) {
            int op = v[p] & 0xff;
            if (isZero(op)) {
                int runlen = zeroLen(op);
                idx += runlen;
                histogram[0] += runlen;
                p++;
            } else if (isXzero(op)) {
                int runlen = xzeroLen(op, at(v, length, p + 1));
                idx += runlen;
                histogram[0] += runlen;
                p += 2;
            } else {
                int runlen = valLen(op);
                idx += runlen;
                histogram[valValue(op)] += runlen;
                p++;
            }
        }
        return idx == REGISTERS;
    }

    /**
     * {@code hllMerge} of a sparse value: {@code max[i] = MAX(max[i], register i)}.
     *
     * @return false if the value is corrupted
     */
    static boolean mergeInto(byte[] v, byte[] max) {
        long i = 0;
        int p = HEADER_SIZE;
        int length = v.length;
        while (p < length) {
            int op = v[p] & 0xff;
            if (isZero(op)) {
                i += zeroLen(op);
                p++;
            } else if (isXzero(op)) {
                i += xzeroLen(op, at(v, length, p + 1));
                p += 2;
            } else {
                int runlen = valLen(op);
                int regval = valValue(op);
                if (runlen + i > REGISTERS) {
                    return false;
                }
                while (runlen-- > 0) {
                    if (regval > max[(int) i]) {
                        max[(int) i] = (byte) regval;
                    }
                    i++;
                }
                p++;
            }
        }
        return i == REGISTERS;
    }

    /** PFDEBUG DECODE: the opcodes as {@code z:len}, {@code Z:len} and {@code v:value,len}, space-separated. */
    static String decode(byte[] v) {
        StringBuilder sb = new StringBuilder();
        int p = HEADER_SIZE;
        while (p < v.length) {
            int op = v[p] & 0xff;
            if (sb.length() > 0) {
                sb.append(' ');
            }
            if (isZero(op)) {
                sb.append("z:").append(zeroLen(op));
                p++;
            } else if (isXzero(op)) {
                sb.append("Z:").append(xzeroLen(op, at(v, v.length, p + 1)));
                p += 2;
            } else {
                sb.append("v:").append(valValue(op)).append(',').append(valLen(op));
                p++;
            }
        }
        return sb.toString();
    }
}
