// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.sort;

import dev.cinnabar.core.family.hashes.HashValue;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.KeyEvent;

/**
 * The BY and GET patterns of SORT, as Redis's {@code lookupKeyByPattern}. Redis scans a pattern with C string
 * functions, so a NUL byte ends the part searched for {@code *}, {@code ->} and {@code #}, while the key built
 * still takes every byte; this class does the same.
 */
final class SortPatterns {
    private SortPatterns() {
    }

    /** The index of the first {@code *} before any NUL byte, or -1 (Redis's {@code strchr}). */
    static int star(byte[] pattern) {
        for (int i = 0; i < pattern.length && pattern[i] != 0; i++) {
            if (pattern[i] == '*') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The value named by {@code pattern} for {@code element}: the element itself for {@code #}; else the first
     * {@code *} replaced by the element names a string key, or with {@code key->field} (a non-empty field after
     * the {@code *}) a hash field. Null when the pattern has no {@code *}, the key is missing or of another
     * type, or the field is missing. A missing key fires {@code keymiss}, as {@code lookupKeyRead} does.
     */
    static byte[] lookup(CommandContext ctx, byte[] pattern, byte[] element) {
        if (pattern.length > 0 && pattern[0] == '#' && (pattern.length == 1 || pattern[1] == 0)) {
            return element;
        }
        int star = star(pattern);
        if (star < 0) {
            return null;
        }
        int arrow = arrow(pattern, star + 1);
        int fieldLen = arrow < 0 ? 0 : pattern.length - arrow - 2;
        int postfixLen = pattern.length - star - 1 - (arrow < 0 ? 0 : fieldLen + 2);
        byte[] key = new byte[star + element.length + postfixLen];
        System.arraycopy(pattern, 0, key, 0, star);
        System.arraycopy(element, 0, key, star, element.length);
        System.arraycopy(pattern, star + 1, key, star + element.length, postfixLen);
        Object value = ctx.keyspace().get(key);
        if (value == null) {
            ctx.notify(key, KeyEvent.KEY_MISS, "keymiss");
            return null;
        }
        if (arrow < 0) {
            return value instanceof byte[] s ? s : null;
        }
        if (!(value instanceof HashValue hash)) {
            return null;
        }
        byte[] field = new byte[fieldLen];
        System.arraycopy(pattern, arrow + 2, field, 0, fieldLen);
        return hash.get(field);
    }

    /** The first {@code ->} from {@code from} that a non-NUL byte follows, before any NUL; -1 if none. */
    private static int arrow(byte[] pattern, int from) {
        for (int i = from; i + 2 < pattern.length && pattern[i] != 0 && pattern[i + 1] != 0; i++) {
            if (pattern[i] == '-' && pattern[i + 1] == '>') {
                return pattern[i + 2] != 0 ? i : -1;
            }
        }
        return -1;
    }
}
