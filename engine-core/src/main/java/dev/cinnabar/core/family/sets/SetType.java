// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.sets;

import dev.cinnabar.spi.ValueType;

/** The set type: values are {@link SetValue}, encoded {@code intset} or {@code hashtable}. */
public final class SetType implements ValueType<SetValue> {
    /** Members MEMORY USAGE looks at in a hashtable, as Redis's default SAMPLES. */
    private static final int DEFAULT_SAMPLES = 5;

    public static final SetType INSTANCE = new SetType();

    private SetType() {
    }

    @Override
    public String name() {
        return "set";
    }

    @Override
    public Class<SetValue> valueClass() {
        return SetValue.class;
    }

    @Override
    public String encoding(SetValue value) {
        return value.encoding();
    }

    @Override
    public SetValue copy(SetValue value) {
        return value.copy();
    }

    @Override
    public long memoryUsage(SetValue value) {
        return value.memoryUsage(DEFAULT_SAMPLES);
    }

    @Override
    public long memoryUsage(SetValue value, int samples) {
        return value.memoryUsage(samples);
    }
}
