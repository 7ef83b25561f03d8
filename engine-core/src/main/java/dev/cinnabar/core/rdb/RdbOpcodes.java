// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

/**
 * The opcodes of an RDB file ({@code rdb.h} RDB_OPCODE_*): a byte where a value's type id could stand that
 * instead introduces file structure. Pinned: each is Redis's own number, checked by a test.
 */
public final class RdbOpcodes {
    /**
     * RDB_OPCODE_SLOT_INFO (Redis 7.4, cluster mode only): before a slot's keys, the slot id, its key count
     * and its expire count, three lengths (a sizing hint).
     */
    public static final int SLOT_INFO = 244;
    /** RDB_OPCODE_FUNCTION2 (Redis 7.0 GA and later): a function library's code as one string. */
    public static final int FUNCTION2 = 245;
    /**
     * RDB_OPCODE_FUNCTION_PRE_GA (Redis 7.0-rc1 and rc2): library name, engine name, description flag,
     * optional description, code.
     */
    public static final int FUNCTION_PRE_GA = 246;
    /** RDB_OPCODE_MODULE_AUX: module data outside the keyspace (module id, when, module opcodes, EOF). */
    public static final int MODULE_AUX = 247;
    /** RDB_OPCODE_IDLE: the next key's LRU idle time in seconds, as a length. */
    public static final int IDLE = 248;
    /** RDB_OPCODE_FREQ: the next key's LFU counter, one byte. */
    public static final int FREQ = 249;
    /** RDB_OPCODE_AUX: a string name and a string value about the file. */
    public static final int AUX = 250;
    /** RDB_OPCODE_RESIZEDB: the selected database's key count and expire count, two lengths. */
    public static final int RESIZEDB = 251;
    /** RDB_OPCODE_EXPIRETIME_MS: the next key's expiry, Unix ms as 8 little-endian bytes. */
    public static final int EXPIRETIME_MS = 252;
    /** RDB_OPCODE_EXPIRETIME: the next key's expiry, Unix seconds as 4 little-endian bytes (before RDB 3). */
    public static final int EXPIRETIME = 253;
    /** RDB_OPCODE_SELECTDB: the database that the following keys belong to, a length. */
    public static final int SELECTDB = 254;
    /** RDB_OPCODE_EOF: end of the data; an 8-byte CRC-64 follows from RDB 5 on. */
    public static final int EOF = 255;

    /** Module value and module AUX opcodes ({@code RDB_MODULE_OPCODE_*}), each written as a length. */
    public static final int MODULE_OPCODE_EOF = 0;
    public static final int MODULE_OPCODE_SINT = 1;
    public static final int MODULE_OPCODE_UINT = 2;
    public static final int MODULE_OPCODE_FLOAT = 3;
    public static final int MODULE_OPCODE_DOUBLE = 4;
    public static final int MODULE_OPCODE_STRING = 5;

    /** The oldest RDB version read: Redis 1.x wrote version 1 (RDB 6 is Redis 2.6). */
    public static final int OLDEST_VERSION = 1;
    /**
     * The newest RDB version read: 12, what Redis 7.4 writes (this engine writes {@link Rdb#VERSION}); its
     * hash field TTLs are read, but the fields load without them.
     */
    public static final int NEWEST_VERSION = 12;
    /** The first version with hash field expiry (types 22 to 25) and SLOT_INFO (Redis 7.4). */
    public static final int FIRST_HASH_FIELD_TTL_VERSION = 12;
    /** The lowest opcode byte: bytes from here to 255 are opcodes, below are value types. */
    public static final int FIRST_OPCODE = SLOT_INFO;
    /** The highest value type id known (RDB 12): ids 0-7 and 9 to this are value types. */
    public static final int LAST_TYPE = Rdb.TYPE_HASH_LISTPACK_EX;
    /** The first version whose file ends with a CRC-64 after EOF (Redis 2.6). */
    public static final int FIRST_CHECKSUM_VERSION = 5;
    /** From this version on, EXPIRETIME_MS is little-endian on every platform (Redis 5.0). */
    public static final int FIRST_PORTABLE_EXPIRY_VERSION = 9;

    private RdbOpcodes() {
    }
}
