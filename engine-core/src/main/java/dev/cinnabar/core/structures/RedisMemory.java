// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.structures;

import dev.cinnabar.spi.Jemalloc;

import dev.cinnabar.spi.Numbers;

import java.util.function.IntToLongFunction;

/**
 * What Redis 7.0 on 64-bit Linux with jemalloc allocates for its building blocks, so MEMORY USAGE can
 * answer in Redis's terms ({@code objectComputeSize}) whatever Cinnabar's own layout costs.
 */
public final class RedisMemory {
    /** {@code sizeof(robj)}. */
    public static final int OBJECT = 16;
    /** {@code sizeof(dict)} in 7.0: type, two tables, two counts, rehash index, pause counter, two size exponents. */
    public static final int DICT = 56;
    /** {@code sizeof(dictEntry)}: key, value, next. */
    public static final int DICT_ENTRY = 24;
    /** {@code sizeof(dictEntry*)}: one bucket of a dict's table. */
    public static final int DICT_BUCKET = 8;
    /** A listpack's 6-byte header (total bytes, element count) and its 1-byte end marker. */
    public static final int LISTPACK_OVERHEAD = 7;
    /** {@code sizeof(zset)} (dict and skiplist pointers) plus {@code sizeof(zskiplist)}. */
    public static final int ZSET_STRUCTS = 16 + 32;
    /** {@code sizeof(zskiplistNode)} without its levels: member, score, backward. */
    public static final int SKIPLIST_NODE = 24;
    /** One level of a skiplist node: forward pointer and span. */
    public static final int SKIPLIST_LEVEL = 16;
    /** {@code ZSKIPLIST_MAXLEVEL}: the levels of a skiplist's header node. */
    public static final int SKIPLIST_MAX_LEVEL = 32;
    /** A dict's smallest table (DICT_HT_INITIAL_SIZE). */
    private static final int DICT_MIN_SLOTS = 4;

    private RedisMemory() {
    }

    /** jemalloc's size class for a request of {@code n} bytes ({@link Jemalloc#sizeClass}). */
    public static long allocation(long n) {
        return Jemalloc.sizeClass(n);
    }

    /** {@code sdsZmallocSize} of a string of {@code len} bytes: header by length, NUL terminator, size class. */
    public static long sds(int len) {
        int header = len < 32 ? 1 : len < 256 ? 3 : len < 65536 ? 5 : 9;
        return allocation(header + len + 1L);
    }

    /**
     * {@code objectComputeSize} of a {@code hashtable}-encoded value: the object, the dict and its buckets,
     * plus what {@code entryBytes} says the first {@code samples} entries (in table order) take, scaled to
     * the whole table.
     */
    public static long hashtable(OpenHashTable table, int samples, IntToLongFunction entryBytes) {
        long sampled = 0;
        long sampledBytes = 0;
        for (int slot = 0; slot < table.capacity() && sampled < samples; slot++) {
            if (table.keyAt(slot) != null) {
                sampledBytes += entryBytes.applyAsLong(slot);
                sampled++;
            }
        }
        return hashtable(table.size(), sampled, sampledBytes);
    }

    /**
     * {@code objectComputeSize} of a {@code hashtable}-encoded value of {@code size} entries whose
     * {@code sampled} sampled entries take {@code sampledBytes}: the object, the dict and its buckets, and the
     * sample's average scaled to the whole table.
     */
    public static long hashtable(long size, long sampled, long sampledBytes) {
        long usage = OBJECT + DICT + DICT_BUCKET * dictSlots(size);
        return sampled == 0 ? usage : usage + sampledBytes * size / sampled;
    }

    /**
     * {@code objectComputeSize} of a {@code skiplist}-encoded sorted set of {@code size} members whose first
     * {@code sampled} members take {@code sampledBytes} ({@link #skiplistEntry}): the object, the zset and
     * skiplist structs, the dict's buckets, the header node, and the sample's average scaled to all members.
     */
    public static long skiplist(long size, long sampled, long sampledBytes) {
        long usage = OBJECT + ZSET_STRUCTS + DICT + DICT_BUCKET * dictSlots(size) + skiplistNode(SKIPLIST_MAX_LEVEL);
        return sampled == 0 ? usage : usage + sampledBytes * size / sampled;
    }

    /** What one member of a skiplist-encoded sorted set takes: its sds, its dict entry and its node. */
    public static long skiplistEntry(int memberLength, int level) {
        return sds(memberLength) + DICT_ENTRY + skiplistNode(level);
    }

    private static long skiplistNode(int level) {
        return allocation(SKIPLIST_NODE + (long) SKIPLIST_LEVEL * level);
    }

    /** The table of a dict holding {@code size} entries: a power of two, at least 4 buckets. */
    public static long dictSlots(long size) {
        return Math.max(DICT_MIN_SLOTS, size <= 1 ? 1 : Long.highestOneBit(size - 1) << 1);
    }

    /**
     * Bytes a listpack entry takes for {@code s} ({@code lpEncodeGetType} plus the back-length): integers
     * in 1 to 9 bytes, strings with a 1, 2 or 5 byte header.
     */
    public static int listpackEntry(byte[] s) {
        int body;
        long v = s.length <= 20 ? Numbers.parseLongOr(s, Long.MIN_VALUE) : Long.MIN_VALUE;
        boolean integer = v != Long.MIN_VALUE || (s.length == 20 && Numbers.isCanonicalLong(s));
        if (integer) {
            if (v >= 0 && v <= 127) {
                body = 1;
            } else if (v >= -4096 && v <= 4095) {
                body = 2;
            } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                body = 3;
            } else if (v >= -(1 << 23) && v < (1 << 23)) {
                body = 4;
            } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                body = 5;
            } else {
                body = 9;
            }
        } else {
            int len = s.length;
            body = (len < 64 ? 1 : len < 4096 ? 2 : 5) + len;
        }
        return body + backLength(body);
    }

    /**
     * Bytes of the back-length that follows an entry of {@code body} bytes: 7 bits per byte, with
     * {@code lpEncodeBacklen}'s bounds (16383 bytes already take three).
     */
    private static int backLength(int body) {
        if (body <= 127) {
            return 1;
        }
        if (body < 16383) {
            return 2;
        }
        if (body < 2097151) {
            return 3;
        }
        return body < 268435455 ? 4 : 5;
    }
}
