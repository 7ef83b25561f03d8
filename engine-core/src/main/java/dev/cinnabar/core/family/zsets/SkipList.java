// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Redis's {@code zskiplist}: nodes ordered by (score, member) whose forward links carry spans, so that
 * ranks, rank ranges and score or lex ranges cost O(log n). Scores compare as C doubles (-0 equals 0),
 * members as unsigned bytes. Ranks here are 1-based, as in {@code t_zset.c}.
 */
final class SkipList {
    /** ZSKIPLIST_MAXLEVEL: enough for 2^64 elements. */
    static final int MAX_LEVEL = dev.cinnabar.core.structures.RedisMemory.SKIPLIST_MAX_LEVEL;

    /** One element; {@code next[i]} skips {@code span[i]} positions at level i. */
    static final class Node {
        final byte[] member;
        double score;
        Node backward;
        final Node[] next;
        final int[] span;

        Node(byte[] member, double score, int level) {
            this.member = member;
            this.score = score;
            this.next = new Node[level];
            this.span = new int[level];
        }

        int level() {
            return next.length;
        }

        /** The following node in order, or null. */
        Node forward() {
            return next[0];
        }
    }

    private final Node header = new Node(null, 0, MAX_LEVEL);
    private Node tail;
    private int length;
    private int level = 1;

    int size() {
        return length;
    }

    /** The lowest node, or null. */
    Node first() {
        return header.next[0];
    }

    /** The highest node, or null. */
    Node last() {
        return tail;
    }

    /** ZSKIPLIST_P = 1/4: each further level with probability one in four. */
    private static int randomLevel() {
        int lvl = 1;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (lvl < MAX_LEVEL && (random.nextInt() & 0xFFFF) < 0xFFFF / 4) {
            lvl++;
        }
        return lvl;
    }

    /** True if node {@code x} sorts before (score, member). */
    private static boolean before(Node x, double score, byte[] member) {
        return x.score < score || (x.score == score && Arrays.compareUnsigned(x.member, member) < 0);
    }

    /** Inserts a member that is not present yet. */
    Node insert(double score, byte[] member) {
        Node x = new Node(member, score, randomLevel());
        link(x);
        return x;
    }

