// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.sets;

/** Sizes of Redis's allocations under jemalloc, for MEMORY USAGE estimates. */
final class Allocations {
    private Allocations() {
    }

    /** Bytes jemalloc hands out for a request of {@code size}: its size class (8, 16, 32, 48 … 128, 160 …). */
    static long jemalloc(long size) {
        if (size <= 8) {
            return 8;
        }
        if (size <= 128) {
            return (size + 15) & ~15L;
        }
        // four classes per doubling above 128: 160, 192, 224, 256, 320 …
        long spacing = Long.highestOneBit(size - 1) >> 2;
        return (size + spacing - 1) & -spacing;
    }

    /** Allocation of an sds string of {@code length} bytes: header by {@code sdsReqType}, bytes, NUL. */
    static long sds(long length) {
        int header;
        if (length < 1 << 5) {
            header = 1;
        } else if (length < 1 << 8) {
            header = 3;
        } else if (length < 1 << 16) {
            header = 5;
        } else if (length < 1L << 32) {
            header = 9;
        } else {
            header = 17;
        }
        return jemalloc(header + length + 1);
    }
}
