// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import dev.cinnabar.spi.RedisError;

import java.nio.charset.StandardCharsets;

/**
 * Parses stream ids as clients give them, as Redis 7.0's {@code streamGenericParseIDOrReply} does, quirks
 * included: the text ends at the first NUL byte (Redis copies it into a C string), more than 127 bytes is
 * invalid, and each part goes through {@code string2ull}, which falls back to {@code strtoull} and so
 * accepts leading blanks, a plus sign, leading zeros and even a wrapped negative number ({@code -05}).
 */
public final class StreamIds {
    public static final RedisError INVALID_ID =
            RedisError.err("Invalid stream ID specified as stream command argument");
    public static final RedisError INVALID_START = RedisError.err("invalid start ID for the interval");
    public static final RedisError INVALID_END = RedisError.err("invalid end ID for the interval");

    /** Redis's C buffer for an id is 128 bytes, NUL included. */
    private static final int MAX_ID_LENGTH = 127;

    /** An id given to XADD: {@code seqGiven} is false for {@code <ms>-*}, whose sequence XADD chooses. */
    public record AddId(StreamId id, boolean seqGiven) {
    }

    private StreamIds() {
    }

    /**
     * {@code streamParseIDOrReply}: {@code -} and {@code +} are the smallest and largest ids, and an id
     * without a sequence gets {@code missingSeq}.
     */
    public static StreamId parse(byte[] arg, long missingSeq) {
        return parse(arg, missingSeq, false, false).id();
    }

    /** {@code streamParseStrictIDOrReply}: as {@link #parse} but {@code -} and {@code +} are invalid. */
    public static StreamId parseStrict(byte[] arg, long missingSeq) {
        return parse(arg, missingSeq, true, false).id();
    }

    /** XADD's explicit id: strict, and {@code <ms>-*} leaves the sequence to XADD. */
    public static AddId parseForAdd(byte[] arg) {
        return parse(arg, 0, true, true);
    }

    /**
     * The start of an interval (XRANGE, XPENDING, XAUTOCLAIM): {@code (id} excludes the id itself;
     * ERR "invalid start ID for the interval" when nothing follows an excluded id.
     */
    public static StreamId parseIntervalStart(byte[] arg) {
        if (isExclusive(arg)) {
            StreamId next = parse(tail(arg), 0, true, false).id().next();
            if (next == null) {
                throw INVALID_START;
            }
            return next;
        }
        return parse(arg, 0);
    }

    /**
     * The end of an interval: a bare millisecond part means its last sequence, {@code (id} excludes the
     * id; ERR "invalid end ID for the interval" when nothing precedes an excluded id.
     */
    public static StreamId parseIntervalEnd(byte[] arg) {
        if (isExclusive(arg)) {
            StreamId previous = parse(tail(arg), -1L, true, false).id().previous();
            if (previous == null) {
                throw INVALID_END;
            }
            return previous;
        }
        return parse(arg, -1L);
    }

    /** The id as Redis replies it, {@code <ms>-<seq>} in unsigned decimal. */
    public static byte[] toBytes(StreamId id) {
        return id.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean isExclusive(byte[] arg) {
        return arg.length > 1 && arg[0] == '(';
    }

    private static byte[] tail(byte[] arg) {
        byte[] rest = new byte[arg.length - 1];
        System.arraycopy(arg, 1, rest, 0, rest.length);
        return rest;
    }

    private static AddId parse(byte[] arg, long missingSeq, boolean strict, boolean autoSeqAllowed) {
        if (arg.length > MAX_ID_LENGTH) {
            throw INVALID_ID;
        }
        int end = 0;
        while (end < arg.length && arg[end] != 0) {
            end++;
        }
        if (end == 1 && (arg[0] == '-' || arg[0] == '+')) {
            if (strict) {
                throw INVALID_ID;
            }
            return new AddId(arg[0] == '-' ? StreamId.MIN : StreamId.MAX, true);
        }
        int dash = -1;
        for (int i = 0; i < end; i++) {
            if (arg[i] == '-') {
                dash = i;
                break;
            }
        }
        long ms = unsigned(arg, 0, dash < 0 ? end : dash);
        if (dash < 0) {
            return new AddId(new StreamId(ms, missingSeq), true);
        }
        if (autoSeqAllowed && end - dash == 2 && arg[dash + 1] == '*') {
            return new AddId(new StreamId(ms, 0), false);
        }
        return new AddId(new StreamId(ms, unsigned(arg, dash + 1, end)), true);
    }

    /** Redis's {@code string2ull}: {@code string2ll} if it accepts the text, else {@code strtoull}. */
    private static long unsigned(byte[] s, int from, int to) {
        Long strict = Listpack.parseInt64(s, from, to);
        if (strict != null) {
            if (strict < 0) {
                throw INVALID_ID;
            }
            return strict;
        }
        return strtoull(s, from, to);
    }

    /** C's {@code strtoull} in base 10 that must consume the whole text and must not overflow. */
    private static long strtoull(byte[] s, int from, int to) {
        int p = from;
        while (p < to && isCSpace(s[p])) {
            p++;
        }
        boolean negative = false;
        if (p < to && (s[p] == '+' || s[p] == '-')) {
            negative = s[p] == '-';
            p++;
        }
        int digitsFrom = p;
        long v = 0;
        for (; p < to && s[p] >= '0' && s[p] <= '9'; p++) {
            int d = s[p] - '0';
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0
                    || Long.compareUnsigned(v * 10, -1L - d) > 0) {
                throw INVALID_ID; // ERANGE
            }
            v = v * 10 + d;
        }
        if (p == digitsFrom || p != to) {
            throw INVALID_ID;
        }
        return negative ? -v : v;
    }

    private static boolean isCSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }
}
