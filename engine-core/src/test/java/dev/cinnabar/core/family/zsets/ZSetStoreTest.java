// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

import dev.cinnabar.core.family.zsets.ZSetStore.Cursor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both encodings through {@link ZSetStore}, against a sorted model, with randomized operations. */
class ZSetStoreTest {
    private static ZSetStore create(String encoding) {
        return encoding.equals("listpack") ? new PackedZSet(0) : new SkipListZSet();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The model: member → score, and the (score, member) order as a sorted list on demand. */
    private static List<String> order(TreeMap<String, Double> scores) {
        List<String> members = new ArrayList<>(scores.keySet());
        members.sort((a, b) -> {
            double x = scores.get(a);
            double y = scores.get(b);
            return x < y ? -1 : x > y ? 1 : a.compareTo(b);
        });
        return members;
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "skiplist"})
    void randomOperationsAgreeWithASortedModel(String encoding) {
        Random random = new Random(encoding.hashCode());
        ZSetStore store = create(encoding);
        TreeMap<String, Double> model = new TreeMap<>();
        for (int step = 0; step < 3000; step++) {
            String member = "m" + random.nextInt(120);
            double score = random.nextInt(20) - 10 + (random.nextBoolean() ? 0.5 : 0);
            boolean present = model.containsKey(member);
            switch (random.nextInt(6)) {
                case 0, 1 -> {
                    if (present) {
                        store.update(bytes(member), score);
                    } else {
                        store.insert(bytes(member), score);
                    }
                    model.put(member, score);
                }
                case 2 -> {
                    assertEquals(present, store.remove(bytes(member)));
                    model.remove(member);
                }
                case 3 -> {
                    if (!model.isEmpty()) {
                        int start = random.nextInt(model.size());
                        int end = Math.min(model.size() - 1, start + random.nextInt(4));
                        List<String> sorted = order(model);
                        store.removeRanks(start, end);
                        sorted.subList(start, end + 1).forEach(model::remove);
                    }
                }
                default -> {
                    List<String> sorted = order(model);
                    assertEquals(sorted.indexOf(member), store.rank(bytes(member)));
                    assertEquals(present ? model.get(member) : Double.NaN, store.score(bytes(member)));
                }
            }
            if (step % 100 == 0) {
                checkOrder(store, model);
                checkRanges(store, model, random);
            }
        }
        checkOrder(store, model);
    }

    private static void checkOrder(ZSetStore store, TreeMap<String, Double> model) {
        List<String> sorted = order(model);
        assertEquals(sorted.size(), store.size());
        List<String> forward = new ArrayList<>();
        for (Cursor c = store.cursor(0, false); c.valid(); c.next()) {
            forward.add(text(c.member()));
            assertEquals(model.get(text(c.member())), c.score());
        }
        assertEquals(sorted, forward);
        List<String> backward = new ArrayList<>();
        for (Cursor c = store.cursor(store.size() - 1, true); c.valid(); c.next()) {
            backward.add(0, text(c.member()));
        }
        assertEquals(sorted, backward);
        for (int i = 0; i < sorted.size(); i += 7) {
            assertEquals(sorted.get(i), text(store.cursor(i, false).member()));
        }
        assertFalse(store.cursor(sorted.size(), false).valid());
    }

    private static void checkRanges(ZSetStore store, TreeMap<String, Double> model, Random random) {
        List<String> sorted = order(model);
        for (int t = 0; t < 20; t++) {
            ScoreRange range = new ScoreRange(random.nextInt(24) - 12, random.nextBoolean(),
                    random.nextInt(24) - 12, random.nextBoolean());
            List<Integer> in = new ArrayList<>();
            for (int i = 0; i < sorted.size(); i++) {
                double s = model.get(sorted.get(i));
                if (range.aboveMin(s) && range.belowMax(s)) {
                    in.add(i);
                }
            }
            assertEquals(in.isEmpty() ? -1 : in.get(0), store.firstIn(range), range.toString());
            assertEquals(in.isEmpty() ? -1 : in.get(in.size() - 1), store.lastIn(range), range.toString());
            assertEquals(in.size(), store.count(range), range.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "skiplist"})
    void lexRangesOnEqualScoresCountAndBound(String encoding) {
        ZSetStore store = create(encoding);
        for (String m : new String[]{"a", "b", "c", "d", "e", "f"}) {
            store.insert(bytes(m), 0);
        }
        assertEquals(6, store.count(LexRange.parse(bytes("-"), bytes("+"))));
        assertEquals(3, store.count(LexRange.parse(bytes("[b"), bytes("(e"))));
        assertEquals(1, store.firstIn(LexRange.parse(bytes("(a"), bytes("+"))));
        assertEquals(3, store.lastIn(LexRange.parse(bytes("-"), bytes("[d"))));
        assertEquals(-1, store.firstIn(LexRange.parse(bytes("(f"), bytes("+"))));
        assertEquals(0, store.count(LexRange.parse(bytes("+"), bytes("-"))));
        assertEquals(0, store.count(LexRange.parse(bytes("[c"), bytes("(c"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "skiplist"})
    void scanVisitsEveryElementWhileTheSetGrows(String encoding) {
        ZSetStore store = create(encoding);
        for (int i = 0; i < 100; i++) {
            store.insert(bytes("m" + i), i);
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int added = 100;
        do {
            cursor = store.scan(cursor, 10, (member, score) -> seen.add(text(member)));
            store.insert(bytes("m" + added), added++);
        } while (cursor != 0);
        for (int i = 0; i < 100; i++) {
            assertTrue(seen.contains("m" + i), "m" + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "skiplist"})
    void copiesAreIndependentAndRandomCoversEveryElement(String encoding) {
        ZSetStore store = create(encoding);
        for (int i = 0; i < 10; i++) {
            store.insert(bytes("m" + i), i);
        }
        ZSetStore copy = store.copy();
        copy.remove(bytes("m3"));
        copy.update(bytes("m4"), 100);
        assertEquals(10, store.size());
        assertEquals(4, store.score(bytes("m4")));
        assertEquals(8, copy.rank(bytes("m4")));
        assertNotEquals(store.cursor(0, false).member(), copy.cursor(0, false).member());
        Set<String> drawn = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            drawn.add(text(store.random().member()));
        }
        assertEquals(10, drawn.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "skiplist"})
    void zeroScoresOrderByMemberWhateverTheirSign(String encoding) {
        ZSetStore store = create(encoding);
        store.insert(bytes("b"), -0.0);
        store.insert(bytes("a"), 0.0);
        store.insert(bytes("c"), -0.0);
        assertEquals(0, store.rank(bytes("a")));
        assertEquals(2, store.rank(bytes("c")));
        // a listpack keeps a zero score as the integer 0
        double expected = encoding.equals("listpack") ? 0.0 : -0.0;
        assertEquals(expected, store.score(bytes("b")));
    }
}
