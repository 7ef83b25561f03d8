// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.keyspace;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
