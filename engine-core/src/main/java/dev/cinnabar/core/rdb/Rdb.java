// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import dev.cinnabar.spi.RdbInput;
import dev.cinnabar.spi.RdbOutput;

/**
 * Numbers of Redis's RDB format ({@code rdb.h}) as written to disk and into DUMP payloads. Pinned: each is
 * Redis's own value, checked by a test, and never derived from an ordinal.
 */
public final class Rdb {
    /** RDB_VERSION of Redis 7.0: written into DUMP payloads and file headers (files up to RDB 12 are read). */
    public static final int VERSION = 10;

    /** RDB_TYPE_STRING. */
    public static final int TYPE_STRING = 0;
    /** RDB_TYPE_LIST: a linked list of strings (before Redis 3.2). */
    public static final int TYPE_LIST = 1;
    /** RDB_TYPE_SET: a count, then the members. */
    public static final int TYPE_SET = 2;
    /** RDB_TYPE_ZSET: member and score, the score as a string (before RDB 8). */
    public static final int TYPE_ZSET = 3;
    /** RDB_TYPE_HASH: a count, then field and value pairs. */
    public static final int TYPE_HASH = 4;
    /** RDB_TYPE_ZSET_2: member and score, the score as a binary double. */
    public static final int TYPE_ZSET_2 = 5;
    /** RDB_TYPE_MODULE: a module value without the module's EOF marker (only a module can read it). */
    public static final int TYPE_MODULE = 6;
    /** RDB_TYPE_MODULE_2: a module value with opcodes, which Redis 7.0 writes. */
    public static final int TYPE_MODULE_2 = 7;
    /** RDB_TYPE_HASH_ZIPMAP: a hash as one zipmap (Redis 2.4 and before). */
    public static final int TYPE_HASH_ZIPMAP = 9;
    /** RDB_TYPE_LIST_ZIPLIST: a list as one ziplist (Redis 2.6 to 3.0). */
    public static final int TYPE_LIST_ZIPLIST = 10;
    /** RDB_TYPE_SET_INTSET: a set of integers as one intset. */
    public static final int TYPE_SET_INTSET = 11;
    /** RDB_TYPE_ZSET_ZIPLIST: a sorted set as one ziplist of member, score pairs (before Redis 7.0). */
    public static final int TYPE_ZSET_ZIPLIST = 12;
    /** RDB_TYPE_HASH_ZIPLIST: a hash as one ziplist of field, value pairs (before Redis 7.0). */
    public static final int TYPE_HASH_ZIPLIST = 13;
    /** RDB_TYPE_LIST_QUICKLIST: a list as a count of ziplist nodes (Redis 3.2 to 6.2). */
    public static final int TYPE_LIST_QUICKLIST = 14;
    /** RDB_TYPE_STREAM_LISTPACKS: a stream (Redis 5.0 to 6.2). */
    public static final int TYPE_STREAM_LISTPACKS = 15;
    /** RDB_TYPE_HASH_LISTPACK: a hash as one listpack of field, value pairs. */
    public static final int TYPE_HASH_LISTPACK = 16;
    /** RDB_TYPE_ZSET_LISTPACK: a sorted set as one listpack of member, score pairs. */
    public static final int TYPE_ZSET_LISTPACK = 17;
    /** RDB_TYPE_LIST_QUICKLIST_2: a list as a count of nodes, each a container kind and a listpack or element. */
    public static final int TYPE_LIST_QUICKLIST_2 = 18;
    /** RDB_TYPE_STREAM_LISTPACKS_2: a stream as Redis 7.0 writes it. */
    public static final int TYPE_STREAM_LISTPACKS_2 = 19;
    /** RDB_TYPE_SET_LISTPACK: a set as one listpack of members (Redis 7.2). */
    public static final int TYPE_SET_LISTPACK = 20;
    /** RDB_TYPE_STREAM_LISTPACKS_3: a stream as Redis 7.2 writes it. */
    public static final int TYPE_STREAM_LISTPACKS_3 = 21;
    /**
     * RDB_TYPE_HASH_METADATA_PRE_GA (Redis 7.4 release candidates): a hash with field TTLs as a count, then
     * per field its absolute expiry (a length, 0 for none), the field and the value.
     */
    public static final int TYPE_HASH_METADATA_PRE_GA = 22;
    /** RDB_TYPE_HASH_LISTPACK_EX_PRE_GA (7.4 release candidates): a listpack of field, value, expiry triples. */
    public static final int TYPE_HASH_LISTPACK_EX_PRE_GA = 23;
    /**
     * RDB_TYPE_HASH_METADATA (Redis 7.4): the smallest field expiry as 8 little-endian bytes, a count, then per
     * field its expiry relative to that minimum plus one (a length, 0 for none), the field and the value.
     */
    public static final int TYPE_HASH_METADATA = 24;
    /**
     * RDB_TYPE_HASH_LISTPACK_EX (Redis 7.4): the smallest field expiry as 8 little-endian bytes (0 if none),
     * then a listpack of field, value, absolute expiry triples (0 for none), fields with an expiry first, in
     * expiry order.
     */
    public static final int TYPE_HASH_LISTPACK_EX = 25;
    /** EB_EXPIRE_TIME_MAX of Redis 7.4: a hash field's expiry is at most 2^48-1 Unix ms. */
    public static final long HASH_FIELD_EXPIRE_MAX = (1L << 48) - 1;

