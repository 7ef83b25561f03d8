// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

import java.nio.charset.StandardCharsets;

/** The arguments of one command, binary-safe; index 0 is the command name. */
public interface Arguments {
    int size();

    byte[] get(int index);

    /** The argument decoded as UTF-8; for option names and numbers, never for keys or values. */
    default String string(int index) {
        return new String(get(index), StandardCharsets.UTF_8);
    }

    /** True if the argument equals {@code token} ignoring ASCII case, without allocating. */
    default boolean is(int index, String token) {
        byte[] arg = get(index);
        if (arg.length != token.length()) {
            return false;
        }
        for (int i = 0; i < arg.length; i++) {
            int a = arg[i];
            int b = token.charAt(i);
            if (a != b && (a | 0x20) != (b | 0x20)) {
                return false;
            }
            if (a != b && !Character.isLetter(b)) {
                return false;
            }
        }
        return true;
    }

    /** Parses a signed 64-bit integer as Redis's {@code string2ll} does; ERR "not an integer" otherwise. */
    default long longValue(int index) {
        return Numbers.parseLong(get(index), Errors.NOT_INTEGER);
    }

    /**
     * Parses a signed 64-bit integer in {@code [min, max]} as Redis's {@code getRangeLongFromObjectOrReply}
     * with a message does: {@code error} when the argument is not an integer or out of range (e.g. LMPOP's
     * "numkeys should be greater than 0", LPOS's "COUNT can't be negative").
     */
    default long longValue(int index, long min, long max, RedisError error) {
        long v = Numbers.parseLong(get(index), error);
        if (v < min || v > max) {
            throw error;
        }
        return v;
    }

    /** Parses a double as Redis's {@code getDoubleFromObject} does; ERR "not a valid float" otherwise. */
    default double doubleValue(int index) {
        return Numbers.parseDouble(get(index), Errors.NOT_FLOAT);
    }

    /**
     * Parses a blocking command's timeout in seconds (BLPOP, BLMOVE, BZPOPMIN, …) as Redis 7.0's
     * {@code getTimeoutFromObjectOrReply} with {@code UNIT_SECONDS}: a long double (so {@code 0x1p-3},
     * {@code 1e-3} and {@code 1.5} are valid), times 1000 rounded up to whole milliseconds. A value that
     * rounds to 0 (including a small negative one such as {@code -0.0001}) means forever.
     *
     * @return milliseconds to wait, 0 for forever; pass it to {@link CommandContext#block}
     * @throws RedisError ERR "timeout is not a float or out of range", or "timeout is negative" (also for
     *                    {@code inf} and values past 2^63 ms, as Redis's conversion makes them negative)
     */
    default long timeoutSeconds(int index) {
        long millis = LongDouble.parse(get(index), Errors.TIMEOUT_NOT_FLOAT).ceilMillis();
        if (millis < 0) {
            throw Errors.TIMEOUT_NEGATIVE;
        }
        return millis;
    }

    /** The arguments from {@code from} to the end, as an array (copies references only). */
    default byte[][] slice(int from) {
        byte[][] out = new byte[Math.max(0, size() - from)][];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(from + i);
        }
        return out;
    }
}
