// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.structures;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Redis 7.0's listpack entry format ({@code listpack.c}), byte for byte: an encoding byte or bytes, the data,
 * and the entry's length written backwards ({@code lpEncodeBacklen}) so that entries can be walked from the
 * end. Elements that are canonical 64-bit integers are stored as integers of 7, 13, 16, 24, 32 or 64 bits and
 * read back as their decimal text, as Redis does. A whole listpack adds a 6-byte header (total bytes,
 * element count) and an end byte.
 */
public final class Listpack {
    /** The 6-byte header and the end byte of a listpack (LP_HDR_SIZE + 1). */
    public static final int OVERHEAD = 7;
    public static final int HEADER = 6;
    private static final byte EOF = (byte) 0xFF;
    /** lpLength's element count field saturates at this value (LP_HDR_NUMELE_UNKNOWN). */
    public static final int UNKNOWN_COUNT = 65535;

    private Listpack() {
    }

    /** The bytes an entry for {@code value} takes (lpEncodeGetType plus lpEncodeBacklen). */
    public static int entrySize(byte[] value) {
        int body = bodySize(value);
        return body + backlenSize(body);
    }

    /** Writes the entry for {@code value} at {@code off}; {@link #entrySize} bytes. */
    public static void write(byte[] buf, int off, byte[] value) {
        int p = off;
        if (isInteger(value)) {
            long v = parse(value);
            if (v >= 0 && v <= 127) {
                buf[p++] = (byte) v;
            } else if (v >= -4096 && v <= 4095) {
                long u = v < 0 ? (1 << 13) + v : v;
                buf[p++] = (byte) ((u >> 8) | 0xC0);
                buf[p++] = (byte) u;
            } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                buf[p++] = (byte) 0xF1;
                p = little(buf, p, v, 2);
            } else if (v >= -(1 << 23) && v < (1 << 23)) {
                buf[p++] = (byte) 0xF2;
                p = little(buf, p, v, 3);
            } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                buf[p++] = (byte) 0xF3;
                p = little(buf, p, v, 4);
            } else {
                buf[p++] = (byte) 0xF4;
                p = little(buf, p, v, 8);
            }
        } else {
            int len = value.length;
            if (len < 64) {
                buf[p++] = (byte) (0x80 | len);
            } else if (len < 4096) {
                buf[p++] = (byte) (0xE0 | (len >> 8));
                buf[p++] = (byte) len;
            } else {
                buf[p++] = (byte) 0xF0;
                p = little(buf, p, len, 4);
            }
            System.arraycopy(value, 0, buf, p, len);
            p += len;
        }
        writeBacklen(buf, p, p - off);
    }

    /** The size of the entry at {@code off}. */
    public static int sizeAt(byte[] buf, int off) {
        int body = bodySizeAt(buf, off);
        return body + backlenSize(body);
    }

    /** The offset of the entry that ends at {@code off}, read from its back-length ({@code lpDecodeBacklen}). */
    public static int prevOffset(byte[] buf, int off) {
        int p = off - 1;
        long v = 0;
        int shift = 0;
        while (true) {
            int b = buf[p] & 0xFF;
            v |= (long) (b & 127) << shift;
            if ((b & 128) == 0) {
                break;
            }
            shift += 7;
            p--;
        }
        return (int) (p - v);
    }

    /** The element at {@code off}: its bytes, or the decimal text of an integer entry. */
    public static byte[] value(byte[] buf, int off) {
        int b = buf[off] & 0xFF;
        if (isString(b)) {
            int header = stringHeader(b);
            return Arrays.copyOfRange(buf, off + header, off + header + stringLength(buf, off));
        }
        return Long.toString(integer(buf, off)).getBytes(StandardCharsets.US_ASCII);
    }

    /** True if the element at {@code off} equals {@code value} ({@code lpCompare}). */
    public static boolean equalsAt(byte[] buf, int off, byte[] value) {
        int b = buf[off] & 0xFF;
        if (isString(b)) {
            int len = stringLength(buf, off);
            int from = off + stringHeader(b);
            return len == value.length && Arrays.equals(buf, from, from + len, value, 0, len);
        }
        return isInteger(value) && parse(value) == integer(buf, off);
    }

    /** The listpack of the entries in {@code buf[from, to)} that number {@code count}: header, entries, end. */
    public static byte[] wrap(byte[] buf, int from, int to, int count) {
        int total = HEADER + (to - from) + 1;
        byte[] lp = new byte[total];
        little(lp, 0, total, 4);
        little(lp, 4, Math.min(count, UNKNOWN_COUNT), 2);
        System.arraycopy(buf, from, lp, HEADER, to - from);
        lp[total - 1] = EOF;
        return lp;
    }

    /** The entries of a listpack made by {@link #wrap}. */
    public static byte[] unwrap(byte[] lp) {
        return Arrays.copyOfRange(lp, HEADER, lp.length - 1);
    }

    private static final byte[] MAX_DIGITS = "9223372036854775807".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MIN_DIGITS = "9223372036854775808".getBytes(StandardCharsets.US_ASCII);

    /**
     * True if {@code s} is a canonical 64-bit integer, which listpack stores as an integer
     * ({@code lpStringToInt64}: no sign but '-', no leading zero, no "-0", within range).
     */
    public static boolean isInteger(byte[] s) {
        int n = s.length;
        if (n == 1 && s[0] == '0') {
            return true;
        }
        int first = n > 0 && s[0] == '-' ? 1 : 0;
        if (n == first || n > 20 || s[first] < '1' || s[first] > '9') {
            return false;
        }
        for (int i = first + 1; i < n; i++) {
            if (s[i] < '0' || s[i] > '9') {
                return false;
            }
        }
        int digits = n - first;
        if (digits != MAX_DIGITS.length) {
            return digits < MAX_DIGITS.length;
        }
        return Arrays.compare(s, first, n, MAX_DIGITS, 0, MAX_DIGITS.length) <= 0
                || (first == 1 && Arrays.equals(s, first, n, MIN_DIGITS, 0, MIN_DIGITS.length));
    }

    /** The value of a string {@link #isInteger} accepted. */
    private static long parse(byte[] s) {
        boolean negative = s[0] == '-';
        long v = 0;
        for (int i = negative ? 1 : 0; i < s.length; i++) {
            v = v * 10 - (s[i] - '0');
        }
        return negative ? v : -v;
    }

    private static int bodySize(byte[] value) {
        if (isInteger(value)) {
            long v = parse(value);
            if (v >= 0 && v <= 127) {
                return 1;
            }
            if (v >= -4096 && v <= 4095) {
                return 2;
            }
            if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                return 3;
            }
            if (v >= -(1 << 23) && v < (1 << 23)) {
                return 4;
            }
            return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? 5 : 9;
        }
        int len = value.length;
        return (len < 64 ? 1 : len < 4096 ? 2 : 5) + len;
    }

    /** {@code lpCurrentEncodedSizeUnsafe}: encoding and data of the entry at {@code off}. */
    private static int bodySizeAt(byte[] buf, int off) {
        int b = buf[off] & 0xFF;
        if (b < 0x80) {
            return 1;
        }
        if (isString(b)) {
            return stringHeader(b) + stringLength(buf, off);
        }
        if ((b & 0xE0) == 0xC0) {
            return 2;
        }
        return switch (b) {
            case 0xF1 -> 3;
            case 0xF2 -> 4;
            case 0xF3 -> 5;
            default -> 9;
        };
    }

    /** Bytes {@code lpEncodeBacklen} takes for an entry body of {@code l} bytes. */
    public static int backlenSize(int l) {
        if (l <= 127) {
            return 1;
        }
        if (l < 16383) {
            return 2;
        }
        if (l < 2097151) {
            return 3;
        }
        return l < 268435455 ? 4 : 5;
    }

    /** {@code lpEncodeBacklen} at {@code p}: high bits first, every byte but the first flagged 128. */
    private static void writeBacklen(byte[] buf, int p, int l) {
        int n = backlenSize(l);
        for (int i = n - 1; i >= 0; i--) {
            int group = (l >>> (7 * (n - 1 - i))) & 127;
            buf[p + i] = (byte) (i == 0 ? group : group | 128);
        }
    }

    private static boolean isString(int b) {
        return (b & 0xC0) == 0x80 || (b & 0xF0) == 0xE0 || b == 0xF0;
    }

    private static int stringHeader(int b) {
        return (b & 0xC0) == 0x80 ? 1 : b == 0xF0 ? 5 : 2;
    }

    private static int stringLength(byte[] buf, int off) {
        int b = buf[off] & 0xFF;
        if ((b & 0xC0) == 0x80) {
            return b & 0x3F;
        }
        if (b == 0xF0) {
            return (int) unsigned(buf, off + 1, 4);
        }
        return ((b & 0x0F) << 8) | (buf[off + 1] & 0xFF);
    }

    private static long integer(byte[] buf, int off) {
        int b = buf[off] & 0xFF;
        if (b < 0x80) {
            return b;
        }
        if ((b & 0xE0) == 0xC0) {
            return signed(((b & 0x1F) << 8) | (buf[off + 1] & 0xFF), 13);
        }
        return switch (b) {
            case 0xF1 -> signed(unsigned(buf, off + 1, 2), 16);
            case 0xF2 -> signed(unsigned(buf, off + 1, 3), 24);
            case 0xF3 -> signed(unsigned(buf, off + 1, 4), 32);
            default -> unsigned(buf, off + 1, 8);
        };
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

    private static int little(byte[] buf, int p, long v, int n) {
        for (int i = 0; i < n; i++) {
            buf[p + i] = (byte) (v >>> (8 * i));
        }
        return p + n;
    }
}
