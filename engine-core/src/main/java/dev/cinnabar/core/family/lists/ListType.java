// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.lists;

import dev.cinnabar.core.structures.RedisMemory;
import dev.cinnabar.spi.ValueType;

/** The list type: values are {@link QuickList}s, always encoded {@code quicklist} as in Redis 7.0. */
public final class ListType implements ValueType<QuickList> {
    public static final ListType INSTANCE = new ListType();
    /** Nodes MEMORY USAGE looks at, as Redis's default SAMPLES. */
    private static final int DEFAULT_SAMPLES = 5;
    /** sizeof(quicklist) on 64-bit Redis 7.0. */
    private static final long QUICKLIST_BYTES = 40;
    /** sizeof(quicklistNode) on 64-bit Redis 7.0 (its {@code sz} became a size_t). */
    private static final long NODE_BYTES = 40;

    private ListType() {
    }

    @Override
    public String name() {
        return "list";
    }

    @Override
    public Class<QuickList> valueClass() {
        return QuickList.class;
    }

    @Override
    public String encoding(QuickList value) {
        return "quicklist";
    }

    @Override
    public QuickList copy(QuickList value) {
        return value.copy();
    }

    @Override
    public long memoryUsage(QuickList value) {
        return memoryUsage(value, DEFAULT_SAMPLES);
    }

    /**
     * Bytes Redis would use for this list, as its {@code objectComputeSize} estimates a quicklist: the first
     * {@code samples} nodes averaged over all of them.
     */
    @Override
    public long memoryUsage(QuickList value, int samples) {
        long sampled = 0;
        int seen = 0;
        for (ListNode n = value.head(); n != null && seen < samples; n = n.next) {
            sampled += NODE_BYTES + n.redisAllocation();
            seen++;
        }
        double perNode = seen == 0 ? 0 : (double) sampled / seen;
        return (long) (RedisMemory.OBJECT + QUICKLIST_BYTES + perNode * value.nodeCount());
    }
}
