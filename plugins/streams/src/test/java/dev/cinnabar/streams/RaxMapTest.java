// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The node count a RaxMap keeps follows every change of its keys, and nothing changes them behind it. */
class RaxMapTest {
    private static void assertShape(RaxMap<?> map) {
        assertEquals(RaxShape.nodes(map.keySet()), map.radixNodes());
    }

    @Test
    void theNodeCountFollowsEveryChangeOfTheKeys() {
        RaxMap<String> map = new RaxMap<>();
        assertEquals(1, map.radixNodes());
        // ids that differ in their last byte only: one node branches to all their leaves
        for (int i = 1; i <= 200; i++) {
            map.put(new StreamId(1, i), "v");
        }
        assertShape(map);
        int before = map.radixNodes();
        // as many ids, spread so that the tree branches elsewhere: same size, another shape
        for (int i = 1; i <= 200; i++) {
            map.remove(new StreamId(1, i));
            map.putIfAbsent(new StreamId((long) i << 24, i), "v");
        }
        assertEquals(200, map.size());
        assertNotEquals(before, map.radixNodes());
        assertShape(map);
        map.remove(map.firstKey());
        assertShape(map);
        map.put(new StreamId(0, 5), "v");
        assertShape(map);
    }

    @Test
    void replacingAValueOrMissingAKeyLeavesTheCountAsItWas() {
        RaxMap<String> map = new RaxMap<>();
        map.put(new StreamId(3, 0), "a");
        int nodes = map.radixNodes();
        assertEquals("a", map.put(new StreamId(3, 0), "b"));
        assertEquals("b", map.putIfAbsent(new StreamId(3, 0), "c"));
        assertNull(map.remove(new StreamId(4, 0)));
        assertEquals(nodes, map.radixNodes());
        assertShape(map);
    }

    @Test
    void theViewsAreReadOnly() {
        RaxMap<String> map = new RaxMap<>();
        map.put(new StreamId(1, 0), "a");
        map.put(new StreamId(2, 0), "b");
        assertThrows(UnsupportedOperationException.class, () -> map.keySet().remove(new StreamId(1, 0)));
        assertThrows(UnsupportedOperationException.class, () -> map.values().clear());
        assertThrows(UnsupportedOperationException.class, () -> map.view().tailMap(new StreamId(1, 0), true).clear());
        assertThrows(UnsupportedOperationException.class, () -> map.view().pollFirstEntry());
        assertThrows(UnsupportedOperationException.class, () -> map.firstEntry().setValue("c"));
        assertEquals(2, map.size());
    }
}
