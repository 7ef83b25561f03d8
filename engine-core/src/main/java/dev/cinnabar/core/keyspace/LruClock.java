// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.keyspace;

/**
 * Redis's LRU clock ({@code evict.c}, {@code object.c}): Unix seconds in 24 bits, so it wraps about every
 * 194 days, and idle times are estimated modulo the wrap exactly as Redis estimates them.
 */
public final class LruClock {
    /** LRU_CLOCK_MAX: the clock's 24 bits. */
    static final int MAX = (1 << 24) - 1;
    /** LRU_CLOCK_RESOLUTION: one tick is 1000 ms. */
    static final int RESOLUTION_MS = 1000;

    private LruClock() {
    }

    /** The clock at {@code nowMillis} ({@code getLRUClock}). */
    public static int at(long nowMillis) {
        return (int) ((nowMillis / RESOLUTION_MS) & MAX);
    }

    /** Milliseconds since {@code lru}, modulo the wrap ({@code estimateObjectIdleTime}). */
    public static long idleMillis(int lru, long nowMillis) {
        int clock = at(nowMillis);
        if (clock >= lru) {
            return (long) (clock - lru) * RESOLUTION_MS;
        }
        return ((long) clock + (MAX - lru)) * RESOLUTION_MS;
    }

    /**
     * The clock value of an access {@code idleSeconds} ago, as RESTORE IDLETIME computes it
     * ({@code objectSetLRUOrLFU}): C's wrapping multiplication included, and the result kept in the
     * object's 24-bit field.
     */
    public static int ofIdle(long idleSeconds, long nowMillis) {
        long clock = at(nowMillis);
        long ticks = idleSeconds * 1000 / RESOLUTION_MS;
        long abs = clock - ticks;
        if (abs < 0) {
            abs += MAX;
        }
        return (int) (abs & MAX);
    }
}
