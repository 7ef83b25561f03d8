// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.structures.RedisMemory;

/**
 * A big set's {@code MEMORY USAGE}: a hashtable whose first {@link #SAMPLES} members in file order are
 * extrapolated to all. Only for sets too big for an intset: {@link MemoryWalk} sends only records of more
 * than {@link MemoryWalk#WHOLE_DECODE_BYTES}, and the 512 members {@code set-max-intset-entries} allows take
 * at most 21 bytes each.
 */
final class SetMemory implements CollectionMemory {
    private long members;
    private long sampled;
    private long sampledBytes;

    @Override
    public void element(byte[] value) {
        members++;
        if (sampled < SAMPLES) {
            sampledBytes += RedisMemory.DICT_ENTRY + RedisMemory.sds(value.length);
            sampled++;
        }
    }

    @Override
    public long elements() {
        return members;
    }

    @Override
    public String encoding() {
        return "hashtable";
    }

    @Override
    public long usage() {
        return RedisMemory.hashtable(members, sampled, sampledBytes);
    }
}
