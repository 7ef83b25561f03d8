// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.hyperloglog;

import static dev.cinnabar.hyperloglog.HllFormat.BITS;
import static dev.cinnabar.hyperloglog.HllFormat.DENSE_SIZE;
import static dev.cinnabar.hyperloglog.HllFormat.HEADER_SIZE;
import static dev.cinnabar.hyperloglog.HllFormat.REGISTERS;
import static dev.cinnabar.hyperloglog.HllFormat.REGISTER_MAX;

/**
 * The dense encoding: 16384 registers of 6 bits packed from the least significant bit of each byte up, after
 * the header. Redis reads one byte past the last register (the sds terminator); that byte never contributes
 * to a register's value, so it is simply not read or written here.
 */
final class DenseRegisters {
    private DenseRegisters() {
    }

    /** HLL_DENSE_GET_REGISTER on the registers of a dense value {@code v}. */
    static int get(byte[] v, int regnum) {
        int bit = regnum * BITS;
        int at = HEADER_SIZE + (bit >>> 3);
        int fb = bit & 7;
        int b0 = v[at] & 0xff;
        int b1 = at + 1 < DENSE_SIZE ? v[at + 1] & 0xff : 0;
        return ((b0 >>> fb) | (b1 << (8 - fb))) & REGISTER_MAX;
    }

    /** HLL_DENSE_SET_REGISTER; {@code val} is at most 63. */
    static void set(byte[] v, int regnum, int val) {
        int bit = regnum * BITS;
        int at = HEADER_SIZE + (bit >>> 3);
        int fb = bit & 7;
        int fb8 = 8 - fb;
        v[at] = (byte) ((v[at] & ~(REGISTER_MAX << fb)) | (val << fb));
        if (at + 1 < DENSE_SIZE) {
            v[at + 1] = (byte) ((v[at + 1] & ~(REGISTER_MAX >>> fb8)) | (val >>> fb8));
        }
    }

    /** {@code hllDenseSet}: raises the register to {@code count}; true if it was lower. */
    static boolean raise(byte[] v, int regnum, int count) {
        if (count > get(v, regnum)) {
            set(v, regnum, count);
            return true;
        }
        return false;
    }

    /** {@code hllDenseRegHisto}: counts registers by value into {@code histogram} (64 entries). */
    static void histogram(byte[] v, int[] histogram) {
        int r = HEADER_SIZE;
        for (int j = 0; j < REGISTERS / 4; j++) {
            int b0 = v[r] & 0xff;
            int b1 = v[r + 1] & 0xff;
            int b2 = v[r + 2] & 0xff;
            histogram[b0 & 63]++;
            histogram[(b0 >>> 6 | b1 << 2) & 63]++;
            histogram[(b1 >>> 4 | b2 << 4) & 63]++;
            histogram[(b2 >>> 2) & 63]++;
            r += 3;
        }
    }

    /** {@code hllMerge} of a dense value: {@code max[i] = MAX(max[i], register i)}, four registers per 3 bytes. */
    static void mergeInto(byte[] v, byte[] max) {
        int r = HEADER_SIZE;
        for (int i = 0; i < REGISTERS; i += 4) {
            int b0 = v[r] & 0xff;
            int b1 = v[r + 1] & 0xff;
            int b2 = v[r + 2] & 0xff;
            keepMax(max, i, b0 & 63);
            keepMax(max, i + 1, (b0 >>> 6 | b1 << 2) & 63);
            keepMax(max, i + 2, (b1 >>> 4 | b2 << 4) & 63);
            keepMax(max, i + 3, b2 >>> 2);
            r += 3;
        }
    }

    private static void keepMax(byte[] max, int i, int value) {
        if (value > max[i]) {
            max[i] = (byte) value;
        }
    }

    /** Raises every register to at least {@code max[i]} (the end of PFMERGE on a dense destination). */
    static void raiseAll(byte[] v, byte[] max) {
        int r = HEADER_SIZE;
        for (int i = 0; i < REGISTERS; i += 4) {
            int b0 = v[r] & 0xff;
            int b1 = v[r + 1] & 0xff;
            int b2 = v[r + 2] & 0xff;
            int r0 = Math.max(b0 & 63, max[i]);
            int r1 = Math.max((b0 >>> 6 | b1 << 2) & 63, max[i + 1]);
            int r2 = Math.max((b1 >>> 4 | b2 << 4) & 63, max[i + 2]);
            int r3 = Math.max(b2 >>> 2, max[i + 3]);
            v[r] = (byte) (r0 | r1 << 6);
            v[r + 1] = (byte) (r1 >>> 2 | r2 << 4);
            v[r + 2] = (byte) (r2 >>> 4 | r3 << 2);
            r += 3;
        }
    }
}
