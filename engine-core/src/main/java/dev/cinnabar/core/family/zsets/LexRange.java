// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

import dev.cinnabar.spi.RedisError;

import java.util.Arrays;

/**
 * A member interval of ZRANGEBYLEX and friends ({@code zlexrangespec}): {@code [x} inclusive, {@code (x}
 * exclusive, {@code -} and {@code +} below and above every string.
 */
record LexRange(byte[] min, boolean minExclusive, byte[] max, boolean maxExclusive) implements ElementRange {
    static final RedisError INVALID = RedisError.err("min or max not valid string range item");
    /** Redis's {@code shared.minstring}: told apart by identity, below every member. */
    private static final byte[] MIN_STRING = new byte[0];
    /** Redis's {@code shared.maxstring}: told apart by identity, above every member. */
    private static final byte[] MAX_STRING = new byte[0];

    /** Parses as {@code zslParseLexRange}. */
    static LexRange parse(byte[] min, byte[] max) {
        return new LexRange(item(min), min.length > 0 && min[0] != '[', item(max), max.length > 0 && max[0] != '[');
    }

    /** One bound as {@code zslParseLexRangeItem}: C reads "+" or "-" followed by a NUL as the bare sign. */
    private static byte[] item(byte[] s) {
        if (s.length == 0) {
            throw INVALID;
        }
        switch (s[0]) {
            case '+', '-' -> {
                if (s.length > 1 && s[1] != 0) {
                    throw INVALID;
                }
                return s[0] == '+' ? MAX_STRING : MIN_STRING;
            }
            case '(', '[' -> {
                return Arrays.copyOfRange(s, 1, s.length);
            }
            default -> throw INVALID;
        }
    }

    /** {@code sdscmplex}: the sentinels by identity first, then unsigned bytes. */
    static int compare(byte[] a, byte[] b) {
        if (a == b) {
            return 0;
        }
        if (a == MIN_STRING || b == MAX_STRING) {
            return -1;
        }
        if (a == MAX_STRING || b == MIN_STRING) {
            return 1;
        }
        return Arrays.compareUnsigned(a, b);
    }

    /** True if {@code member} is not below the lower bound ({@code zslLexValueGteMin}). */
    boolean aboveMin(byte[] member) {
        int c = compare(member, min);
        return minExclusive ? c > 0 : c >= 0;
    }

    /** True if {@code member} is not above the upper bound ({@code zslLexValueLteMax}). */
    boolean belowMax(byte[] member) {
        int c = compare(member, max);
        return maxExclusive ? c < 0 : c <= 0;
    }

    @Override
    public boolean aboveMin(double score, byte[] member) {
        return aboveMin(member);
    }

    @Override
    public boolean belowMax(double score, byte[] member) {
        return belowMax(member);
    }

    /** {@code zslIsInLexRange}'s first test. */
    @Override
    public boolean isEmpty() {
        int c = compare(min, max);
        return c > 0 || (c == 0 && (minExclusive || maxExclusive));
    }
}
