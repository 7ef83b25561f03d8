// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import dev.cinnabar.spi.Numbers;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The PRNG behind math.random gives redis-server 7.0.15's numbers. */
class Lrand48Test {
    private static String random(Lrand48 r) {
        return Numbers.formatG((double) (r.next() % Lrand48.MAX) / Lrand48.MAX, 14);
    }

    @Test
    void seededSequenceIsRedis() {
        Lrand48 r = new Lrand48();
        r.seed(42);
        // EVAL "math.randomseed(42) return {tostring(math.random()), math.random(1000)}" 0 → 0.74452500033403, 343
        assertEquals("0.74452500033403", random(r));
        assertEquals(343, (int) Math.floor((double) (r.next() % Lrand48.MAX) / Lrand48.MAX * 1000) + 1);
    }

    @Test
    void unseededStateIsTheLibraryDefault() {
        Lrand48 r = new Lrand48();
        // a fresh redis-server: EVAL "return {math.random(), math.random(100), math.random(5,10), tostring(math.random())}" 0
        r.next();
        assertEquals(85, (int) Math.floor((double) (r.next() % Lrand48.MAX) / Lrand48.MAX * 100) + 1);
        assertEquals(7, (int) Math.floor((double) (r.next() % Lrand48.MAX) / Lrand48.MAX * 6) + 5);
        assertEquals("0.44658343468168", random(r));
    }
}
