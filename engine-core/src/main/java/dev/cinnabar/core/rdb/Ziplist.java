// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads Redis's retired ziplist ({@code ziplist.c}), which RDB files of Redis 2.6 to 6.2 hold for small
 * lists, hashes and sorted sets; Redis 7.0 converts every one it loads. Layout: total bytes (u32 LE), offset
 * of the last entry (u32 LE), entry count (u16 LE, 65535 when unknown), the entries, end byte 0xFF. An entry
 * is the previous entry's size (1 byte below 254, else 0xFE and a u32 LE), an encoding, and the data.
 * Checked as {@code ziplistValidateIntegrity} with deep validation; errors are {@link RdbFormatException}s.
 */
public final class Ziplist {
    /** ZIPLIST_HEADER_SIZE: total bytes, tail offset, count. */
    private static final int HEADER = 10;
    private static final int END = 0xFF;
    /** ZIP_BIG_PREVLEN: a previous-entry size of this or more takes 4 more bytes. */
    private static final int BIG_PREVLEN = 254;
    /** The count field saturates here (UINT16_MAX). */
    private static final int UNKNOWN_COUNT = 65535;

    private Ziplist() {
    }

    /**
     * The elements of {@code zl} in order, integers as their decimal text.
     *
     * @param what names the value in errors, e.g. "Hash ziplist"
     * @param at   the offset of the RDB string that held the ziplist
     */
    public static List<byte[]> elements(byte[] zl, String what, long at) {
        int size = zl.length;
        if (size < HEADER + 1) {
            throw fail(what, "shorter than its header", 0, at);
        }
        long total = u32(zl, 0);
        if (total != size) {
            throw fail(what, "header says " + total + " bytes but it has " + size, 0, at);
        }
        if ((zl[size - 1] & 0xFF) != END) {
            throw fail(what, "no end byte", size - 1, at);
        }
        long tail = u32(zl, 4);
        if (tail > size - 1) {
            throw fail(what, "tail offset out of range", 4, at);
        }
        int declared = (zl[8] & 0xFF) | (zl[9] & 0xFF) << 8;
        List<byte[]> out = new ArrayList<>();
        int end = size - 1;
        int p = HEADER;
        int last = HEADER;
        long prevSize = 0;
        while (p < end) {
            int start = p;
            int first = zl[p] & 0xFF;
            long prevlen;
            if (first < BIG_PREVLEN) {
                prevlen = first;
                p += 1;
            } else if (first == BIG_PREVLEN) {
                if (p + 5 > end) {
                    throw fail(what, "entry header runs past the end", start, at);
                }
                prevlen = u32(zl, p + 1);
                p += 5;
            } else {
                throw fail(what, "end byte before the end", start, at);
            }
            if (prevlen != prevSize) {
                throw fail(what, "previous entry length does not match", start, at);
            }
            if (p >= end) {
                throw fail(what, "entry header runs past the end", start, at);
            }
            int enc = zl[p] & 0xFF;
            byte[] value;
            if (enc < 0xC0) {
                long len;
                int header;
                switch (enc & 0xC0) {
                    case 0x00 -> {
                        len = enc & 0x3F;
                        header = 1;
                    }
                    case 0x40 -> {
                        if (p + 2 > end) {
                            throw fail(what, "entry header runs past the end", start, at);
                        }
                        len = ((enc & 0x3F) << 8) | (zl[p + 1] & 0xFF);
                        header = 2;
                    }
                    default -> {
                        if (p + 5 > end) {
                            throw fail(what, "entry header runs past the end", start, at);
                        }
                        len = (zl[p + 1] & 0xFFL) << 24 | (zl[p + 2] & 0xFFL) << 16 | (zl[p + 3] & 0xFFL) << 8
                                | (zl[p + 4] & 0xFFL);
                        header = 5;
                    }
                }
                if (p + header + len > end) {
                    throw fail(what, "entry runs past the end", start, at);
                }
                value = Arrays.copyOfRange(zl, p + header, (int) (p + header + len));
                p += (int) (header + len);
            } else {
                int width = intWidth(enc);
                if (width < 0) {
                    throw fail(what, "unknown entry encoding " + enc, p, at);
                }
                if (p + 1 + width > end) {
                    throw fail(what, "entry runs past the end", start, at);
                }
                long v = switch (enc) {
                    case 0xC0 -> (short) u(zl, p + 1, 2);
                    case 0xD0 -> (int) u(zl, p + 1, 4);
                    case 0xE0 -> u(zl, p + 1, 8);
                    case 0xF0 -> (u(zl, p + 1, 3) << 40) >> 40;
                    case 0xFE -> (byte) zl[p + 1];
                    default -> (enc & 0x0F) - 1;
                };
                value = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
                p += 1 + width;
            }
            out.add(value);
            last = start;
            prevSize = p - start;
        }
        if (tail != last) {
            throw fail(what, "tail offset does not point at the last entry", 4, at);
        }
        if (declared != UNKNOWN_COUNT && declared != out.size()) {
            throw fail(what, "header says " + declared + " entries but it has " + out.size(), 8, at);
        }
        return out;
    }

    /** Data bytes of an integer encoding; -1 for a byte that is no encoding. */
    private static int intWidth(int enc) {
        return switch (enc) {
            case 0xC0 -> 2;
            case 0xD0 -> 4;
            case 0xE0 -> 8;
            case 0xF0 -> 3;
            case 0xFE -> 1;
            default -> enc >= 0xF1 && enc <= 0xFD ? 0 : -1;
        };
    }

    private static long u32(byte[] b, int p) {
        return u(b, p, 4);
    }

    private static long u(byte[] b, int p, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (b[p + i] & 0xFF);
        }
        return v;
    }

    private static RdbFormatException fail(String what, String detail, int at, long offset) {
        return new RdbFormatException(what + " integrity check failed: " + detail + " (byte " + at + ")", offset);
    }
}