    /** {@code zslInsert} for a node whose links are about to be written. */
    private void link(Node x) {
        int height = Math.max(level, x.level());
        Node[] update = new Node[height];
        int[] rank = new int[height];
        Node p = header;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            while (p.next[i] != null && before(p.next[i], x.score, x.member)) {
                rank[i] += p.span[i];
                p = p.next[i];
            }
            update[i] = p;
        }
        int lvl = x.level();
        if (lvl > level) {
            for (int i = level; i < lvl; i++) {
                rank[i] = 0;
                update[i] = header;
                header.span[i] = length;
            }
            level = lvl;
        }
        for (int i = 0; i < lvl; i++) {
            x.next[i] = update[i].next[i];
            update[i].next[i] = x;
            x.span[i] = update[i].span[i] - (rank[0] - rank[i]);
            update[i].span[i] = rank[0] - rank[i] + 1;
        }
        for (int i = lvl; i < level; i++) {
            update[i].span[i]++;
        }
        x.backward = update[0] == header ? null : update[0];
        if (x.next[0] != null) {
            x.next[0].backward = x;
        } else {
            tail = x;
        }
        length++;
    }

    /** The last node at each level that sorts before (score, member). */
    private Node[] path(double score, byte[] member) {
        Node[] update = new Node[level];
        Node p = header;
        for (int i = level - 1; i >= 0; i--) {
            while (p.next[i] != null && before(p.next[i], score, member)) {
                p = p.next[i];
            }
            update[i] = p;
        }
        return update;
    }

    /** {@code zslDeleteNode}: unlinks {@code x} given the path to it. */
    private void unlink(Node x, Node[] update) {
        for (int i = 0; i < level; i++) {
            if (update[i].next[i] == x) {
                update[i].span[i] += x.span[i] - 1;
                update[i].next[i] = x.next[i];
            } else {
                update[i].span[i]--;
            }
        }
        if (x.next[0] != null) {
            x.next[0].backward = x.backward;
        } else {
            tail = x.backward;
        }
        while (level > 1 && header.next[level - 1] == null) {
            level--;
        }
        length--;
    }

    /** Removes a node of this list. */
    void delete(Node x) {
        unlink(x, path(x.score, x.member));
    }

    /**
     * {@code zslUpdateScore}: the score changes in place when the node keeps its position, otherwise the
     * node moves (the same node, so references to it stay valid).
     */
    void updateScore(Node x, double score) {
        if ((x.backward == null || x.backward.score < score) && (x.next[0] == null || x.next[0].score > score)) {
            x.score = score;
            return;
        }
        unlink(x, path(x.score, x.member));
        x.score = score;
        link(x);
    }

    /** {@code zslGetRank}: the 1-based rank of (score, member), or 0 if absent. */
    long rank(double score, byte[] member) {
        long rank = 0;
        Node p = header;
        for (int i = level - 1; i >= 0; i--) {
            while (p.next[i] != null && (p.next[i].score < score || (p.next[i].score == score
                    && Arrays.compareUnsigned(p.next[i].member, member) <= 0))) {
                rank += p.span[i];
                p = p.next[i];
            }
            if (p.member != null && Arrays.equals(p.member, member)) {
                return rank;
            }
        }
        return 0;
    }

    /** {@code zslGetElementByRank}: the node at 1-based {@code rank}, or null. */
    Node byRank(long rank) {
        long traversed = 0;
        Node p = header;
        for (int i = level - 1; i >= 0; i--) {
            while (p.next[i] != null && traversed + p.span[i] <= rank) {
                traversed += p.span[i];
                p = p.next[i];
            }
            if (traversed == rank) {
                return p == header ? null : p;
            }
        }
        return null;
    }

    /** {@code zslIsInRange}: the range is not empty and overlaps the list's ends. */
    private boolean overlaps(ElementRange range) {
        return !range.isEmpty() && tail != null && range.aboveMin(tail.score, tail.member)
                && range.belowMax(first().score, first().member);
    }

    /** {@code zslFirstInRange} and {@code zslFirstInLexRange}: the lowest node in {@code range}, or null. */
    Node firstIn(ElementRange range) {
        if (!overlaps(range)) {
            return null;
        }
        Node p = header;
        for (int i = level - 1; i >= 0; i--) {
            while (p.next[i] != null && !range.aboveMin(p.next[i].score, p.next[i].member)) {
                p = p.next[i];
            }
        }
        p = p.next[0];
        return range.belowMax(p.score, p.member) ? p : null;
    }

    /** {@code zslLastInRange} and {@code zslLastInLexRange}: the highest node in {@code range}, or null. */
    Node lastIn(ElementRange range) {
        if (!overlaps(range)) {
            return null;
        }
        Node p = header;
        for (int i = level - 1; i >= 0; i--) {
            while (p.next[i] != null && range.belowMax(p.next[i].score, p.next[i].member)) {
                p = p.next[i];
            }
        }
        return range.aboveMin(p.score, p.member) ? p : null;
    }

    /**
     * {@code zslDeleteRangeByRank}: removes 1-based ranks {@code start..end} (inclusive), handing each
     * removed node to {@code removed}; returns how many went.
     */
    int deleteRanks(long start, long end, Consumer<Node> removed) {
        Node[] update = new Node[level];
        long traversed = 0;
        Node p = header;
        for (int i = level - 1; i >= 0; i--) {
            while (p.next[i] != null && traversed + p.span[i] < start) {
                traversed += p.span[i];
                p = p.next[i];
            }
            update[i] = p;
        }
        traversed++;
        p = p.next[0];
        int count = 0;
        while (p != null && traversed <= end) {
            Node next = p.next[0];
            unlink(p, update);
            removed.accept(p);
            count++;
            traversed++;
            p = next;
        }
        return count;
    }
}
