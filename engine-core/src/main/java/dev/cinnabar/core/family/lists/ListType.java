// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.lists;

import dev.cinnabar.core.rdb.Rdb;
import dev.cinnabar.core.structures.RedisMemory;
import dev.cinnabar.spi.RdbInput;
import dev.cinnabar.spi.RdbOutput;
import dev.cinnabar.spi.ValueType;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The list type: values are {@link QuickList}s, always encoded {@code quicklist} as in Redis 7.0. The
 * instance a family registers loads RDB values with that family's node settings; {@link #INSTANCE} (Redis's
 * defaults) serves type checks, which go by the value class.
 */
public final class ListType implements ValueType<QuickList> {
    public static final ListType INSTANCE = new ListType(() -> new QuickList(-2, 0));
    /** Nodes MEMORY USAGE looks at, as Redis's default SAMPLES. */
    private static final int DEFAULT_SAMPLES = 5;
    /** sizeof(quicklist) on 64-bit Redis 7.0. */
    private static final long QUICKLIST_BYTES = 40;
    /** sizeof(quicklistNode) on 64-bit Redis 7.0 (its {@code sz} became a size_t). */
    private static final long NODE_BYTES = 40;

    private final Supplier<QuickList> newList;

    /**
     * @param newList an empty list with the current {@code list-max-listpack-size} and
     *                {@code list-compress-depth}
     */
    ListType(Supplier<QuickList> newList) {
        this.newList = Objects.requireNonNull(newList, "newList is null");
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

    @Override
    public List<Integer> rdbTypeIds() {
        return List.of(Rdb.TYPE_LIST, Rdb.TYPE_LIST_ZIPLIST, Rdb.TYPE_LIST_QUICKLIST, Rdb.TYPE_LIST_QUICKLIST_2);
    }

    @Override
    public int rdbTypeId(QuickList value) {
        return Rdb.TYPE_LIST_QUICKLIST_2;
    }

    @Override
    public void writeRdb(QuickList value, RdbOutput out) {
        ListCodec.write(value, out);
    }

    /** Null for an empty list, which Redis skips as an empty key. */
    @Override
    public QuickList readRdb(int typeId, RdbInput in) {
        return ListCodec.read(typeId, in, newList);
    }

    @Override
    public void rewrite(byte[] key, QuickList value, CommandSink sink) {
        ListCodec.rewrite(key, value, sink);
    }
}
