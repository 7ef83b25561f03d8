// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

/**
 * A sorted set value as families outside the core see it: members ordered by (score, member), as Redis
 * orders them. Changes go through its {@link SortedSetType}, which knows the configured encoding limits.
 */
public interface ScoredSet {
    /** Number of members. */
    int size();

    /** The member's score, or NaN when it is absent (a stored score is never NaN). */
    double score(byte[] member);

    /**
     * Visits the members whose scores lie between {@code min} and {@code max} in Redis's order (reversed
     * when {@code reverse}), stopping early when the visitor returns false. Comparisons are C's, so -0
     * equals 0.
     */
    void range(double min, boolean minExclusive, double max, boolean maxExclusive, boolean reverse,
               ScoredVisitor visitor);

    /** Receives members of a {@link #range}. */
    @FunctionalInterface
    interface ScoredVisitor {
        /** Returns false to stop the walk. */
        boolean visit(byte[] member, double score);
    }
}
