// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.Rdb;
import dev.cinnabar.core.rdb.RdbOpcodes;

/**
 * The RDB value type ids the tools know, with the data type and the encoding each one stores. Pinned: the
 * ids are Redis's ({@code rdb.h}); 22 to 25 are Redis 7.4's hash field expiry types (RDB 12), which
 * engine-core reads as ordinary hashes (the field TTLs are dropped).
 */
public final class RdbTypes {
    /** RDB_TYPE_HASH_METADATA_PRE_GA (Redis 7.4 release candidates): a hash with field TTLs, no minimum. */
    public static final int TYPE_HASH_METADATA_PRE_GA = Rdb.TYPE_HASH_METADATA_PRE_GA;
    /** RDB_TYPE_HASH_LISTPACK_EX_PRE_GA: a listpack of field, value, TTL triples, no minimum. */
    public static final int TYPE_HASH_LISTPACK_EX_PRE_GA = Rdb.TYPE_HASH_LISTPACK_EX_PRE_GA;
    /** RDB_TYPE_HASH_METADATA (Redis 7.4): minimum expiry, then field TTL, field, value per field. */
    public static final int TYPE_HASH_METADATA = Rdb.TYPE_HASH_METADATA;
    /** RDB_TYPE_HASH_LISTPACK_EX (Redis 7.4): minimum expiry, then a listpack of field, value, TTL triples. */
    public static final int TYPE_HASH_LISTPACK_EX = Rdb.TYPE_HASH_LISTPACK_EX;
    /** The newest RDB version the tools read: 12, what Redis 7.4 writes. */
    public static final int NEWEST_VERSION = RdbOpcodes.NEWEST_VERSION;
    /** The oldest RDB version: 1 (Redis 1.x). */
    public static final int OLDEST_VERSION = 1;

    private RdbTypes() {
    }

    /** Whether {@code id} is a value type id (not an opcode, not unknown). */
    public static boolean isKnown(int id) {
        return id >= Rdb.TYPE_STRING && id <= TYPE_HASH_LISTPACK_EX && id != 8;
    }

    /** The data type as TYPE names it ("string", "list", …), "module" for module values. */
    public static String typeName(int id) {
        return switch (id) {
            case Rdb.TYPE_STRING -> "string";
            case Rdb.TYPE_LIST, Rdb.TYPE_LIST_ZIPLIST, Rdb.TYPE_LIST_QUICKLIST, Rdb.TYPE_LIST_QUICKLIST_2 -> "list";
            case Rdb.TYPE_SET, Rdb.TYPE_SET_INTSET, Rdb.TYPE_SET_LISTPACK -> "set";
            case Rdb.TYPE_ZSET, Rdb.TYPE_ZSET_2, Rdb.TYPE_ZSET_ZIPLIST, Rdb.TYPE_ZSET_LISTPACK -> "zset";
            case Rdb.TYPE_HASH, Rdb.TYPE_HASH_ZIPMAP, Rdb.TYPE_HASH_ZIPLIST, Rdb.TYPE_HASH_LISTPACK,
                    TYPE_HASH_METADATA_PRE_GA, TYPE_HASH_LISTPACK_EX_PRE_GA, TYPE_HASH_METADATA,
                    TYPE_HASH_LISTPACK_EX -> "hash";
            case Rdb.TYPE_STREAM_LISTPACKS, Rdb.TYPE_STREAM_LISTPACKS_2, Rdb.TYPE_STREAM_LISTPACKS_3 -> "stream";
            case Rdb.TYPE_MODULE, Rdb.TYPE_MODULE_2 -> "module";
            default -> "unknown";
        };
    }

    /**
     * The RDB version that brought value type {@code id} in: a server reading that version or a later one loads
     * it (every type stays readable after it came). {@link Integer#MAX_VALUE} for an unknown id.
     */
    public static int sinceVersion(int id) {
        return switch (id) {
            case Rdb.TYPE_STRING, Rdb.TYPE_LIST, Rdb.TYPE_SET, Rdb.TYPE_ZSET, Rdb.TYPE_HASH -> 1;
            case Rdb.TYPE_HASH_ZIPMAP, Rdb.TYPE_LIST_ZIPLIST, Rdb.TYPE_SET_INTSET, Rdb.TYPE_ZSET_ZIPLIST,
                    Rdb.TYPE_HASH_ZIPLIST -> 4;
            case Rdb.TYPE_LIST_QUICKLIST -> 7;
            case Rdb.TYPE_ZSET_2, Rdb.TYPE_MODULE -> 8;
            case Rdb.TYPE_STREAM_LISTPACKS, Rdb.TYPE_MODULE_2 -> 9;
            case Rdb.TYPE_HASH_LISTPACK, Rdb.TYPE_ZSET_LISTPACK, Rdb.TYPE_LIST_QUICKLIST_2,
                    Rdb.TYPE_STREAM_LISTPACKS_2 -> 10;
            case Rdb.TYPE_SET_LISTPACK, Rdb.TYPE_STREAM_LISTPACKS_3 -> 11;
            case TYPE_HASH_METADATA_PRE_GA, TYPE_HASH_LISTPACK_EX_PRE_GA, TYPE_HASH_METADATA, TYPE_HASH_LISTPACK_EX -> 12;
            default -> Integer.MAX_VALUE;
        };
    }

    /** The encoding the file stores the value in, named as OBJECT ENCODING names it where it can. */
    public static String encodingName(int id) {
        return switch (id) {
            case Rdb.TYPE_STRING -> "string";
            case Rdb.TYPE_LIST -> "linkedlist";
            case Rdb.TYPE_SET, Rdb.TYPE_HASH, TYPE_HASH_METADATA_PRE_GA, TYPE_HASH_METADATA -> "hashtable";
            case Rdb.TYPE_ZSET, Rdb.TYPE_ZSET_2 -> "skiplist";
            case Rdb.TYPE_MODULE, Rdb.TYPE_MODULE_2 -> "module";
            case Rdb.TYPE_HASH_ZIPMAP -> "zipmap";
            case Rdb.TYPE_LIST_ZIPLIST, Rdb.TYPE_ZSET_ZIPLIST, Rdb.TYPE_HASH_ZIPLIST -> "ziplist";
            case Rdb.TYPE_SET_INTSET -> "intset";
            case Rdb.TYPE_LIST_QUICKLIST, Rdb.TYPE_LIST_QUICKLIST_2 -> "quicklist";
            case Rdb.TYPE_STREAM_LISTPACKS, Rdb.TYPE_STREAM_LISTPACKS_2, Rdb.TYPE_STREAM_LISTPACKS_3 -> "stream";
            case Rdb.TYPE_HASH_LISTPACK, Rdb.TYPE_ZSET_LISTPACK, Rdb.TYPE_SET_LISTPACK -> "listpack";
            case TYPE_HASH_LISTPACK_EX_PRE_GA, TYPE_HASH_LISTPACK_EX -> "listpackex";
            default -> "unknown";
        };
    }
}
