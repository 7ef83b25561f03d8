// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

/**
 * What Redis's allocator (jemalloc, as Redis 7.0 ships it) hands out for a request, so that a type's
 * {@link ValueType#memoryUsage} can report what {@code MEMORY USAGE} reports on Redis.
 */
public final class Jemalloc {
    private Jemalloc() {
    }

    /**
     * The size class of a request of {@code n} bytes ({@code zmalloc_size}): 8, then multiples of 16 up to
     * 128, then four classes per doubling (160, 192, 224, 256, 320, …).
     */
    public static long sizeClass(long n) {
        if (n <= 8) {
            return 8;
        }
        if (n <= 128) {
            return (n + 15) & ~15L;
        }
        long step = Long.highestOneBit(n - 1) >>> 2;
        return (n + step - 1) & ~(step - 1);
    }
}