    /** QUICKLIST_NODE_CONTAINER_PLAIN: a quicklist node holding one element as it is. */
    public static final int QUICKLIST_NODE_PLAIN = 1;
    /** QUICKLIST_NODE_CONTAINER_PACKED: a quicklist node holding a listpack. */
    public static final int QUICKLIST_NODE_PACKED = 2;

    /** Top two bits of a length byte: a 6-bit length follows in the same byte (RDB_6BITLEN). */
    public static final int LEN_6BIT = 0;
    /** A 14-bit length: 6 bits here and one more byte (RDB_14BITLEN). */
    public static final int LEN_14BIT = 1;
    /** A special string encoding, named by the low 6 bits (RDB_ENCVAL). */
    public static final int LEN_ENCVAL = 3;
    /** Whole byte: a 32-bit big-endian length follows (RDB_32BITLEN). */
    public static final int LEN_32BIT = 0x80;
    /** Whole byte: a 64-bit big-endian length follows (RDB_64BITLEN). */
    public static final int LEN_64BIT = 0x81;

    /** String encoded as an 8-bit signed integer (RDB_ENC_INT8). */
    public static final int ENC_INT8 = 0;
    /** String encoded as a 16-bit little-endian signed integer (RDB_ENC_INT16). */
    public static final int ENC_INT16 = 1;
    /** String encoded as a 32-bit little-endian signed integer (RDB_ENC_INT32). */
    public static final int ENC_INT32 = 2;
    /** LZF-compressed string: compressed length, original length, data (RDB_ENC_LZF). */
    public static final int ENC_LZF = 3;

    private Rdb() {
    }

    /**
     * Where {@code in} stands, for error messages: the offset of an {@link RdbReader}, else -1 (another
     * {@link RdbInput} cannot say).
     */
    public static long offset(RdbInput in) {
        return in instanceof RdbReader reader ? reader.offset() : -1;
    }

    /**
     * Writes {@code compressed}, the LZF form of {@code originalLength} bytes, as an LZF-encoded RDB string
     * ({@code rdbSaveLzfBlob}): how Redis saves a quicklist node that is already compressed in memory.
     */
    public static void writeLzfBlob(RdbOutput out, byte[] compressed, long originalLength) {
        out.writeByte((LEN_ENCVAL << 6) | ENC_LZF);
        out.writeLength(compressed.length);
        out.writeLength(originalLength);
        out.writeRaw(compressed);
    }
}
