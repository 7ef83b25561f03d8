// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.hashes;

import dev.cinnabar.core.rdb.Rdb;
import dev.cinnabar.core.structures.ByteMap;
import dev.cinnabar.core.structures.RedisMemory;
import dev.cinnabar.spi.RdbInput;
import dev.cinnabar.spi.RdbOutput;
import dev.cinnabar.spi.ValueType;

import java.util.List;
import java.util.Objects;

/**
 * The hash type: values are {@link HashValue}, encodings {@code listpack} and {@code hashtable}. The
 * instance a family registers loads RDB values under that family's limits; {@link #INSTANCE} (Redis's
 * defaults) serves type checks, which go by the value class.
 */
public final class HashType implements ValueType<HashValue> {
    public static final HashType INSTANCE = new HashType(new HashLimits());
    /** Entries MEMORY USAGE looks at in a hashtable, as Redis's default SAMPLES. */
    private static final int DEFAULT_SAMPLES = 5;

    private final HashLimits limits;

    HashType(HashLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits is null");
    }

    @Override
    public String name() {
        return "hash";
    }

    @Override
    public Class<HashValue> valueClass() {
        return HashValue.class;
    }

    @Override
    public String encoding(HashValue value) {
        return value.encoding();
    }

    @Override
    public HashValue copy(HashValue value) {
        return value.copy();
    }

    /**
     * What Redis's {@code objectComputeSize} reports: the object plus the listpack's allocation, or the
     * dict, its buckets and its entries' strings averaged over a sample.
     */
    @Override
    public long memoryUsage(HashValue value) {
        return memoryUsage(value, DEFAULT_SAMPLES);
    }

    @Override
    public long memoryUsage(HashValue value, int sampleLimit) {
        PackedPairs compact = value.compact();
        if (compact != null) {
            long bytes = RedisMemory.LISTPACK_OVERHEAD;
            for (int pos = compact.first(); pos < compact.end(); pos = compact.next(pos)) {
                bytes += RedisMemory.listpackEntry(compact.field(pos)) + RedisMemory.listpackEntry(compact.value(pos));
            }
            return RedisMemory.OBJECT + RedisMemory.allocation(bytes);
        }
        ByteMap<byte[]> table = value.table();
        return RedisMemory.hashtable(table, sampleLimit, slot -> RedisMemory.sds(table.keyAt(slot).length)
                + RedisMemory.sds(table.valueAt(slot).length) + RedisMemory.DICT_ENTRY);
    }

    @Override
    public List<Integer> rdbTypeIds() {
        return List.of(Rdb.TYPE_HASH, Rdb.TYPE_HASH_ZIPMAP, Rdb.TYPE_HASH_ZIPLIST, Rdb.TYPE_HASH_LISTPACK);
    }

    @Override
    public int rdbTypeId(HashValue value) {
        return HashCodec.rdbTypeId(value);
    }

    @Override
    public void writeRdb(HashValue value, RdbOutput out) {
        HashCodec.write(value, out);
    }

    /** Null for an empty hash, which Redis skips as an empty key. */
    @Override
    public HashValue readRdb(int typeId, RdbInput in) {
        return HashCodec.read(typeId, in, limits);
    }

    @Override
    public void rewrite(byte[] key, HashValue value, CommandSink sink) {
        HashCodec.rewrite(key, value, sink);
    }
}
