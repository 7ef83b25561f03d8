// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import java.nio.charset.StandardCharsets;

/**
 * Redis's listpack format, byte for byte: a 4-byte total length and 2-byte element count (little-endian),
 * elements of encoding + data + back-length, and a 0xFF end byte. Stream nodes are stored in it so that
 * node sizes (and so {@code stream-node-max-bytes} and approximate trimming) and RDB payloads match Redis.
 * Positions are byte offsets of elements; -1 means none. The engine-core codec is out of a plugin's reach.
 */
final class Listpack {
    static final int HEADER_SIZE = 6;
    static final int EOF = 0xFF;
    private static final int NUMELE_UNKNOWN = 65535;
    /** Redis's {@code LONG_STR_SIZE}: a longer text is never integer-encoded. */
    private static final int LONG_STR_SIZE = 21;

    private Listpack() {
    }

    /** An empty listpack, as {@code lpNew}. */
    static byte[] empty(int capacity) {
        byte[] lp = new byte[Math.max(capacity, HEADER_SIZE + 1)];
        setTotalBytes(lp, HEADER_SIZE + 1);
        lp[HEADER_SIZE] = (byte) EOF;
        return lp;
    }

    static int totalBytes(byte[] lp) {
        return (lp[0] & 0xFF) | (lp[1] & 0xFF) << 8 | (lp[2] & 0xFF) << 16 | (lp[3] & 0xFF) << 24;
    }

    static void setTotalBytes(byte[] lp, int bytes) {
        lp[0] = (byte) bytes;
        lp[1] = (byte) (bytes >>> 8);
        lp[2] = (byte) (bytes >>> 16);
        lp[3] = (byte) (bytes >>> 24);
    }

    static int numElements(byte[] lp) {
        return (lp[4] & 0xFF) | (lp[5] & 0xFF) << 8;
    }

    static void setNumElements(byte[] lp, int n) {
        lp[4] = (byte) n;
        lp[5] = (byte) (n >>> 8);
    }

    /** Counts one more element in the header; past 65534 the count becomes "unknown", as in Redis. */
    static void countElements(byte[] lp, int delta) {
        int n = numElements(lp);
        if (n != NUMELE_UNKNOWN) {
            setNumElements(lp, Math.min(NUMELE_UNKNOWN, n + delta));
        }
    }

    static int first(byte[] lp) {
        return (lp[HEADER_SIZE] & 0xFF) == EOF ? -1 : HEADER_SIZE;
    }

    static int next(byte[] lp, int p) {
        int n = p + entrySize(lp, p);
        return (lp[n] & 0xFF) == EOF ? -1 : n;
    }

    /** The last element, found from the end byte through its back-length. */
    static int last(byte[] lp) {
        return prevOf(lp, totalBytes(lp) - 1);
    }

    static int prev(byte[] lp, int p) {
        return prevOf(lp, p);
    }

    /** The element ending right before {@code end}, or -1 at the first element. */
    private static int prevOf(byte[] lp, int end) {
        if (end <= HEADER_SIZE) {
            return -1;
        }
        int q = end - 1;
        long len = 0;
        int shift = 0;
        int backlenBytes = 0;
        while (true) {
            int b = lp[q] & 0xFF;
            len |= (long) (b & 127) << shift;
            backlenBytes++;
            if ((b & 128) == 0) {
                break;
            }
            shift += 7;
            q--;
        }
        return (int) (end - backlenBytes - len);
    }

    /** Size of the element at {@code p}: encoding, data and back-length. */
    static int entrySize(byte[] lp, int p) {
        int encoded = encodedSize(lp, p);
        return encoded + backlenSize(encoded);
    }

    /** Size of encoding + data of the element at {@code p}. */
    private static int encodedSize(byte[] lp, int p) {
        int b = lp[p] & 0xFF;
        if ((b & 0x80) == 0) {
            return 1;
        }
        if ((b & 0xC0) == 0x80) {
            return 1 + (b & 0x3F);
        }
        if ((b & 0xE0) == 0xC0) {
            return 2;
        }
        if ((b & 0xF0) == 0xE0) {
            return 2 + ((b & 0x0F) << 8 | (lp[p + 1] & 0xFF));
        }
        return switch (b) {
            case 0xF1 -> 3;
            case 0xF2 -> 4;
            case 0xF3 -> 5;
            case 0xF4 -> 9;
            case 0xF0 -> 5 + ((lp[p + 1] & 0xFF) | (lp[p + 2] & 0xFF) << 8 | (lp[p + 3] & 0xFF) << 16
                    | (lp[p + 4] & 0xFF) << 24);
            default -> throw new IllegalStateException("corrupt listpack encoding " + b + " at " + p);
        };
    }

