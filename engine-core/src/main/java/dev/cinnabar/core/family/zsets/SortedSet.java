// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

import dev.cinnabar.core.family.zsets.ZSetStore.Cursor;
import dev.cinnabar.core.family.zsets.ZSetStore.ElementVisitor;
import dev.cinnabar.spi.ScoredSet;

import java.util.function.Consumer;

/**
 * A sorted set value: its elements in one of Redis's two encodings ({@code listpack}, {@code skiplist}),
 * converting at the configured limits as {@code t_zset.c} does. Ranks count from 0 in (score, member) order.
 */
public final class SortedSet implements ScoredSet {
    /** ZADD_IN_INCR: add the score to the current one. */
    static final int INCR = 1;
    /** ZADD_IN_NX: only add new members. */
    static final int NX = 1 << 1;
    /** ZADD_IN_XX: only update present members. */
    static final int XX = 1 << 2;
    /** ZADD_IN_GT: only update to a greater score. */
    static final int GT = 1 << 3;
    /** ZADD_IN_LT: only update to a lower score. */
    static final int LT = 1 << 4;

    /** The outcome of {@link #add}. */
    enum Added { NOTHING, ADDED, UPDATED, UNCHANGED, NAN }

    private ZSetStore store;

    private SortedSet(ZSetStore store) {
        this.store = store;
    }

    /** An empty listpack set (ZADD's new key); its first {@link #insert} converts it if that member needs to. */
    static SortedSet empty() {
        return new SortedSet(new PackedZSet(1));
    }

    /** An empty skiplist set, to collect a result before {@link #compactIfFits}. */
    static SortedSet skipList() {
        return new SortedSet(new SkipListZSet());
    }

    String encoding() {
        return store instanceof PackedZSet ? "listpack" : "skiplist";
    }

    @Override
    public int size() {
        return store.size();
    }

    /**
     * {@code zsetConvert(zobj, OBJ_ENCODING_SKIPLIST)}: SORT and SORT_RO convert every sorted set they read,
     * so OBJECT ENCODING reports {@code skiplist} afterwards, as in Redis 7.0.
     */
    public void convertToSkipList() {
        if (store instanceof PackedZSet) {
            SkipListZSet converted = new SkipListZSet();
            for (Cursor c = store.cursor(0, false); c.valid(); c.next()) {
                converted.insert(c.member(), c.score());
            }
            store = converted;
        }
    }

    /** Up to {@code count} members from {@code rank} on, toward higher ranks or lower ones when {@code reverse}. */
    public void forEachMember(int rank, boolean reverse, int count, Consumer<byte[]> action) {
        Cursor c = store.cursor(rank, reverse);
        for (int i = 0; i < count && c.valid(); i++, c.next()) {
            action.accept(c.member());
        }
    }

    /** The member's score, or NaN when it is absent. */
    @Override
    public double score(byte[] member) {
        return store.score(member);
    }

    @Override
    public void range(double min, boolean minExclusive, double max, boolean maxExclusive, boolean reverse,
                      ScoredVisitor visitor) {
        ScoreRange range = new ScoreRange(min, minExclusive, max, maxExclusive);
        if (range.isEmpty()) {
            return;
        }
        int first = reverse ? store.lastIn(range) : store.firstIn(range);
        if (first < 0) {
            return;
        }
        for (Cursor c = store.cursor(first, reverse); c.valid(); c.next()) {
            double score = c.score();
            if (reverse ? !range.aboveMin(score) : !range.belowMax(score)) {
                return;
            }
            if (!visitor.visit(c.member(), score)) {
                return;
            }
        }
    }

    /**
     * {@code zsetAdd}: adds or updates one member under the ZADD flags, converting to a skiplist when the
     * new member would overflow the listpack limits.
     */
    Added add(byte[] member, double score, int flags, ZSetLimits limits) {
        double current = store.score(member);
        if (!Double.isNaN(current)) {
            if ((flags & NX) != 0) {
                return Added.NOTHING;
            }
            double next = (flags & INCR) != 0 ? current + score : score;
            if (Double.isNaN(next)) {
                return Added.NAN;
            }
            if (((flags & LT) != 0 && next >= current) || ((flags & GT) != 0 && next <= current)) {
                return Added.NOTHING;
            }
            if (next == current) {
                return Added.UNCHANGED;
            }
            store.update(member, next);
            return Added.UPDATED;
        }
        if ((flags & XX) != 0) {
            return Added.NOTHING;
        }
        insert(member, score, limits);
        return Added.ADDED;
    }

    /** Adds an absent member, converting to a skiplist first if a listpack would exceed the limits. */
    void insert(byte[] member, double score, ZSetLimits limits) {
        if (store instanceof PackedZSet && !limits.fitsPacked(store.size() + 1L, member.length)) {
            convertToSkipList();
        }
        store.insert(member, score);
    }

    /** Adds an absent member without checking the listpack limits: for results built as a skiplist. */
    void put(byte[] member, double score) {
        store.insert(member, score);
    }

    /**
     * {@code zsetConvertToListpackIfNeeded} for a freshly built result (ZUNIONSTORE, ZRANGESTORE…): back
     * to a listpack when it fits.
     */
    void compactIfFits(ZSetLimits limits, long maxMemberLength) {
        if (store instanceof SkipListZSet && limits.fitsPacked(store.size(), maxMemberLength)) {
            PackedZSet packed = new PackedZSet(store.size());
            for (Cursor c = store.cursor(0, false); c.valid(); c.next()) {
                packed.insert(c.member(), c.score());
            }
            store = packed;
        }
    }

    boolean remove(byte[] member) {
        return store.remove(member);
    }

    /** The member's rank, or -1 when it is absent. */
    int rank(byte[] member) {
        return store.rank(member);
    }

    Cursor cursor(int rank, boolean reverse) {
        return store.cursor(rank, reverse);
    }

    int firstIn(ElementRange range) {
        return store.firstIn(range);
    }

    int lastIn(ElementRange range) {
        return store.lastIn(range);
    }

    int count(ElementRange range) {
        return store.count(range);
    }

    void removeRanks(int start, int end) {
        store.removeRanks(start, end);
    }

    Cursor random() {
        return store.random();
    }

    long scan(long cursor, long count, ElementVisitor visitor) {
        return store.scan(cursor, count, visitor);
    }

    SortedSet copy() {
        return new SortedSet(store.copy());
    }

    long memoryUsage(int samples) {
        return store.memoryUsage(samples);
    }
}
