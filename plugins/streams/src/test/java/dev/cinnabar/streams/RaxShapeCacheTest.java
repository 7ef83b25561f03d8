// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import org.junit.jupiter.api.Test;

import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class RaxShapeCacheTest {
    @Test
    void aChangedSetOfTheSameSizeIsCountedAgain() {
        RaxShape.Cache cache = new RaxShape.Cache();
        TreeSet<StreamId> ids = new TreeSet<>();
        // ids that differ in their last byte only: one node branches to all their leaves
        for (int i = 1; i <= 200; i++) {
            ids.add(new StreamId(1, i));
        }
        int before = cache.nodes(ids);
        assertEquals(RaxShape.nodes(ids), before);
        assertEquals(before, cache.nodes(ids));
        // as many ids, spread so that the tree branches elsewhere
        ids.clear();
        for (int i = 1; i <= 200; i++) {
            ids.add(new StreamId((long) i << 24, i));
        }
        assertNotEquals(before, RaxShape.nodes(ids));
        assertEquals(RaxShape.nodes(ids), cache.nodes(ids));
        ids.clear();
        assertEquals(1, cache.nodes(ids));
    }
}
