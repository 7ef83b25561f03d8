// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sorted set as the SPI shows it to plugins: score ranges in both encodings, puts under the limits. */
class ScoredSetTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> range(SortedSet set, double min, boolean minEx, double max, boolean maxEx,
                                      boolean reverse, int stopAfter) {
        List<String> seen = new ArrayList<>();
        set.range(min, minEx, max, maxEx, reverse, (member, score) -> {
            seen.add(new String(member, StandardCharsets.UTF_8) + "=" + (long) score);
            return seen.size() < stopAfter;
        });
        return seen;
    }

    private static SortedSet filled(ZSetType type, int n) {
        SortedSet set = type.create();
        for (int i = 1; i <= n; i++) {
            type.put(set, b("m" + i), i);
        }
        return set;
    }

    @Test
    void rangesHonourExclusiveBoundsAndDirectionInBothEncodings() {
        ZSetType type = new ZSetType(new ZSetLimits());
        for (int n : new int[] {10, 200}) {
            SortedSet set = filled(type, n);
            assertEquals(n == 10 ? "listpack" : "skiplist", type.encoding(set));
            assertEquals(List.of("m3=3", "m4=4", "m5=5"), range(set, 3, false, 6, true, false, 100));
            assertEquals(List.of("m4=4", "m5=5", "m6=6"), range(set, 3, true, 6, false, false, 100));
            assertEquals(List.of("m6=6", "m5=5"), range(set, 3, false, 6, false, true, 2));
            assertEquals(List.of(), range(set, 5, true, 5, false, false, 100));
            assertEquals(List.of(), range(set, 7, false, 6, false, false, 100));
        }
    }

    @Test
    void putAddsOrUpdatesAndConvertsAtTheLimits() {
        ZSetLimits limits = new ZSetLimits();
        limits.maxEntries = 3;
        ZSetType type = new ZSetType(limits);
        SortedSet set = filled(type, 3);
        assertEquals("listpack", type.encoding(set));
        assertFalse(type.put(set, b("m1"), 10));
        assertEquals(10, set.score(b("m1")));
        assertTrue(type.put(set, b("m4"), 4));
        assertEquals("skiplist", type.encoding(set));
        assertTrue(Double.isNaN(set.score(b("nope"))));
    }

    @Test
    void resultsAreCollectedInASkiplistAndCompactedWhenTheyFit() {
        ZSetType type = new ZSetType(new ZSetLimits());
        SortedSet small = type.createResult();
        type.put(small, b("a"), -0.0);
        assertEquals("skiplist", type.encoding(small));
        type.compact(small);
        assertEquals("listpack", type.encoding(small));
        SortedSet wide = type.createResult();
        type.put(wide, b("x".repeat(65)), 1);
        type.compact(wide);
        assertEquals("skiplist", type.encoding(wide));
    }
}
