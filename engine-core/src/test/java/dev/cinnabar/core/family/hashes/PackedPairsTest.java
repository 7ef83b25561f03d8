// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.hashes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class PackedPairsTest {
    @Test
    void randomEditsBehaveLikeAnInsertionOrderedMap() {
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            PackedPairs packed = new PackedPairs();
            Map<String, String> model = new LinkedHashMap<>();
            for (int op = 0; op < 400; op++) {
                String field = "f" + random.nextInt(40);
                int pos = packed.find(bytes(field));
                assertEquals(model.containsKey(field), pos >= 0, field);
                int kind = random.nextInt(3);
                if (kind < 2) {
                    String value = "v".repeat(random.nextInt(3) == 0 ? random.nextInt(300) : random.nextInt(5));
                    if (pos >= 0) {
                        packed.replaceValue(pos, bytes(value));
                    } else {
                        packed.append(bytes(field), bytes(value));
                    }
                    model.put(field, value);
                } else if (pos >= 0) {
                    packed.remove(pos);
                    model.remove(field);
                }
                assertSameContents(model, packed);
            }
        }
    }

    @Test
    void lengthsOfEveryVarintSizeRoundTrip() {
        PackedPairs packed = new PackedPairs();
        int[] sizes = {0, 1, 127, 128, 16383, 16384, 2_097_152};
        for (int size : sizes) {
            packed.append(bytes("k" + size), new byte[size]);
        }
        for (int size : sizes) {
            int pos = packed.find(bytes("k" + size));
            assertEquals(size, packed.valueLength(pos));
            assertArrayEquals(new byte[size], packed.value(pos));
        }
    }

    @Test
    void storageStaysCompact() {
        PackedPairs packed = new PackedPairs();
        for (int i = 0; i < 512; i++) {
            packed.append(bytes("field:" + i), bytes("value:" + i));
        }
        // one length byte per entry beside the bytes themselves
        int payload = 0;
        for (int i = 0; i < 512; i++) {
            payload += ("field:" + i).length() + ("value:" + i).length() + 2;
        }
        assertEquals(payload, packed.usedBytes());
    }

    @Test
    void copiesAreIndependent() {
        PackedPairs packed = new PackedPairs();
        packed.append(bytes("a"), bytes("1"));
        PackedPairs copy = packed.copy();
        copy.replaceValue(copy.find(bytes("a")), bytes("2"));
        copy.append(bytes("b"), bytes("3"));
        assertEquals("1", text(packed.value(packed.find(bytes("a")))));
        assertEquals(1, packed.size());
        assertEquals(2, copy.size());
    }

    private static void assertSameContents(Map<String, String> model, PackedPairs packed) {
        assertEquals(model.size(), packed.size());
        List<String> actual = new ArrayList<>();
        for (int pos = packed.first(); pos < packed.end(); pos = packed.next(pos)) {
            actual.add(text(packed.field(pos)) + "=" + text(packed.value(pos)));
            assertEquals(packed.value(pos).length, packed.valueLength(pos));
        }
        List<String> expected = new ArrayList<>();
        model.forEach((f, v) -> expected.add(f + "=" + v));
        assertEquals(expected, actual);
        int[] positions = packed.positions();
        assertEquals(model.size(), positions.length);
        assertTrue(positions.length == 0 || positions[0] == packed.first());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
