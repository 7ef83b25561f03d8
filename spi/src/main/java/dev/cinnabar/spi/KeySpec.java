// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

import java.util.List;
import java.util.Objects;

/**
 * Where a command's keys are, in Redis's key-spec form.
 *
 * @param flags        e.g. {@code RW}, {@code ACCESS}, {@code UPDATE} as in the Redis facts
 * @param beginIndex   position of the first key when {@code beginKeyword} is null, else the search start
 *                     (negative: from the end, searching backwards); 0 with no keyword: unknown, the
 *                     command finds its keys itself
 * @param beginKeyword keyword that precedes the keys, or null
 * @param lastKey      range form: last key relative to the first (-1 = end); ignored for keynum form
 * @param step         distance between keys
 * @param limit        range form: divide the remaining args by this (0 = no limit)
 * @param keyNumIndex  keynum form: offset of the key count from the begin position, or -1 for range form,
 *                     -2 when unknown (the command finds its keys itself)
 * @param firstKey     keynum form: offset of the first key from the begin position
 */
public record KeySpec(List<String> flags, int beginIndex, String beginKeyword, int lastKey, int step, int limit,
                      int keyNumIndex, int firstKey) {
    public KeySpec {
        flags = List.copyOf(Objects.requireNonNull(flags, "flags is null"));
    }

    /** A plain range: keys from {@code first} to {@code last} (negative counts from the end) every {@code step}. */
    public static KeySpec range(int first, int last, int step, String... flags) {
        return new KeySpec(List.of(flags), first, null, last, step, 0, -1, 0);
    }

    public boolean isKeyNum() {
        return keyNumIndex >= 0;
    }

    /** True when the spec does not say where the keys begin. */
    public boolean isBeginUnknown() {
        return beginKeyword == null && beginIndex == 0;
    }

    /** True when the spec does not say how to find the keys from where they begin. */
    public boolean isFindUnknown() {
        return keyNumIndex == -2;
    }
}
