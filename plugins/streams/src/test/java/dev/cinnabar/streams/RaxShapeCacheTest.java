// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import org.junit.jupiter.api.Test;

import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RaxShapeCacheTest {
    @Test
    void aChangedSetOfTheSameSizeIsCountedAgain() {
        RaxShape.Cache cache = new RaxShape.Cache();
        TreeSet<StreamId> ids = new TreeSet<>();
        for (int i = 1; i <= 1000; i++) {
            ids.add(new StreamId(i, 0));
        }
        assertEquals(RaxShape.nodes(ids), cache.nodes(ids));
        // same size, same ends: one id in the middle swapped for another
        ids.remove(new StreamId(500, 0));
        ids.add(new StreamId(500, 7));
        assertEquals(RaxShape.nodes(ids), cache.nodes(ids));
        ids.add(new StreamId(1L << 40, 1));
        assertEquals(RaxShape.nodes(ids), cache.nodes(ids));
        ids.clear();
        assertEquals(1, cache.nodes(ids));
    }
}
