// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import dev.cinnabar.core.structures.Listpack;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a whole Redis listpack loaded from RDB, checking it as {@code lpValidateIntegrity} does with deep
 * validation: the header's total bytes match the blob, it ends with the end byte, every entry's encoding,
 * data and back-length lie within it and agree, and the header's element count (unless saturated) matches.
 * Every check runs, since the in-memory forms built from it trust the bytes. Errors are
 * {@link RdbFormatException}s at the offset of the RDB string that held the listpack.
 */
public final class ListpackReader {
    private ListpackReader() {
    }

    /** The elements of {@code lp} in order, integers as their decimal text. */
    public static List<byte[]> elements(byte[] lp, String what, long at) {
        List<byte[]> out = new ArrayList<>();
        walk(lp, what, at, out);
        return out;
    }

    /** Checks {@code lp} and returns how many elements it holds. */
    public static int validate(byte[] lp, String what, long at) {
        return walk(lp, what, at, null);
    }

    private static int walk(byte[] lp, String what, long at, List<byte[]> out) {
        int size = lp.length;
        if (size < Listpack.HEADER + 1) {
            throw fail(what, "shorter than its header", 0, at);
        }
        long total = (lp[0] & 0xFFL) | (lp[1] & 0xFFL) << 8 | (lp[2] & 0xFFL) << 16 | (lp[3] & 0xFFL) << 24;
        if (total != size) {
            throw fail(what, "header says " + total + " bytes but it has " + size, 0, at);
        }
        if ((lp[size - 1] & 0xFF) != ListpackWriter.EOF) {
            throw fail(what, "no end byte", size - 1, at);
        }
        int declared = (lp[4] & 0xFF) | (lp[5] & 0xFF) << 8;
        int end = size - 1;
        int p = Listpack.HEADER;
        int count = 0;
        while (p < end) {
            int b = lp[p] & 0xFF;
            if (b == ListpackWriter.EOF) {
                throw fail(what, "end byte before the end", p, at);
            }
            int header = headerBytes(b);
            if (header < 0) {
                throw fail(what, "unknown entry encoding " + b, p, at);
            }
            if ((long) p + header > end) {
                throw fail(what, "entry header runs past the end", p, at);
            }
            long body = bodySize(lp, p, b);
            if (body < 0 || p + body > end) {
                throw fail(what, "entry runs past the end", p, at);
            }
            int backlen = Listpack.backlenSize((int) body);
            int next = (int) (p + body + backlen);
            if (next > end || decodeBacklen(lp, next - 1, p) != body) {
                throw fail(what, "entry back-length does not match", p, at);
            }
            if (out != null) {
                out.add(value(lp, p, b));
            }
            count++;
            p = next;
        }
        if (declared != Listpack.UNKNOWN_COUNT && declared != count) {
            throw fail(what, "header says " + declared + " elements but it has " + count, 4, at);
        }
        return count;
    }

    /** Bytes before an entry's data: its encoding and length ({@code lpCurrentEncodedSizeBytes}); -1 if unknown. */
    private static int headerBytes(int b) {
        if (b < 0x80 || (b & 0xC0) == 0x80 || (b & 0xE0) == 0xC0) {
            return 1;
        }
        if ((b & 0xF0) == 0xE0) {
            return 2;
        }
        return switch (b) {
            case 0xF0 -> 5;
            case 0xF1, 0xF2, 0xF3, 0xF4 -> 1;
            default -> -1;
        };
    }

    /** Encoding and data of the entry at {@code p} ({@code lpCurrentEncodedSizeUnsafe}). */
    private static long bodySize(byte[] lp, int p, int b) {
        if (b < 0x80) {
            return 1;
        }
        if ((b & 0xC0) == 0x80) {
            return 1 + (b & 0x3F);
        }
        if ((b & 0xE0) == 0xC0) {
            return 2;
        }
        if ((b & 0xF0) == 0xE0) {
            return 2 + (((b & 0x0F) << 8) | (lp[p + 1] & 0xFF));
        }
        return switch (b) {
            case 0xF0 -> 5 + unsigned(lp, p + 1, 4);
            case 0xF1 -> 3;
            case 0xF2 -> 4;
            case 0xF3 -> 5;
            default -> 9;
        };
    }

    /** {@code lpDecodeBacklen} reading back from {@code last}, never before {@code floor}; -1 if malformed. */
    private static long decodeBacklen(byte[] lp, int last, int floor) {
        long v = 0;
        int shift = 0;
        int p = last;
        while (true) {
            if (p < floor || shift > 28) {
                return -1;
            }
            int b = lp[p] & 0xFF;
            v |= (long) (b & 127) << shift;
            if ((b & 128) == 0) {
                return v;
            }
            shift += 7;
            p--;
        }
    }

    private static byte[] value(byte[] lp, int p, int b) {
        if ((b & 0xC0) == 0x80) {
            return Arrays.copyOfRange(lp, p + 1, p + 1 + (b & 0x3F));
        }
        if ((b & 0xF0) == 0xE0) {
            int len = ((b & 0x0F) << 8) | (lp[p + 1] & 0xFF);
            return Arrays.copyOfRange(lp, p + 2, p + 2 + len);
        }
        if (b == 0xF0) {
            return Arrays.copyOfRange(lp, p + 5, p + 5 + (int) unsigned(lp, p + 1, 4));
        }
        long v;
        if (b < 0x80) {
            v = b;
        } else if ((b & 0xE0) == 0xC0) {
            v = signed(((b & 0x1F) << 8) | (lp[p + 1] & 0xFF), 13);
        } else {
            v = switch (b) {
                case 0xF1 -> signed(unsigned(lp, p + 1, 2), 16);
                case 0xF2 -> signed(unsigned(lp, p + 1, 3), 24);
                case 0xF3 -> signed(unsigned(lp, p + 1, 4), 32);
                default -> unsigned(lp, p + 1, 8);
            };
        }
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    private static long signed(long u, int bits) {
        return u >= 1L << (bits - 1) ? u - (1L << bits) : u;
    }

    private static long unsigned(byte[] buf, int p, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (buf[p + i] & 0xFF);
        }
        return v;
    }

    private static RdbFormatException fail(String what, String detail, int at, long offset) {
        return new RdbFormatException(what + " integrity check failed: " + detail + " (byte " + at + ")", offset);
    }
}