    static boolean isInteger(byte[] lp, int p) {
        int b = lp[p] & 0xFF;
        return (b & 0x80) == 0 || (b & 0xE0) == 0xC0 || (b >= 0xF1 && b <= 0xF4);
    }

    /** The element as an integer, parsing a string element as {@code lpGetInteger} does. */
    static long getLong(byte[] lp, int p) {
        int b = lp[p] & 0xFF;
        if ((b & 0x80) == 0) {
            return b;
        }
        if ((b & 0xE0) == 0xC0) {
            int v = (b & 0x1F) << 8 | (lp[p + 1] & 0xFF);
            return v >= 1 << 12 ? v - (1 << 13) : v;
        }
        switch (b) {
            case 0xF1:
                return (short) ((lp[p + 1] & 0xFF) | (lp[p + 2] & 0xFF) << 8);
            case 0xF2: {
                int v = (lp[p + 1] & 0xFF) | (lp[p + 2] & 0xFF) << 8 | (lp[p + 3] & 0xFF) << 16;
                return (v << 8) >> 8;
            }
            case 0xF3:
                return (lp[p + 1] & 0xFF) | (lp[p + 2] & 0xFF) << 8 | (lp[p + 3] & 0xFF) << 16
                        | (lp[p + 4]) << 24;
            case 0xF4: {
                long v = 0;
                for (int i = 8; i >= 1; i--) {
                    v = v << 8 | (lp[p + i] & 0xFF);
                }
                return v;
            }
            default:
                byte[] s = getBytes(lp, p);
                Long parsed = parseInt64(s, 0, s.length);
                if (parsed == null) {
                    throw new IllegalStateException("listpack element at " + p + " is not an integer");
                }
                return parsed;
        }
    }

    /** The element as bytes; an integer element as its decimal text. */
    static byte[] getBytes(byte[] lp, int p) {
        if (isInteger(lp, p)) {
            return Long.toString(getLong(lp, p)).getBytes(StandardCharsets.US_ASCII);
        }
        int b = lp[p] & 0xFF;
        int from;
        int len;
        if ((b & 0xC0) == 0x80) {
            from = p + 1;
            len = b & 0x3F;
        } else if ((b & 0xF0) == 0xE0) {
            from = p + 2;
            len = (b & 0x0F) << 8 | (lp[p + 1] & 0xFF);
        } else {
            from = p + 5;
            len = encodedSize(lp, p) - 5;
        }
        byte[] out = new byte[len];
        System.arraycopy(lp, from, out, 0, len);
        return out;
    }

    /** True if the element equals {@code value} as Redis compares it (integers by their text). */
    static boolean equalsBytes(byte[] lp, int p, byte[] value) {
        if (isInteger(lp, p)) {
            Long v = parseInt64(value, 0, value.length);
            return v != null && v == getLong(lp, p);
        }
        int b = lp[p] & 0xFF;
        int from;
        if ((b & 0xC0) == 0x80) {
            from = p + 1;
        } else if ((b & 0xF0) == 0xE0) {
            from = p + 2;
        } else {
            from = p + 5;
        }
        int len = encodedSize(lp, p) - (from - p);
        return java.util.Arrays.equals(lp, from, from + len, value, 0, value.length);
    }

    /** Bytes an element holding {@code value} takes, back-length included. */
    static int sizeOf(byte[] value) {
        Long v = parseInt64(value, 0, value.length);
        if (v != null) {
            return sizeOf(v);
        }
        int n = value.length;
        int encoded = n < 64 ? 1 + n : n < 4096 ? 2 + n : 5 + n;
        return encoded + backlenSize(encoded);
    }

    static int sizeOf(long v) {
        int encoded = intEncodedSize(v);
        return encoded + backlenSize(encoded);
    }

    private static int intEncodedSize(long v) {
        if (v >= 0 && v <= 127) {
            return 1;
        } else if (v >= -4096 && v <= 4095) {
            return 2;
        } else if (v >= -32768 && v <= 32767) {
            return 3;
        } else if (v >= -8388608 && v <= 8388607) {
            return 4;
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return 5;
        }
        return 9;
    }

    static int backlenSize(long l) {
        if (l <= 127) {
            return 1;
        } else if (l < 16383) {
            return 2;
        } else if (l < 2097151) {
            return 3;
        } else if (l < 268435455) {
            return 4;
        }
        return 5;
    }

