// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.hyperloglog;

import static dev.cinnabar.hyperloglog.HllFormat.Q;
import static dev.cinnabar.hyperloglog.HllFormat.REGISTERS;

/**
 * {@code hllCount}'s estimate from a histogram of register values: Otmar Ertl's improved estimator ("New
 * cardinality estimation algorithms for HyperLogLog sketches", arXiv:1702.01284), computed in the same
 * order of double operations as Redis so the result is the same integer.
 */
final class HllEstimator {
    /** HLL_ALPHA_INF: 0.5 / ln(2). */
    private static final double ALPHA_INF = 0.721347520444481703680;

    private HllEstimator() {
    }

    /** The estimate from {@code histogram}, 64 entries of which 0 to Q + 1 count. */
    static long count(int[] histogram) {
        double m = REGISTERS;
        double z = m * tau((m - histogram[Q + 1]) / m);
        for (int j = Q; j >= 1; --j) {
            z += histogram[j];
            z *= 0.5;
        }
        z += m * sigma(histogram[0] / m);
        return Math.round(ALPHA_INF * m * m / z);
    }

    static double sigma(double x) {
        if (x == 1.) {
            return Double.POSITIVE_INFINITY;
        }
        double zPrime;
        double y = 1;
        double z = x;
        do {
            x *= x;
            zPrime = z;
            z += x * y;
            y += y;
        } while (zPrime != z);
        return z;
    }

    static double tau(double x) {
        if (x == 0. || x == 1.) {
            return 0.;
        }
        double zPrime;
        double y = 1.0;
        double z = 1 - x;
        do {
            x = Math.sqrt(x);
            zPrime = z;
            y *= 0.5;
            double d = 1 - x;
            z -= d * d * y;
        } while (zPrime != z);
        return z / 3;
    }
}
