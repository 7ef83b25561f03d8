// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

import dev.cinnabar.core.rdb.Rdb;
import dev.cinnabar.spi.RdbInput;
import dev.cinnabar.spi.RdbOutput;
import dev.cinnabar.spi.SortedSetType;

import java.util.List;
import java.util.Objects;

/**
 * The sorted set type: TYPE says {@code zset}, OBJECT ENCODING {@code listpack} or {@code skiplist}. The
 * instance a family registers loads RDB values under that family's limits; {@link #INSTANCE} (Redis's
 * defaults) serves type checks, which go by the value class.
 */
public final class ZSetType implements SortedSetType<SortedSet> {
    /** Elements MEMORY USAGE looks at in a skiplist, as Redis's default SAMPLES. */
    private static final int DEFAULT_SAMPLES = 5;

    public static final ZSetType INSTANCE = new ZSetType(new ZSetLimits());

    private final ZSetLimits limits;

    ZSetType(ZSetLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits is null");
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
    public SortedSet create() {
        return SortedSet.empty();
    }

    @Override
    public boolean put(SortedSet set, byte[] member, double score) {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("score is NaN");
        }
        return set.add(member, score, 0, limits) == SortedSet.Added.ADDED;
    }

    @Override
    public SortedSet createResult() {
        return SortedSet.skipList();
    }

    @Override
    public void compact(SortedSet set) {
        long longest = 0;
        for (ZSetStore.Cursor c = set.cursor(0, false); c.valid(); c.next()) {
            longest = Math.max(longest, c.member().length);
        }
        set.compactIfFits(limits, longest);
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

    @Override
    public List<Integer> rdbTypeIds() {
        return List.of(Rdb.TYPE_ZSET, Rdb.TYPE_ZSET_2, Rdb.TYPE_ZSET_ZIPLIST, Rdb.TYPE_ZSET_LISTPACK);
    }

    @Override
    public int rdbTypeId(SortedSet value) {
        return ZSetCodec.rdbTypeId(value);
    }

    @Override
    public void writeRdb(SortedSet value, RdbOutput out) {
        ZSetCodec.write(value, out);
    }

    /** Null for an empty sorted set, which Redis skips as an empty key. */
    @Override
    public SortedSet readRdb(int typeId, RdbInput in) {
        return ZSetCodec.read(typeId, in, limits);
    }

    @Override
    public void rewrite(byte[] key, SortedSet value, CommandSink sink) {
        ZSetCodec.rewrite(key, value, sink);
    }
}
