// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The skiplist against a TreeSet of (score, member), with its links and spans checked after every step. */
class SkipListTest {
    private record Entry(double score, byte[] member) {
    }

    /** C's double comparison (-0 equals 0), then unsigned bytes: the skiplist's order. */
    private static final Comparator<Entry> ORDER = (a, b) -> a.score < b.score ? -1 : a.score > b.score ? 1
            : Arrays.compareUnsigned(a.member, b.member);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void randomInsertsDeletesAndScoreUpdatesKeepOrderLinksAndSpans() {
        Random random = new Random(42);
        double[] scores = {-2, -1, -0.0, 0, 0.5, 1, 3, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        SkipList list = new SkipList();
        TreeSet<Entry> model = new TreeSet<>(ORDER);
        Map<String, SkipList.Node> nodes = new HashMap<>();
        for (int step = 0; step < 4000; step++) {
            String name = "m" + random.nextInt(300);
            SkipList.Node node = nodes.get(name);
            double score = scores[random.nextInt(scores.length)];
            int op = random.nextInt(10);
            if (node == null) {
                nodes.put(name, list.insert(score, bytes(name)));
                model.add(new Entry(score, bytes(name)));
            } else if (op < 3) {
                model.remove(new Entry(node.score, node.member));
                list.delete(node);
                nodes.remove(name);
            } else if (op < 7) {
                model.remove(new Entry(node.score, node.member));
                list.updateScore(node, score);
                model.add(new Entry(score, node.member));
                assertSame(node, nodes.get(name));
            } else if (op == 7 && list.size() > 0) {
                long start = 1 + random.nextInt(list.size());
                long end = start + random.nextInt(5);
                List<Entry> all = new ArrayList<>(model);
                int removed = list.deleteRanks(start, end, n -> nodes.remove(new String(n.member, StandardCharsets.UTF_8)));
                List<Entry> gone = all.subList((int) start - 1, (int) Math.min(end, all.size()));
                assertEquals(gone.size(), removed);
                gone.forEach(model::remove);
            }
            if (step % 50 == 0 || list.size() < 20) {
                checkAgainst(list, model);
            }
        }
        checkAgainst(list, model);
    }

    /** Order both ways, tail, spans of every level, rank and byRank of every element. */
    private static void checkAgainst(SkipList list, TreeSet<Entry> model) {
        List<Entry> expected = new ArrayList<>(model);
        assertEquals(expected.size(), list.size());
        List<SkipList.Node> order = new ArrayList<>();
        SkipList.Node previous = null;
        for (SkipList.Node n = list.first(); n != null; n = n.forward()) {
            assertSame(previous, n.backward);
            order.add(n);
            previous = n;
        }
        assertSame(previous, list.last());
        assertEquals(expected.size(), order.size());
        Map<SkipList.Node, Integer> index = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            SkipList.Node n = order.get(i);
            assertEquals(expected.get(i).score, n.score);
            assertTrue(Arrays.equals(expected.get(i).member, n.member));
            index.put(n, i);
        }
        for (int i = 0; i < order.size(); i++) {
            SkipList.Node n = order.get(i);
            for (int level = 0; level < n.level(); level++) {
                if (n.next[level] != null) {
                    assertEquals(index.get(n.next[level]) - i, n.span[level], "span at level " + level);
                }
            }
            assertEquals(i + 1, list.rank(n.score, n.member));
            assertSame(n, list.byRank(i + 1));
        }
        assertNull(list.byRank(order.size() + 1));
        assertEquals(0, list.rank(0, bytes("absent")));
    }

    @Test
    void scoreRangesFindTheirFirstAndLastNodes() {
        Random random = new Random(7);
        SkipList list = new SkipList();
        TreeSet<Entry> model = new TreeSet<>(ORDER);
        for (int i = 0; i < 500; i++) {
            double score = random.nextInt(100) / 4.0;
            byte[] member = bytes("m" + i);
            list.insert(score, member);
            model.add(new Entry(score, member));
        }
        for (int t = 0; t < 2000; t++) {
            ScoreRange range = new ScoreRange(random.nextInt(110) / 4.0 - 1, random.nextBoolean(),
                    random.nextInt(110) / 4.0 - 1, random.nextBoolean());
            List<Entry> in = model.stream().filter(e -> range.aboveMin(e.score) && range.belowMax(e.score)).toList();
            SkipList.Node first = list.firstIn(range);
            SkipList.Node last = list.lastIn(range);
            if (in.isEmpty()) {
                assertNull(first, range.toString());
                assertNull(last, range.toString());
            } else {
                assertTrue(Arrays.equals(in.get(0).member, first.member), range.toString());
                assertTrue(Arrays.equals(in.get(in.size() - 1).member, last.member), range.toString());
            }
        }
    }

    @Test
    void lexRangesOnEqualScoresFindTheirFirstAndLastNodes() {
        Random random = new Random(11);
        SkipList list = new SkipList();
        TreeSet<String> model = new TreeSet<>();
        for (int i = 0; i < 300; i++) {
            String member = Integer.toString(random.nextInt(1000), 36);
            if (model.add(member)) {
                list.insert(0, bytes(member));
            }
        }
        String[] bounds = {"-", "+", "[a", "(a", "[5", "(5", "[zz", "(0", "[", "(b3"};
        for (String min : bounds) {
            for (String max : bounds) {
                LexRange range = LexRange.parse(bytes(min), bytes(max));
                List<String> in = model.stream()
                        .filter(m -> range.aboveMin(bytes(m)) && range.belowMax(bytes(m))).toList();
                SkipList.Node first = list.firstIn(range);
                SkipList.Node last = list.lastIn(range);
                String what = min + " " + max;
                if (in.isEmpty()) {
                    assertNull(first, what);
                    assertNull(last, what);
                } else {
                    assertEquals(in.get(0), new String(first.member, StandardCharsets.UTF_8), what);
                    assertEquals(in.get(in.size() - 1), new String(last.member, StandardCharsets.UTF_8), what);
                }
            }
        }
    }
}
