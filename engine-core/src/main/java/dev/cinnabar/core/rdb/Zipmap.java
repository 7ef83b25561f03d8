// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads Redis's retired zipmap ({@code zipmap.c}), the small-hash encoding of RDB files from Redis 2.4 and
 * before. Layout: a count byte (254 or more: unknown), then per pair the key length, key, value length, a
 * count of free bytes, value and free bytes, then end byte 0xFF. A length is one byte below 254, else 254
 * and a u32 LE. Checked as {@code zipmapValidateIntegrity} with deep validation.
 */
public final class Zipmap {
    /** ZIPMAP_BIGLEN: a length of this or more takes 4 more bytes; also the "unknown" count. */
    private static final int BIGLEN = 254;
    private static final int END = 0xFF;

    private Zipmap() {
    }

    /**
     * Keys and values alternating, as read.
     *
     * @param at the offset of the RDB string that held the zipmap
     */
    public static List<byte[]> elements(byte[] zm, long at) {
        int size = zm.length;
        if (size < 2) {
            throw fail("shorter than its header", 0, at);
        }
        int declared = zm[0] & 0xFF;
        List<byte[]> out = new ArrayList<>();
        int p = 1;
        while (true) {
            if (p >= size) {
                throw fail("no end byte", p, at);
            }
            if ((zm[p] & 0xFF) == END) {
                break;
            }
            int start = p;
            long keyLength = length(zm, p, at);
            p += lengthSize(zm[p]);
            if (p + keyLength > size) {
                throw fail("key runs past the end", start, at);
            }
            out.add(Arrays.copyOfRange(zm, p, (int) (p + keyLength)));
            p += (int) keyLength;
            if (p >= size) {
                throw fail("value length runs past the end", start, at);
            }
            long valueLength = length(zm, p, at);
            p += lengthSize(zm[p]);
            if (p >= size) {
                throw fail("free byte count runs past the end", start, at);
            }
            int free = zm[p++] & 0xFF;
            if (p + valueLength + free > size) {
                throw fail("value runs past the end", start, at);
            }
            out.add(Arrays.copyOfRange(zm, p, (int) (p + valueLength)));
            p += (int) (valueLength + free);
        }
        if (p != size - 1) {
            throw fail("bytes after the end byte", p, at);
        }
        if (declared < BIGLEN && declared != out.size() / 2) {
            throw fail("header says " + declared + " pairs but it has " + out.size() / 2, 0, at);
        }
        return out;
    }

    private static int lengthSize(byte first) {
        return (first & 0xFF) < BIGLEN ? 1 : 5;
    }

    private static long length(byte[] zm, int p, long at) {
        int first = zm[p] & 0xFF;
        if (first < BIGLEN) {
            return first;
        }
        if (first == END) {
            throw fail("end byte where a length was expected", p, at);
        }
        if (p + 5 > zm.length) {
            throw fail("length runs past the end", p, at);
        }
        return (zm[p + 1] & 0xFFL) | (zm[p + 2] & 0xFFL) << 8 | (zm[p + 3] & 0xFFL) << 16 | (zm[p + 4] & 0xFFL) << 24;
    }

    private static RdbFormatException fail(String detail, int at, long offset) {
        return new RdbFormatException("Zipmap integrity check failed: " + detail + " (byte " + at + ")", offset);
    }
}
