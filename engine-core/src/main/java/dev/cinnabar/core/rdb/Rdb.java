// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

/**
 * Numbers of Redis's RDB format ({@code rdb.h}) as written to disk and into DUMP payloads. Pinned: each is
 * Redis's own value, checked by a test, and never derived from an ordinal.
 */
public final class Rdb {
    /** RDB_VERSION of Redis 7.0: written into DUMP payloads and file headers, the newest version read. */
    public static final int VERSION = 10;

    /** RDB_TYPE_STRING. */
    public static final int TYPE_STRING = 0;

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
}
