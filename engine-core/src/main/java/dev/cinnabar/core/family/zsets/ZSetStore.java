// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

/**
 * One encoding of a sorted set: its elements ordered by (score, member). Ranks count from 0. Callers have
 * checked their arguments: inserted members are absent, updated and ranked ones present, ranks in range.
 */
sealed interface ZSetStore permits PackedZSet, SkipListZSet {
    int size();

    /** The member's score, or NaN when it is absent (a score is never NaN). */
    double score(byte[] member);

    /** Adds an absent member. */
    void insert(byte[] member, double score);

    /** Gives a present member a new score. */
    void update(byte[] member, double score);

    /** Removes a member; false when it was absent. */
    boolean remove(byte[] member);

    /** The member's rank, or -1 when it is absent. */
    int rank(byte[] member);

    /** A cursor on {@code rank}, stepping to higher ranks, or lower ones when {@code reverse}. */
    Cursor cursor(int rank, boolean reverse);

    /** The rank of the lowest element in {@code range}, or -1. */
    int firstIn(ElementRange range);

    /** The rank of the highest element in {@code range}, or -1. */
    int lastIn(ElementRange range);

    /** ZCOUNT and ZLEXCOUNT: the elements in {@code range}. */
    int count(ElementRange range);

    /** Removes ranks {@code start..end}, both included. */
    void removeRanks(int start, int end);

    /** A cursor on a uniformly random element of a non-empty set. */
    Cursor random();

    /**
     * One step of ZSCAN: visits some elements and returns the next cursor, 0 when done. The compact encoding
     * visits everything at once; the hash-table one follows Redis's reverse-binary cursor, aiming at
     * {@code count} visits (member and score count as two, as in Redis's reply list).
     */
    long scan(long cursor, long count, ElementVisitor visitor);

    /** A deep copy (COPY). */
    ZSetStore copy();

    /**
     * The bytes Redis's {@code objectComputeSize} reports for this encoding (MEMORY USAGE without the key),
     * a skiplist's elements estimated from the first {@code samples}.
     */
    long memoryUsage(int samples);

    /** Receives elements. */
    @FunctionalInterface
    interface ElementVisitor {
        void accept(byte[] member, double score);
    }

    /** A position in a set: reads one element, then steps toward higher ranks (or lower, reversed). */
    interface Cursor {
        boolean valid();

        byte[] member();

        double score();

        void next();
    }
}
