// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds a whole Redis listpack ({@code listpack.c}) by appending elements, byte for byte as
 * {@code lpAppend} and {@code lpAppendInteger} do: the 6-byte header (total bytes, element count), the
 * entries, the end byte. A string that is a canonical 64-bit integer ({@code lpStringToInt64}) is stored as
 * an integer entry. Used to save hashes and sorted sets in the listpack encoding.
 */
public final class ListpackWriter {
    /** LP_HDR_SIZE: total bytes (4) and element count (2). */
    static final int HEADER = 6;
    /** LP_EOF. */
    static final int EOF = 0xFF;
    /** LP_HDR_NUMELE_UNKNOWN: the element count field saturates here. */
    static final int UNKNOWN_COUNT = 65535;

    private byte[] buf = new byte[64];
    private int used = HEADER;
    private long count;

    /** Appends {@code value}, as an integer entry when it is the canonical text of one. */
    public ListpackWriter append(byte[] value) {
        if (isInteger(value)) {
            return appendInteger(parseInteger(value));
        }
        int len = value.length;
        int header = len < 64 ? 1 : len < 4096 ? 2 : 5;
        int body = header + len;
        ensure(body + backlenSize(body));
        if (len < 64) {
            buf[used++] = (byte) (0x80 | len);
        } else if (len < 4096) {
            buf[used++] = (byte) (0xE0 | (len >> 8));
            buf[used++] = (byte) len;
        } else {
            buf[used++] = (byte) 0xF0;
            little(len, 4);
        }
        System.arraycopy(value, 0, buf, used, len);
        used += len;
        backlen(body);
        return this;
    }

    /** Appends an integer entry of the smallest width that holds {@code v} ({@code lpEncodeIntegerGetType}). */
    public ListpackWriter appendInteger(long v) {
        ensure(10);
        int start = used;
        if (v >= 0 && v <= 127) {
            buf[used++] = (byte) v;
        } else if (v >= -4096 && v <= 4095) {
            long u = v < 0 ? (1 << 13) + v : v;
            buf[used++] = (byte) ((u >> 8) | 0xC0);
            buf[used++] = (byte) u;
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            buf[used++] = (byte) 0xF1;
            little(v, 2);
        } else if (v >= -(1 << 23) && v < (1 << 23)) {
            buf[used++] = (byte) 0xF2;
            little(v, 3);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            buf[used++] = (byte) 0xF3;
            little(v, 4);
        } else {
            buf[used++] = (byte) 0xF4;
            little(v, 8);
        }
        backlen(used - start);
        return this;
    }

    private static final byte[] MAX_DIGITS = "9223372036854775807".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MIN_DIGITS = "9223372036854775808".getBytes(StandardCharsets.US_ASCII);

    /**
     * True if {@code s} is a canonical 64-bit integer, which a listpack stores as an integer
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
    static long parseInteger(byte[] s) {
        boolean negative = s[0] == '-';
        long v = 0;
        for (int i = negative ? 1 : 0; i < s.length; i++) {
            v = v * 10 - (s[i] - '0');
        }
        return negative ? v : -v;
    }

    /** Elements appended so far. */
    public long count() {
        return count;
    }

    /** The finished listpack. */
    public byte[] toBytes() {
        byte[] lp = Arrays.copyOf(buf, used + 1);
        lp[used] = (byte) EOF;
        int total = lp.length;
        for (int i = 0; i < 4; i++) {
            lp[i] = (byte) (total >>> (8 * i));
        }
        int n = (int) Math.min(count, UNKNOWN_COUNT);
        lp[4] = (byte) n;
        lp[5] = (byte) (n >>> 8);
        return lp;
    }

    /** Bytes {@code lpEncodeBacklen} takes for an entry of {@code l} bytes before its back-length. */
    static int backlenSize(int l) {
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

    /** {@code lpEncodeBacklen}: high bits first, every byte but the first flagged 128; counts the entry. */
    private void backlen(int l) {
        int n = backlenSize(l);
        for (int i = n - 1; i >= 0; i--) {
            int group = (l >>> (7 * (n - 1 - i))) & 127;
            buf[used + i] = (byte) (i == 0 ? group : group | 128);
        }
        used += n;
        count++;
    }

    private void little(long v, int n) {
        for (int i = 0; i < n; i++) {
            buf[used++] = (byte) (v >>> (8 * i));
        }
    }

    private void ensure(int more) {
        if ((long) used + more + 1 > buf.length) {
            long grown = Math.max((long) used + more + 1, (long) buf.length * 2);
            if (grown > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("listpack larger than 2 GB");
            }
            buf = Arrays.copyOf(buf, (int) grown);
        }
    }
}
