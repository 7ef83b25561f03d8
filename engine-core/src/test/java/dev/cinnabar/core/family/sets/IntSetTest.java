// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.sets;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntSetTest {
    @Test
    void membersStaySortedAndDistinctLikeATreeSet() {
        Random random = new Random(11);
        IntSet set = new IntSet();
        TreeSet<Long> model = new TreeSet<>();
        for (int step = 0; step < 50_000; step++) {
            long v = switch (random.nextInt(3)) {
                case 0 -> random.nextInt(2000) - 1000;
                case 1 -> random.nextInt(200_000) - 100_000L;
                default -> random.nextLong() % 5_000_000_000L;
            };
            if (random.nextInt(3) == 0) {
                assertEquals(model.remove(v), set.remove(v));
            } else {
                assertEquals(model.add(v), set.add(v));
            }
            assertEquals(model.contains(v), set.contains(v));
        }
        assertEquals(model.size(), set.size());
        assertEquals(new ArrayList<>(model), members(set));
    }

    @Test
    void widthGrowsFrom16To32To64BitsAndNeverShrinks() {
        IntSet set = new IntSet();
        set.add(Short.MAX_VALUE);
        set.add(Short.MIN_VALUE);
        assertEquals(2, set.width());
        assertEquals(8 + 2 * 2, set.blobLength());
        set.add(Short.MAX_VALUE + 1);
        assertEquals(4, set.width());
        set.add(Integer.MIN_VALUE - 1L);
        assertEquals(8, set.width());
        assertEquals(List.of(Integer.MIN_VALUE - 1L, (long) Short.MIN_VALUE, (long) Short.MAX_VALUE,
                Short.MAX_VALUE + 1L), members(set));
        set.remove(Integer.MIN_VALUE - 1L);
        set.remove(Short.MAX_VALUE + 1L);
        assertEquals(8, set.width());
        assertEquals(8 + 2 * 8, set.blobLength());
    }

    @Test
    void aWiderValueIsPrependedWhenNegativeAndAppendedWhenPositive() {
        IntSet set = new IntSet();
        set.add(1);
        set.add(2);
        set.add(Long.MIN_VALUE);
        set.add(Long.MAX_VALUE);
        assertEquals(List.of(Long.MIN_VALUE, 1L, 2L, Long.MAX_VALUE), members(set));
    }

    @Test
    void valuesWiderThanTheEncodingAreNeverMembers() {
        IntSet set = new IntSet();
        set.add(5);
        assertFalse(set.contains(1L << 40));
        assertFalse(set.remove(1L << 40));
        assertTrue(set.contains(5));
    }

    @Test
    void aCopyIsIndependent() {
        IntSet set = new IntSet();
        set.add(1);
        IntSet copy = set.copy();
        copy.add(2);
        set.remove(1);
        assertEquals(List.of(), members(set));
        assertEquals(List.of(1L, 2L), members(copy));
    }

    @Test
    void widthOfFollowsTheSignedRanges() {
        assertEquals(2, IntSet.widthOf(-32768));
        assertEquals(4, IntSet.widthOf(-32769));
        assertEquals(4, IntSet.widthOf(Integer.MAX_VALUE));
        assertEquals(8, IntSet.widthOf(Integer.MAX_VALUE + 1L));
    }

    private static List<Long> members(IntSet set) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            out.add(set.get(i));
        }
        return out;
    }
}
