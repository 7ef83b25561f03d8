// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code listpack} encoding: members and scores in two parallel arrays sorted by (score, member), for
 * small sets. Lookups by member are linear, as in a listpack. A listpack stores a zero score as the integer
 * 0, so -0 reads back as 0 here too. Lex ranges are scanned from the ends as {@code zzlFirstInLexRange} does,
 * which matters only when scores differ.
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

    /** The first index whose score is in range of the lower bound. */
    private int lowerBound(ScoreRange range) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (range.aboveMin(scores[mid])) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** One past the last index whose score is in range of the upper bound. */
    private int upperBound(ScoreRange range) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (range.belowMax(scores[mid])) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public int firstIn(ScoreRange range) {
        int i = lowerBound(range);
        return range.isEmpty() || i == size || !range.belowMax(scores[i]) ? -1 : i;
    }

    @Override
    public int lastIn(ScoreRange range) {
        int i = upperBound(range) - 1;
        return range.isEmpty() || i < 0 || !range.aboveMin(scores[i]) ? -1 : i;
    }

    @Override
    public int count(ScoreRange range) {
        int first = firstIn(range);
        return first < 0 ? 0 : lastIn(range) - first + 1;
    }

    /** {@code zzlIsInLexRange}: the range is not empty and overlaps the ends. */
    private boolean overlaps(LexRange range) {
        return size > 0 && !range.isEmpty() && range.aboveMin(members[size - 1]) && range.belowMax(members[0]);
    }

    @Override
    public int firstIn(LexRange range) {
        if (overlaps(range)) {
            for (int i = 0; i < size; i++) {
                if (range.aboveMin(members[i])) {
                    return range.belowMax(members[i]) ? i : -1;
                }
            }
        }
        return -1;
    }

    @Override
    public int lastIn(LexRange range) {
        if (overlaps(range)) {
            for (int i = size - 1; i >= 0; i--) {
                if (range.belowMax(members[i])) {
                    return range.aboveMin(members[i]) ? i : -1;
                }
            }
        }
        return -1;
    }

    @Override
    public int count(LexRange range) {
        int first = firstIn(range);
        if (first < 0) {
            return 0;
        }
        int i = first;
        while (i < size && range.belowMax(members[i])) {
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
}
