// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.lists;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuickListTest {
    @ParameterizedTest
    @CsvSource({"-5, 0", "-2, 0", "-1, 0", "0, 0", "1, 0", "3, 0", "128, 0", "-1, 1", "4, 1", "2, 2", "-2, 3"})
    void randomOperationsMatchAnArrayListModel(int fill, int depth) {
        Random random = new Random(fill * 31L + depth * 7L + 7);
        int compressedSeen = 0;
        for (int round = 0; round < 20; round++) {
            QuickList list = new QuickList(fill, depth);
            List<String> model = new ArrayList<>();
            for (int step = 0; step < 600; step++) {
                apply(random, list, model);
                assertEquals(model.size(), list.size());
                compressedSeen += assertEndsAreRaw(list, depth);
            }
            assertSameElements(model, list);
            assertSameElements(model, list.copy());
        }
        assertEquals(depth == 0, compressedSeen == 0, "compressed nodes seen: " + compressedSeen);
    }

    /** Checks that the {@code depth} nodes at each end are raw; returns how many nodes are compressed. */
    private static int assertEndsAreRaw(QuickList list, int depth) {
        boolean[] compressed = compressedNodes(list);
        for (int i = 0; i < Math.min(depth, compressed.length); i++) {
            assertFalse(compressed[i], "node " + i + " of " + compressed.length);
            assertFalse(compressed[compressed.length - 1 - i], "node " + (compressed.length - 1 - i));
        }
        int n = 0;
        for (boolean c : compressed) {
            n += c ? 1 : 0;
        }
        return n;
    }

    private static void apply(Random random, QuickList list, List<String> model) {
        String value = value(random);
        int size = model.size();
        switch (random.nextInt(12)) {
            case 0, 1 -> {
                list.pushHead(bytes(value));
                model.add(0, value);
            }
            case 2, 3 -> {
                list.pushTail(bytes(value));
                model.add(value);
            }
            case 4 -> assertEquals(size == 0 ? null : model.remove(0), string(list.popHead()));
            case 5 -> assertEquals(size == 0 ? null : model.remove(size - 1), string(list.popTail()));
            case 6 -> {
                long index = random.nextInt(size + 2) - 1;
                String expected = index >= 0 && index < size ? model.get((int) index) : null;
                assertEquals(expected, string(list.get(index)));
            }
            case 7 -> {
                int index = random.nextInt(size + 1);
                boolean inRange = index < size;
                assertEquals(inRange, list.set(index, bytes(value)));
                if (inRange) {
                    model.set(index, value);
                }
            }
            case 8 -> {
                String pivot = size == 0 ? "none" : model.get(random.nextInt(size));
                boolean after = random.nextBoolean();
                int at = model.indexOf(pivot);
                assertEquals(at >= 0, list.insert(bytes(pivot), bytes(value), after));
                if (at >= 0) {
                    model.add(after ? at + 1 : at, value);
                }
            }
            case 9 -> {
                if (size > 0) {
                    int start = random.nextInt(size);
                    int count = 1 + random.nextInt(size - start);
                    list.removeRange(start, count);
                    model.subList(start, start + count).clear();
                }
            }
            case 10 -> {
                String target = size == 0 ? "x" : model.get(random.nextInt(size));
                int count = random.nextInt(5) - 2;
                assertEquals(removeMatching(model, target, count), list.removeMatching(bytes(target), count));
            }
            default -> {
                if (size > 0) {
                    int index = random.nextInt(size);
                    boolean forward = random.nextBoolean();
                    ListCursor cursor = list.cursor(index, forward);
                    for (int i = index; forward ? i < size : i >= 0; i += forward ? 1 : -1) {
                        assertTrue(cursor.hasNext());
                        assertEquals(model.get(i), string(cursor.next()));
                    }
                    assertFalse(cursor.hasNext());
                }
            }
        }
    }

    /** Integer-like texts at the listpack encodings' edges, canonical or not. */
    private static final String[] NUMBERS = {"0", "127", "128", "-1", "-4096", "4095", "4096", "-4097", "32767",
        "-32768", "32768", "8388607", "-8388608", "8388608", "2147483647", "-2147483648", "2147483648",
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "007", "-0", "+1", " 1", "1.0"};

    /**
     * Short values mostly, integers of every listpack encoding, some over a node's whole size, a few repeated
     * so LREM and LINSERT find them.
     */
    private static String value(Random random) {
        int kind = random.nextInt(20);
        if (kind == 0) {
            return "big" + "x".repeat(5000 + random.nextInt(15000));
        }
        if (kind < 6) {
            return "v" + random.nextInt(5);
        }
        if (kind < 9) {
            return NUMBERS[random.nextInt(NUMBERS.length)];
        }
        if (kind < 11) {
            return Long.toString(random.nextLong() >> random.nextInt(64));
        }
        return "e" + random.nextInt(1000) + "-".repeat(random.nextInt(300));
    }

    private static long removeMatching(List<String> model, String target, int count) {
        long removed = 0;
        long limit = count == 0 ? Long.MAX_VALUE : Math.abs(count);
        if (count >= 0) {
            for (int i = 0; i < model.size() && removed < limit; ) {
                if (model.get(i).equals(target)) {
                    model.remove(i);
                    removed++;
                } else {
                    i++;
                }
            }
        } else {
            for (int i = model.size() - 1; i >= 0 && removed < limit; i--) {
                if (model.get(i).equals(target)) {
                    model.remove(i);
                    removed++;
                }
            }
        }
        return removed;
    }

    private static void assertSameElements(List<String> model, QuickList list) {
        assertEquals(model.size(), list.size());
        if (model.isEmpty()) {
            assertNull(list.popHead());
            return;
        }
        ListCursor cursor = list.cursor(0, true);
        for (String expected : model) {
            assertEquals(expected, string(cursor.next()));
        }
        assertFalse(cursor.hasNext());
    }

    @Test
    void entriesOfEveryLengthClassRoundTripBothWays() {
        QuickList list = new QuickList(-5, 0);
        int[] lengths = {0, 1, 127, 128, 16383, 16384, 2_097_151, 2_097_152};
        for (int len : lengths) {
            byte[] v = new byte[len];
            Arrays.fill(v, (byte) len);
            list.pushTail(v);
        }
        for (int i = lengths.length - 1; i >= 0; i--) {
            assertEquals(lengths[i], list.popTail().length);
        }
        assertTrue(list.isEmpty());
    }

    @Test
    void negativeFillLimitsNodesByBytes() {
        QuickList list = new QuickList(-1, 0);
        for (int i = 0; i < 1000; i++) {
            list.pushTail(new byte[100]);
        }
        // 103-byte listpack entries: a 4 KB node takes 39 (Redis checks the size plus the new element and 8)
        assertEquals(26, list.nodeCount());
    }

    @Test
    void positiveFillLimitsNodesByEntries() {
        QuickList list = new QuickList(3, 0);
        for (int i = 0; i < 10; i++) {
            list.pushHead(bytes("e" + i));
        }
        assertEquals(4, list.nodeCount());
        assertArrayEquals(bytes("e9"), list.get(0));
    }

    @Test
    void anElementLargerThanANodeGetsANodeOfItsOwn() {
        QuickList list = new QuickList(-2, 0);
        list.pushTail(bytes("a"));
        list.pushTail(new byte[20000]);
        list.pushTail(bytes("b"));
        assertEquals(3, list.nodeCount());
        assertEquals(20000, list.get(1).length);
    }

    @Test
    void innerNodesAreCompressedBeyondTheDepth() {
        QuickList plain = new QuickList(4, 0);
        QuickList packed = new QuickList(4, 1);
        for (int i = 0; i < 40; i++) {
            byte[] v = bytes("a compressible element, repeated: " + "abc".repeat(20) + i);
            plain.pushTail(v);
            packed.pushTail(v);
        }
        boolean[] compressed = compressedNodes(packed);
        assertEquals(10, compressed.length);
        assertFalse(compressed[0]);
        assertFalse(compressed[9]);
        for (int i = 1; i < 9; i++) {
            assertTrue(compressed[i], "node " + i);
        }
        assertTrue(ListType.INSTANCE.memoryUsage(packed, Integer.MAX_VALUE) < ListType.INSTANCE.memoryUsage(plain, Integer.MAX_VALUE) / 2);
        assertEquals(new String(plain.get(17), StandardCharsets.UTF_8), new String(packed.get(17), StandardCharsets.UTF_8));
        assertTrue(compressedNodes(packed)[4], "reading leaves a node compressed");
        packed.set(17, bytes("changed"));
        assertTrue(compressedNodes(packed)[4], "a changed inner node is compressed again");
        assertEquals("changed", string(packed.get(17)));
    }

    @Test
    void incompressibleNodesStayRaw() {
        QuickList list = new QuickList(2, 1);
        Random random = new Random(1);
        for (int i = 0; i < 10; i++) {
            byte[] v = new byte[100];
            random.nextBytes(v);
            list.pushTail(v);
        }
        for (boolean c : compressedNodes(list)) {
            assertFalse(c);
        }
    }

    /** Which nodes are compressed, head first. */
    private static boolean[] compressedNodes(QuickList list) {
        boolean[] out = new boolean[list.nodeCount()];
        int i = 0;
        for (ListNode n = list.head(); n != null; n = n.next) {
            out[i++] = n.isCompressed();
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