    /** Writes an element holding {@code value} (integer-encoded when it is a canonical integer) at {@code p}. */
    static int write(byte[] buf, int p, byte[] value) {
        Long v = parseInt64(value, 0, value.length);
        if (v != null) {
            return write(buf, p, (long) v);
        }
        int n = value.length;
        int start = p;
        if (n < 64) {
            buf[p++] = (byte) (0x80 | n);
        } else if (n < 4096) {
            buf[p++] = (byte) (0xE0 | n >>> 8);
            buf[p++] = (byte) n;
        } else {
            buf[p++] = (byte) 0xF0;
            buf[p++] = (byte) n;
            buf[p++] = (byte) (n >>> 8);
            buf[p++] = (byte) (n >>> 16);
            buf[p++] = (byte) (n >>> 24);
        }
        System.arraycopy(value, 0, buf, p, n);
        p += n;
        return writeBacklen(buf, p, p - start);
    }

    /** Writes an integer element at {@code p}; returns the position after it. */
    static int write(byte[] buf, int p, long v) {
        int start = p;
        if (v >= 0 && v <= 127) {
            buf[p++] = (byte) v;
        } else if (v >= -4096 && v <= 4095) {
            long u = v < 0 ? (1L << 13) + v : v;
            buf[p++] = (byte) (u >>> 8 | 0xC0);
            buf[p++] = (byte) u;
        } else if (v >= -32768 && v <= 32767) {
            buf[p++] = (byte) 0xF1;
            buf[p++] = (byte) v;
            buf[p++] = (byte) (v >>> 8);
        } else if (v >= -8388608 && v <= 8388607) {
            buf[p++] = (byte) 0xF2;
            buf[p++] = (byte) v;
            buf[p++] = (byte) (v >>> 8);
            buf[p++] = (byte) (v >>> 16);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            buf[p++] = (byte) 0xF3;
            for (int i = 0; i < 4; i++) {
                buf[p++] = (byte) (v >>> (8 * i));
            }
        } else {
            buf[p++] = (byte) 0xF4;
            for (int i = 0; i < 8; i++) {
                buf[p++] = (byte) (v >>> (8 * i));
            }
        }
        return writeBacklen(buf, p, p - start);
    }

    private static int writeBacklen(byte[] buf, int p, int l) {
        if (l <= 127) {
            buf[p++] = (byte) l;
        } else if (l < 16383) {
            buf[p++] = (byte) (l >>> 7);
            buf[p++] = (byte) ((l & 127) | 128);
        } else if (l < 2097151) {
            buf[p++] = (byte) (l >>> 14);
            buf[p++] = (byte) (((l >>> 7) & 127) | 128);
            buf[p++] = (byte) ((l & 127) | 128);
        } else if (l < 268435455) {
            buf[p++] = (byte) (l >>> 21);
            buf[p++] = (byte) (((l >>> 14) & 127) | 128);
            buf[p++] = (byte) (((l >>> 7) & 127) | 128);
            buf[p++] = (byte) ((l & 127) | 128);
        } else {
            buf[p++] = (byte) (l >>> 28);
            buf[p++] = (byte) (((l >>> 21) & 127) | 128);
            buf[p++] = (byte) (((l >>> 14) & 127) | 128);
            buf[p++] = (byte) (((l >>> 7) & 127) | 128);
            buf[p++] = (byte) ((l & 127) | 128);
        }
        return p;
    }

    /**
     * Redis's {@code lpStringToInt64}, which is {@code string2ll}: a canonical signed 64-bit decimal (no blanks,
     * no plus sign, no leading zeros), or null.
     */
    static Long parseInt64(byte[] s, int from, int to) {
        int len = to - from;
        if (len == 0 || len >= LONG_STR_SIZE) {
            return null;
        }
        if (len == 1 && s[from] == '0') {
            return 0L;
        }
        int p = from;
        boolean negative = false;
        if (s[p] == '-') {
            negative = true;
            p++;
            if (p == to) {
                return null;
            }
        }
        if (s[p] < '1' || s[p] > '9') {
            return null;
        }
        long v = 0;
        for (; p < to; p++) {
            int d = s[p] - '0';
            if (d < 0 || d > 9) {
                return null;
            }
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0) {
                return null;
            }
            v *= 10;
            if (Long.compareUnsigned(v, -1L - d) > 0) {
                return null;
            }
            v += d;
        }
        if (negative) {
            return Long.compareUnsigned(v, 1L << 63) > 0 ? null : -v;
        }
        return v < 0 ? null : v;
    }
}
