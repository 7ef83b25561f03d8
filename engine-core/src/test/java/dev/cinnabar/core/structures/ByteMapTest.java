// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.structures;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ByteMapTest {
    private static byte[] key(int i) {
        return ("key:" + i).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void putAndRemoveReturnThePreviousValueLikeAHashMap() {
        ByteMap<Integer> map = new ByteMap<>();
        Map<String, Integer> model = new HashMap<>();
        Random random = new Random(7);
        for (int step = 0; step < 100_000; step++) {
            int k = random.nextInt(3000);
            if (random.nextInt(3) == 0) {
                assertEquals(model.remove("key:" + k), map.remove(key(k)));
            } else {
                assertEquals(model.put("key:" + k, step), map.put(key(k), step));
            }
            assertEquals(model.size(), map.size());
        }
        Set<String> iterated = new HashSet<>();
        map.forEachSlot(slot -> {
            String k = new String(map.keyAt(slot), StandardCharsets.US_ASCII);
            assertEquals(model.get(k), map.valueAt(slot));
            iterated.add(k);
        });
        assertEquals(model.keySet(), iterated);
    }

    @Test
    void aFullScanSeesEveryKeyPresentThroughoutEvenWhileTheTableGrowsAndShrinks() {
        ByteMap<Integer> map = new ByteMap<>();
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
        ByteMap<Integer> map = new ByteMap<>();
        map.put(key(1), 1);
        for (int i = 0; i < 100; i++) {
            assertEquals("key:1", new String(map.keyAt(map.randomSlot()), StandardCharsets.US_ASCII));
        }
    }
}
