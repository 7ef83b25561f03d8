// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

/** An interval of a sorted set's elements, by score ({@link ScoreRange}) or by member ({@link LexRange}). */
sealed interface ElementRange permits ScoreRange, LexRange {
    /** True if the element is not below the lower bound. */
    boolean aboveMin(double score, byte[] member);

    /** True if the element is not above the upper bound. */
    boolean belowMax(double score, byte[] member);

    /** True for ranges that hold nothing whatever the set. */
    boolean isEmpty();
}
