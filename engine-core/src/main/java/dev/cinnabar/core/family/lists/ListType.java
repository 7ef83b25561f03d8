// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.lists;

import dev.cinnabar.spi.ValueType;

/** The list type: values are {@link QuickList}s, always encoded {@code quicklist} as in Redis 7.0. */
public final class ListType implements ValueType<QuickList> {
    public static final ListType INSTANCE = new ListType();
    /** Nodes MEMORY USAGE looks at, as Redis's default SAMPLES. */
    private static final int DEFAULT_SAMPLES = 5;

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
        return value.memoryUsage(DEFAULT_SAMPLES);
    }

    @Override
    public long memoryUsage(QuickList value, int samples) {
        return value.memoryUsage(samples);
    }
}
