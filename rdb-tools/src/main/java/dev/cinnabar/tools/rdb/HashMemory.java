// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.structures.RedisMemory;

/**
 * A hash's {@code MEMORY USAGE} from its fields: a listpack while it fits the limits as the engine's load
 * applies them (every form by field count; the plain and zipmap forms by length too), else a hashtable
 * whose first {@link #SAMPLES} fields in file order are extrapolated to all.
 */
final class HashMemory implements CollectionMemory {
    private final long maxEntries;
    private final long maxValue;
    private final boolean checkLengths;
    private long fields;
    private long longest;
    private long listpackBytes = RedisMemory.LISTPACK_OVERHEAD;
    private long sampled;
    private long sampledBytes;

    /** @param checkLengths whether a long field or value makes it a hashtable (plain and zipmap forms) */
    HashMemory(EncodingLimits limits, boolean checkLengths) {
        this.maxEntries = limits.hashEntries();
        this.maxValue = limits.hashValue();
        this.checkLengths = checkLengths;
    }

    @Override
    public void pair(byte[] field, byte[] value) {
        fields++;
        longest = Math.max(longest, Math.max(field.length, value.length));
        if (fields <= maxEntries) {
            listpackBytes += RedisMemory.listpackEntry(field) + RedisMemory.listpackEntry(value);
        }
        if (sampled < SAMPLES) {
            sampledBytes += RedisMemory.sds(field.length) + RedisMemory.sds(value.length) + RedisMemory.DICT_ENTRY;
            sampled++;
        }
    }

    private boolean listpack() {
        return fields <= maxEntries && (!checkLengths || longest <= maxValue);
    }

    @Override
    public boolean exact() {
        return listpack();
    }

    @Override
    public long elements() {
        return fields;
    }

    @Override
    public String encoding() {
        return listpack() ? "listpack" : "hashtable";
    }

    @Override
    public long usage() {
        return listpack() ? RedisMemory.OBJECT + RedisMemory.allocation(listpackBytes)
                : RedisMemory.hashtable(fields, sampled, sampledBytes);
    }
}
