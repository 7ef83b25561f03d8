// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

import dev.cinnabar.spi.ValueType;

/** The sorted set type: TYPE says {@code zset}, OBJECT ENCODING {@code listpack} or {@code skiplist}. */
public final class ZSetType implements ValueType<SortedSet> {
    /** Elements MEMORY USAGE looks at in a skiplist, as Redis's default SAMPLES. */
    private static final int DEFAULT_SAMPLES = 5;

    public static final ZSetType INSTANCE = new ZSetType();

    private ZSetType() {
    }

    @Override
    public String name() {
        return "zset";
    }

    @Override
    public Class<SortedSet> valueClass() {
        return SortedSet.class;
    }

    @Override
    public String encoding(SortedSet value) {
        return value.encoding();
    }

    @Override
    public SortedSet copy(SortedSet value) {
        return value.copy();
    }

    @Override
    public long memoryUsage(SortedSet value) {
        return value.memoryUsage(DEFAULT_SAMPLES);
    }

    @Override
    public long memoryUsage(SortedSet value, int samples) {
        return value.memoryUsage(samples);
    }
}
