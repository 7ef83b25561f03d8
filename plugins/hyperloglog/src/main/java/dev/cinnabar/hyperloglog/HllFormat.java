// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.hyperloglog;

import dev.cinnabar.spi.ErrorCode;
import dev.cinnabar.spi.RedisError;

/**
 * Redis's HLL string layout (hyperloglog.c): a 16-byte header ("HYLL", encoding byte, three unused bytes, the
 * cached cardinality as 8 little-endian bytes whose top bit marks it stale) followed by the registers.
 */
final class HllFormat {
    /** HLL_P: 2^14 registers. */
    static final int P = 14;
    static final int REGISTERS = 1 << P;
    static final int P_MASK = REGISTERS - 1;
    /** HLL_Q: hash bits left after the register index; a pattern is at most Q + 1 long. */
    static final int Q = 64 - P;
    /** HLL_BITS: a dense register is 6 bits. */
    static final int BITS = 6;
    static final int REGISTER_MAX = (1 << BITS) - 1;
    static final int HEADER_SIZE = 16;
    /** HLL_DENSE_SIZE: 16 + 12288 bytes. */
    static final int DENSE_SIZE = HEADER_SIZE + (REGISTERS * BITS + 7) / 8;
    static final int DENSE = 0;
    static final int SPARSE = 1;
    static final int MAX_ENCODING = SPARSE;
    static final int ENCODING_OFFSET = 4;
    static final int CARD_OFFSET = 8;
    /** The byte holding the stale bit of the cached cardinality (its most significant byte). */
    private static final int CARD_TOP = CARD_OFFSET + 7;

    static final RedisError NOT_HLL = new RedisError(ErrorCode.WRONGTYPE,
            "Key is not a valid HyperLogLog string value.");
    static final RedisError CORRUPTED = new RedisError(ErrorCode.INVALIDOBJ, "Corrupted HLL object detected");

    private HllFormat() {
    }

    /** {@code isHLLObjectOrReply}: magic, a known encoding, and the exact length when dense. */
    static boolean isHll(byte[] v) {
        if (v.length < HEADER_SIZE || v[0] != 'H' || v[1] != 'Y' || v[2] != 'L' || v[3] != 'L') {
            return false;
        }
        int encoding = v[ENCODING_OFFSET] & 0xff;
        return encoding <= MAX_ENCODING && (encoding != DENSE || v.length == DENSE_SIZE);
    }

    /** The value if it is an HLL; WRONGTYPE "Key is not a valid HyperLogLog string value." otherwise. */
    static byte[] checkHll(byte[] v) {
        if (!isHll(v)) {
            throw NOT_HLL;
        }
        return v;
    }

    static int encoding(byte[] v) {
        return v[ENCODING_OFFSET] & 0xff;
    }

    static boolean isCacheValid(byte[] v) {
        return (v[CARD_TOP] & 0x80) == 0;
    }

    /** HLL_INVALIDATE_CACHE: sets the stale bit, keeping the other bits of the old cardinality. */
    static void invalidateCache(byte[] v) {
        v[CARD_TOP] |= (byte) 0x80;
    }

    static long cachedCardinality(byte[] v) {
        long card = 0;
        for (int i = 7; i >= 0; i--) {
            card = card << 8 | (v[CARD_OFFSET + i] & 0xff);
        }
        return card;
    }

    static void setCachedCardinality(byte[] v, long card) {
        for (int i = 0; i < 8; i++) {
            v[CARD_OFFSET + i] = (byte) (card >>> (8 * i));
        }
    }

    /**
     * {@code hllPatLen}: the length of the 000..1 pattern of the element's hash (1 to Q + 1), and through
     * the low 14 bits the register it goes to; returned packed as {@code count << 16 | index}.
     */
    static int patternAndIndex(byte[] element) {
        long hash = MurmurHash64A.hash(element, MurmurHash64A.HLL_SEED);
        int index = (int) (hash & P_MASK);
        hash >>>= P;
        hash |= 1L << Q;
        int count = Long.numberOfTrailingZeros(hash) + 1;
        return count << 16 | index;
    }
}
