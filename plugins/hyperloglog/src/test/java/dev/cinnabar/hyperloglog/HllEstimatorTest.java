// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.hyperloglog;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static dev.cinnabar.hyperloglog.HllFormat.REGISTERS;
import static org.junit.jupiter.api.Assertions.assertEquals;

class HllEstimatorTest {
    @Test
    void anEmptyHllCountsZero() {
        int[] histogram = new int[64];
        histogram[0] = REGISTERS;
        assertEquals(0, HllEstimator.count(histogram));
    }

    /** PFCOUNT of "e0" … "e(n-1)" on Redis 7.0.15: 10, 100, 1008, 9973, 100853. */
    @Test
    void estimatesMatchRedisAcrossTheSparseAndDenseRange() {
        assertEquals(10, countOf(10));
        assertEquals(100, countOf(100));
        assertEquals(1008, countOf(1000));
        assertEquals(9973, countOf(10_000));
        assertEquals(100853, countOf(100_000));
    }

    @Test
    void tauAndSigmaAtTheirEnds() {
        assertEquals(0., HllEstimator.tau(0.));
        assertEquals(0., HllEstimator.tau(1.));
        assertEquals(Double.POSITIVE_INFINITY, HllEstimator.sigma(1.));
        assertEquals(0., HllEstimator.sigma(0.));
    }

    private static long countOf(int n) {
        Hll hll = Hll.create(3000);
        for (int i = 0; i < n; i++) {
            hll.add(("e" + i).getBytes(StandardCharsets.US_ASCII));
        }
        byte[] v = hll.bytes();
        int[] histogram = new int[64];
        if (HllFormat.encoding(v) == HllFormat.SPARSE) {
            SparseRegisters.histogram(v, v.length, histogram);
        } else {
            DenseRegisters.histogram(v, histogram);
        }
        return HllEstimator.count(histogram);
    }
}
