// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.hashes;

import dev.cinnabar.core.structures.ByteMap;
import dev.cinnabar.core.structures.RedisMemory;
import dev.cinnabar.spi.ValueType;

/** The hash type: values are {@link HashValue}, encodings {@code listpack} and {@code hashtable}. */
public final class HashType implements ValueType<HashValue> {
    public static final HashType INSTANCE = new HashType();
    /** Entries MEMORY USAGE looks at in a hashtable, as Redis's default SAMPLES. */
    private static final int DEFAULT_SAMPLES = 5;

    private HashType() {
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
}
