// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.hyperloglog;

import dev.cinnabar.spi.ErrorCode;
import dev.cinnabar.spi.RedisError;

import java.util.concurrent.ThreadLocalRandom;

import static dev.cinnabar.hyperloglog.HllFormat.DENSE_SIZE;
import static dev.cinnabar.hyperloglog.HllFormat.REGISTERS;
import static dev.cinnabar.hyperloglog.HllFormat.REGISTER_MAX;
import static dev.cinnabar.hyperloglog.HllFormat.SPARSE;

/** PFSELFTEST ({@code pfselftestCommand}): register access, and the estimate of dense and sparse HLLs. */
final class HllSelfTest {
    /** HLL_TEST_CYCLES. */
    private static final int CYCLES = 1000;
    private static final int ELEMENTS = 10_000_000;

    private HllSelfTest() {
    }

    /** Runs both tests; TESTFAILED with Redis's message on the first failure. */
    static void run(long sparseMaxBytes) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        byte[] dense = new byte[DENSE_SIZE];
        byte[] expected = new byte[REGISTERS];
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            for (int i = 0; i < REGISTERS; i++) {
                int r = rnd.nextInt() & REGISTER_MAX;
                expected[i] = (byte) r;
                DenseRegisters.set(dense, i, r);
            }
            for (int i = 0; i < REGISTERS; i++) {
                int val = DenseRegisters.get(dense, i);
                if (val != expected[i]) {
                    throw failed("Register " + i + " should be " + expected[i] + " but is " + val);
                }
            }
        }

        Hll denseHll = Hll.create(sparseMaxBytes);
        denseHll.toDense();
        Hll sparseHll = Hll.create(sparseMaxBytes);
        double relerr = 1.04 / Math.sqrt(REGISTERS);
        long checkpoint = 1;
        long seed = rnd.nextLong();
        byte[] ele = new byte[8];
        for (long j = 1; j <= ELEMENTS; j++) {
            long value = j ^ seed;
            for (int b = 0; b < 8; b++) {
                ele[b] = (byte) (value >>> (8 * b));
            }
            denseHll.add(ele);
            sparseHll.add(ele);
            if (j != checkpoint) {
                continue;
            }
            if (j < sparseMaxBytes / 2 && sparseHll.encoding() != SPARSE) {
                throw failed("sparse encoding not used");
            }
            long denseCount = count(denseHll.bytes());
            if (denseCount != count(sparseHll.bytes())) {
                throw failed("dense/sparse disagree");
            }
            long abserr = Math.abs(checkpoint - denseCount);
            long maxerr = j == 10 ? 1 : (long) Math.ceil(relerr * 6 * checkpoint);
            if (abserr > maxerr) {
                throw failed("Too big error. card:" + checkpoint + " abserr:" + abserr);
            }
            checkpoint *= 10;
        }
    }

    private static long count(byte[] value) {
        int[] histogram = new int[64];
        if (HllFormat.encoding(value) == SPARSE) {
            SparseRegisters.histogram(value, value.length, histogram);
        } else {
            DenseRegisters.histogram(value, histogram);
        }
        return HllEstimator.count(histogram);
    }

    private static RedisError failed(String message) {
        return new RedisError(ErrorCode.TESTFAILED, message);
    }
}
