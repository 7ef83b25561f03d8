// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.keyspace;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ByteKeyMapTest {
    private static byte[] key(int i) {
        return ("key:" + i).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void behavesLikeAHashMapUnderRandomInsertsAndRemoves() {
        ByteKeyMap map = new ByteKeyMap();
        Map<String, Integer> model = new HashMap<>();
        Random random = new Random(42);
        for (int step = 0; step < 200_000; step++) {
            int k = random.nextInt(5000);
            if (random.nextInt(3) == 0) {
                Object removed = map.remove(key(k));
                assertEquals(model.remove("key:" + k), removed);
            } else {
                map.put(key(k), step);
                model.put("key:" + k, step);
            }
        }
        assertEquals(model.size(), map.size());
        for (Map.Entry<String, Integer> e : model.entrySet()) {
            assertEquals(e.getValue(), map.get(e.getKey().getBytes(StandardCharsets.US_ASCII)));
        }
        assertNull(map.get(key(999_999)));
    }

    @Test
    void expiryTravelsWithItsKeyThroughResizesAndShifts() {
        ByteKeyMap map = new ByteKeyMap();
        for (int i = 0; i < 1000; i++) {
            int slot = map.put(key(i), i);
            map.setExpiryAt(slot, 10_000L + i);
        }
        for (int i = 0; i < 1000; i += 2) {
            map.remove(key(i));
        }
        for (int i = 1; i < 1000; i += 2) {
            assertEquals(10_000L + i, map.expiryAt(map.find(key(i))));
        }
    }

    @Test
    void aFullScanSeesEveryKeyPresentThroughoutEvenWhileTheTableGrowsAndShrinks() {
        ByteKeyMap map = new ByteKeyMap();
        for (int i = 0; i < 1000; i++) {
            map.put(key(i), i);
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int extra = 1000;
        int round = 0;
        do {
            cursor = map.scanStep(cursor, k -> seen.add(new String(k, StandardCharsets.US_ASCII)));
            round++;
            if (round % 3 == 0 && extra < 3000) {
                for (int j = 0; j < 50; j++) {
                    map.put(key(extra++), 0);
                }
            }
            if (round % 5 == 0) {
                for (int j = 0; j < 40 && extra > 1000; j++) {
                    map.remove(key(--extra));
                }
            }
        } while (cursor != 0);
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.contains("key:" + i), "missing key:" + i);
        }
    }

    @Test
    void randomSlotAlwaysFindsAKey() {
        ByteKeyMap map = new ByteKeyMap();
        map.put(key(1), 1);
        for (int i = 0; i < 100; i++) {
            assertEquals("key:1", new String(map.keyAt(map.randomSlot()), StandardCharsets.US_ASCII));
        }
    }
}
