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

    /** Parses a double as Redis's {@code getDoubleFromObject} does; ERR "not a valid float" otherwise. */
    default double doubleValue(int index) {
        return Numbers.parseDouble(get(index), Errors.NOT_FLOAT);
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
