// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

import dev.cinnabar.core.structures.RedisMemory;
import dev.cinnabar.spi.Numbers;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code listpack} encoding: members and scores in two parallel arrays sorted by (score, member), for
 * small sets. Lookups by member and range searches are linear scans, as in a listpack (which matters for
 * lex ranges over unequal scores). A listpack stores a zero score as the integer 0, so -0 reads back as 0
 * here too.
 */
final class PackedZSet implements ZSetStore {
    private static final int MIN_CAPACITY = 4;

    private byte[][] members;
    private double[] scores;
    private int size;

    PackedZSet(int capacity) {
        members = new byte[Math.max(capacity, 1)][];
        scores = new double[Math.max(capacity, 1)];
    }

    private PackedZSet(byte[][] members, double[] scores, int size) {
        this.members = members;
        this.scores = scores;
        this.size = size;
    }

    @Override
    public int size() {
        return size;
    }

    private int indexOf(byte[] member) {
        for (int i = 0; i < size; i++) {
            if (Arrays.equals(members[i], member)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public double score(byte[] member) {
        int i = indexOf(member);
        return i < 0 ? Double.NaN : scores[i];
    }

    @Override
    public void insert(byte[] member, double score) {
        double stored = score == 0 ? 0.0 : score;
        int at = insertionPoint(stored, member);
        if (size == members.length) {
            int capacity = Math.max(MIN_CAPACITY, size + (size >> 1));
            members = Arrays.copyOf(members, capacity);
            scores = Arrays.copyOf(scores, capacity);
        }
        System.arraycopy(members, at, members, at + 1, size - at);
        System.arraycopy(scores, at, scores, at + 1, size - at);
        members[at] = member;
        scores[at] = stored;
        size++;
    }

    /** The first index whose element sorts after (score, member). */
    private int insertionPoint(double score, byte[] member) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (scores[mid] < score || (scores[mid] == score && Arrays.compareUnsigned(members[mid], member) < 0)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public void update(byte[] member, double score) {
        int i = indexOf(member);
        byte[] stored = members[i];
        removeRanks(i, i);
        insert(stored, score);
    }

    @Override
    public boolean remove(byte[] member) {
        int i = indexOf(member);
        if (i < 0) {
            return false;
        }
        removeRanks(i, i);
        return true;
    }

    @Override
    public int rank(byte[] member) {
        return indexOf(member);
    }

    @Override
    public Cursor cursor(int rank, boolean reverse) {
        return new Cursor() {
            private int i = rank;

            @Override
            public boolean valid() {
                return i >= 0 && i < size;
            }

            @Override
            public byte[] member() {
                return members[i];
            }

            @Override
            public double score() {
                return scores[i];
            }

            @Override
            public void next() {
                i += reverse ? -1 : 1;
            }
        };
    }

    /** {@code zzlIsInRange}: the range is not empty and overlaps the ends. */
    private boolean overlaps(ElementRange range) {
        return size > 0 && !range.isEmpty() && range.aboveMin(scores[size - 1], members[size - 1])
                && range.belowMax(scores[0], members[0]);
    }

    /** {@code zzlFirstInRange}: scans up to the first element above the minimum. */
    @Override
    public int firstIn(ElementRange range) {
        if (overlaps(range)) {
            for (int i = 0; i < size; i++) {
                if (range.aboveMin(scores[i], members[i])) {
                    return range.belowMax(scores[i], members[i]) ? i : -1;
                }
            }
        }
        return -1;
    }

    /** {@code zzlLastInRange}: scans down to the first element below the maximum. */
    @Override
    public int lastIn(ElementRange range) {
        if (overlaps(range)) {
            for (int i = size - 1; i >= 0; i--) {
                if (range.belowMax(scores[i], members[i])) {
                    return range.aboveMin(scores[i], members[i]) ? i : -1;
                }
            }
        }
        return -1;
    }

    /** A listpack's ZCOUNT: from the first element in range up while below the maximum. */
    @Override
    public int count(ElementRange range) {
        int first = firstIn(range);
        if (first < 0) {
            return 0;
        }
        int i = first;
        while (i < size && range.belowMax(scores[i], members[i])) {
            i++;
        }
        return i - first;
    }

    @Override
    public void removeRanks(int start, int end) {
        int n = end - start + 1;
        System.arraycopy(members, end + 1, members, start, size - end - 1);
        System.arraycopy(scores, end + 1, scores, start, size - end - 1);
        Arrays.fill(members, size - n, size, null);
        size -= n;
    }

    @Override
    public Cursor random() {
        return cursor(ThreadLocalRandom.current().nextInt(size), false);
    }

    @Override
    public long scan(long cursor, long count, ElementVisitor visitor) {
        for (int i = 0; i < size; i++) {
            visitor.accept(members[i], scores[i]);
        }
        return 0;
    }

    @Override
    public PackedZSet copy() {
        byte[][] m = new byte[size][];
        for (int i = 0; i < size; i++) {
            m[i] = members[i].clone();
        }
        return new PackedZSet(m, Arrays.copyOf(scores, size), size);
    }

    /** The listpack's allocation: each member, and each score as {@code d2string} writes it. */
    @Override
    public long memoryUsage(int samples) {
        long bytes = RedisMemory.LISTPACK_OVERHEAD;
        for (int i = 0; i < size; i++) {
            byte[] score = Numbers.formatG17(scores[i]).getBytes(StandardCharsets.US_ASCII);
            bytes += RedisMemory.listpackEntry(members[i]) + RedisMemory.listpackEntry(score);
        }
        return RedisMemory.OBJECT + RedisMemory.allocation(bytes);
    }
}
