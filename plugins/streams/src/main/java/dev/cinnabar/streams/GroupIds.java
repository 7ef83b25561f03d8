// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import dev.cinnabar.spi.RedisError;

import java.nio.charset.StandardCharsets;

/**
 * Stream id arguments of the consumer-group commands, parsed as Redis's {@code streamGenericParseIDOrReply}
 * and {@code streamParseIntervalIDOrReply} do.
 */
final class GroupIds {
    static final RedisError INVALID = RedisError.err("Invalid stream ID specified as stream command argument");

    private GroupIds() {
    }

    /** {@code ms-seq} or {@code ms} (sequence {@code missingSeq}); {@code -} and {@code +} are rejected. */
    static StreamId strict(byte[] arg, long missingSeq) {
        if (arg.length == 1 && (arg[0] == '-' || arg[0] == '+')) {
            throw INVALID;
        }
        return parse(arg, missingSeq);
    }

    /** Like {@link #strict} but {@code -} is the smallest id and {@code +} the largest. */
    static StreamId parse(byte[] arg, long missingSeq) {
        if (arg.length > 127) {
            throw INVALID;
        }
        if (arg.length == 1 && arg[0] == '-') {
            return StreamId.MIN;
        }
        if (arg.length == 1 && arg[0] == '+') {
            return StreamId.MAX;
        }
        String s = new String(arg, StandardCharsets.ISO_8859_1);
        int dash = s.indexOf('-');
        long ms = unsigned(dash < 0 ? s : s.substring(0, dash));
        long seq = dash < 0 ? missingSeq : unsigned(s.substring(dash + 1));
        return new StreamId(ms, seq);
    }

    /** An interval bound: a leading {@code (} excludes the id (strictly parsed), as XPENDING and XAUTOCLAIM take it. */
    record Bound(StreamId id, boolean exclusive) {
    }

    static Bound interval(byte[] arg, long missingSeq) {
        if (arg.length > 1 && arg[0] == '(') {
            byte[] rest = java.util.Arrays.copyOfRange(arg, 1, arg.length);
            return new Bound(strict(rest, missingSeq), true);
        }
        return new Bound(parse(arg, missingSeq), false);
    }

    /** Redis's {@code string2ull}: a non-negative decimal below 2^64. */
    private static long unsigned(String s) {
        if (s.isEmpty() || s.length() > 20) {
            throw INVALID;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                throw INVALID;
            }
        }
        try {
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw INVALID;
        }
    }
}
