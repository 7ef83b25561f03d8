// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.geo;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Redis's pqsort: the wanted range ends up sorted, and ties land where the C code leaves them. */
class PartialSortTest {
    @Test
    void theWantedRangeHoldsTheSortedElements() {
        Random random = new Random(3);
        for (int round = 0; round < 200; round++) {
            Integer[] values = new Integer[1 + random.nextInt(300)];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextInt(50);
            }
            Integer[] sorted = values.clone();
            Arrays.sort(sorted);
            int count = 1 + random.nextInt(values.length);
            PartialSort.sort(values, Comparator.naturalOrder(), 0, count - 1);
            assertArrayEquals(Arrays.copyOf(sorted, count), Arrays.copyOf(values, count));
        }
    }

    @Test
    void tiesComeOutAsRedisReturnsThem() {
        // GEOSEARCH over 31 members at one point, COUNT 5 ASC: Redis 7.0.15 replies m40 m11 m12 m13 m14
        String[] members = new String[31];
        for (int i = 0; i < members.length; i++) {
            members[i] = "m" + (10 + i);
        }
        PartialSort.sort(members, (a, b) -> 0, 0, 4);
        assertEquals("[m40, m11, m12, m13, m14]", Arrays.toString(Arrays.copyOf(members, 5)));
    }

    @Test
    void aPassWithoutSwapsDoesNotFallBackToInsertionSort() {
        // four members at the centre, then farther ones: Redis 7.0.15 replies -7 to COUNT 1
        String[] members = {"-7", "2", "922", "a", "d", "1", "3", "100", "abc"};
        double[] distances = {0, 0, 0, 0, 0.0003, 0.0008, 3124, 915, 237};
        Integer[] order = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        PartialSort.sort(order, (x, y) -> Double.compare(distances[x], distances[y]), 0, 0);
        assertEquals("-7", members[order[0]]);
    }
}
