// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

import dev.cinnabar.core.structures.ByteMap;
import dev.cinnabar.core.structures.RedisMemory;

/**
 * The {@code skiplist} encoding: a {@link SkipList} for order and ranks plus a member → node hash table for
 * O(1) lookups by member, as Redis's {@code zset} pairs a zskiplist with a dict.
 */
final class SkipListZSet implements ZSetStore {
    private final SkipList list = new SkipList();
    private final ByteMap<SkipList.Node> dict = new ByteMap<>();

    @Override
    public int size() {
        return list.size();
    }

    @Override
    public double score(byte[] member) {
        SkipList.Node node = dict.get(member);
        return node == null ? Double.NaN : node.score;
    }

    @Override
    public void insert(byte[] member, double score) {
        dict.put(member, list.insert(score, member));
    }

    @Override
    public void update(byte[] member, double score) {
        list.updateScore(dict.get(member), score);
    }

    @Override
    public boolean remove(byte[] member) {
        SkipList.Node node = dict.remove(member);
        if (node == null) {
            return false;
        }
        list.delete(node);
        return true;
    }

    @Override
    public int rank(byte[] member) {
        SkipList.Node node = dict.get(member);
        return node == null ? -1 : (int) list.rank(node.score, node.member) - 1;
    }

    @Override
    public Cursor cursor(int rank, boolean reverse) {
        return new NodeCursor(rank >= 0 && rank < list.size() ? list.byRank(rank + 1L) : null, reverse);
    }

    private int rankOf(SkipList.Node node) {
        return node == null ? -1 : (int) list.rank(node.score, node.member) - 1;
    }

    @Override
    public int firstIn(ElementRange range) {
        return rankOf(list.firstIn(range));
    }

    @Override
    public int lastIn(ElementRange range) {
        return rankOf(list.lastIn(range));
    }

    /** ZCOUNT's rank arithmetic on a skiplist: the elements from first to last, 0 when there is no first. */
    @Override
    public int count(ElementRange range) {
        int first = firstIn(range);
        if (first < 0) {
            return 0;
        }
        int last = lastIn(range);
        return last < 0 ? list.size() - first : last - first + 1;
    }

    @Override
    public void removeRanks(int start, int end) {
        list.deleteRanks(start + 1L, end + 1L, node -> dict.remove(node.member));
    }

    @Override
    public Cursor random() {
        return new NodeCursor(dict.valueAt(dict.randomSlot()), false);
    }

    @Override
    public long scan(long cursor, long count, ElementVisitor visitor) {
        return dict.scanBatch(cursor, count, slot -> {
            SkipList.Node node = dict.valueAt(slot);
            visitor.accept(node.member, node.score);
            return 2;
        });
    }

    @Override
    public SkipListZSet copy() {
        SkipListZSet copy = new SkipListZSet();
        for (SkipList.Node n = list.last(); n != null; n = n.backward) {
            copy.insert(n.member.clone(), n.score);
        }
        return copy;
    }

    /** Walks the skiplist's bottom level. */
    private static final class NodeCursor implements Cursor {
        private SkipList.Node node;
        private final boolean reverse;

        NodeCursor(SkipList.Node node, boolean reverse) {
            this.node = node;
            this.reverse = reverse;
        }

        @Override
        public boolean valid() {
            return node != null;
        }

        @Override
        public byte[] member() {
            return node.member;
        }

        @Override
        public double score() {
            return node.score;
        }

        @Override
        public void next() {
            node = reverse ? node.backward : node.forward();
        }
    }

    /**
     * The structs, the dict's buckets, the 32-level header node, then the sds, dict entry and node of a few
     * elements extrapolated to all, as Redis's {@code objectComputeSize}.
     */
    @Override
    public long memoryUsage(int samples) {
        long sampled = 0;
        long sampledBytes = 0;
        for (SkipList.Node n = list.first(); n != null && sampled < samples; n = n.forward(), sampled++) {
            sampledBytes += RedisMemory.skiplistEntry(n.member.length, n.level());
        }
        return RedisMemory.skiplist(list.size(), sampled, sampledBytes);
    }
}
