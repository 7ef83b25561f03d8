// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

/**
 * The 48-bit linear congruential generator of {@code lrand48}, which Redis ships as {@code redisLrand48} so
 * {@code math.random} gives the same sequence on every platform. Only {@code math.randomseed} reseeds it.
 */
final class Lrand48 {
    static final int MAX = Integer.MAX_VALUE;
    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long MASK = (1L << 48) - 1;
    private long state;

    /** The state before any seeding: rand.c's static {@code x[] = {X0, X1, X2}}, which Redis never reseeds at startup. */
    Lrand48() {
        state = 0x1234ABCD330EL;
    }

    /** As {@code srand48}: the seed's 32 bits above the constant 0x330E. */
    void seed(int seed) {
        state = (((long) seed & 0xFFFFFFFFL) << 16 | 0x330E) & MASK;
    }

    /** The next value in [0, 2^31). */
    int next() {
        state = (state * MULTIPLIER + 0xB) & MASK;
        return (int) (state >>> 17);
    }
}
