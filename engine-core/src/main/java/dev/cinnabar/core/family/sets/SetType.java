// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.sets;

import dev.cinnabar.core.rdb.Rdb;
import dev.cinnabar.spi.RdbInput;
import dev.cinnabar.spi.RdbOutput;
import dev.cinnabar.spi.ValueType;

import java.util.List;
import java.util.Objects;

/**
 * The set type: values are {@link SetValue}, encoded {@code intset} or {@code hashtable}. The instance a
 * family registers loads RDB values under that family's {@code set-max-intset-entries}; {@link #INSTANCE}
 * (Redis's defaults) serves type checks, which go by the value class.
 */
public final class SetType implements ValueType<SetValue> {
    /** Members MEMORY USAGE looks at in a hashtable, as Redis's default SAMPLES. */
    private static final int DEFAULT_SAMPLES = 5;

    public static final SetType INSTANCE = new SetType(new IntsetLimit());

    private final IntsetLimit limit;

    SetType(IntsetLimit limit) {
        this.limit = Objects.requireNonNull(limit, "limit is null");
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

    @Override
    public List<Integer> rdbTypeIds() {
        return List.of(Rdb.TYPE_SET, Rdb.TYPE_SET_INTSET, Rdb.TYPE_SET_LISTPACK);
    }

    @Override
    public int rdbTypeId(SetValue value) {
        return SetCodec.rdbTypeId(value);
    }

    @Override
    public void writeRdb(SetValue value, RdbOutput out) {
        SetCodec.write(value, out);
    }

    /** Null for an empty set, which Redis skips as an empty key. */
    @Override
    public SetValue readRdb(int typeId, RdbInput in) {
        return SetCodec.read(typeId, in, limit.maxEntries);
    }

    @Override
    public void rewrite(byte[] key, SetValue value, CommandSink sink) {
        SetCodec.rewrite(key, value, sink);
    }
}
