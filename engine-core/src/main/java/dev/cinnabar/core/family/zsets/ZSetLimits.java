// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

/** When a sorted set leaves the listpack encoding: {@code zset-max-listpack-entries} and {@code -value}. */
final class ZSetLimits {
    /** Redis 7.0's default zset-max-listpack-entries. */
    static final int DEFAULT_ENTRIES = 128;
    /** Redis 7.0's default zset-max-listpack-value, in bytes. */
    static final int DEFAULT_VALUE = 64;

    long maxEntries = DEFAULT_ENTRIES;
    long maxValue = DEFAULT_VALUE;

    /** True if a set of {@code size} elements whose longest member has {@code maxLength} bytes fits a listpack. */
    boolean fitsPacked(long size, long maxLength) {
        return size <= maxEntries && maxLength <= maxValue;
    }
}
