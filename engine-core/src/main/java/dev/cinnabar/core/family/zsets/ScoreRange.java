// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RedisError;

/**
 * A score interval ({@code zrangespec}): {@code (} before a bound makes it exclusive. Comparisons are C's,
 * so -0 equals 0.
 */
record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) implements ElementRange {
    static final RedisError NOT_FLOAT = RedisError.err("min or max is not a float");

    /** Parses as {@code zslParseRange}: C's strtod after an optional {@code (}, NaN refused. */
    static ScoreRange parse(byte[] min, byte[] max) {
        boolean minEx = min.length > 0 && min[0] == '(';
        boolean maxEx = max.length > 0 && max[0] == '(';
        return new ScoreRange(Numbers.strtod(min, minEx ? 1 : 0, NOT_FLOAT), minEx,
                Numbers.strtod(max, maxEx ? 1 : 0, NOT_FLOAT), maxEx);
    }

    /** True if {@code score} is not below the lower bound ({@code zslValueGteMin}). */
    boolean aboveMin(double score) {
        return minExclusive ? score > min : score >= min;
    }

    /** True if {@code score} is not above the upper bound ({@code zslValueLteMax}). */
    boolean belowMax(double score) {
        return maxExclusive ? score < max : score <= max;
    }

    @Override
    public boolean aboveMin(double score, byte[] member) {
        return aboveMin(score);
    }

    @Override
    public boolean belowMax(double score, byte[] member) {
        return belowMax(score);
    }

    /** {@code zslIsInRange}'s first test. */
    @Override
    public boolean isEmpty() {
        return min > max || (min == max && (minExclusive || maxExclusive));
    }
}
