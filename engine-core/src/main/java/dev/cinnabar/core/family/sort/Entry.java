// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.sort;

import java.util.Arrays;
import java.util.Comparator;

/**
 * One element being sorted with its weight: a score, or for ALPHA BY the looked-up value (Redis's
 * {@code redisSortObject}).
 */
final class Entry {
    final byte[] element;
    double score;
    byte[] weight;

    Entry(byte[] element) {
        this.element = element;
    }

    /**
     * Redis's {@code sortCompare}. Numeric: by score, equal scores by the elements' bytes. ALPHA: by the BY
     * values (a missing one first) or the elements, with {@code strcoll} (byte order up to a NUL in the C and
     * C.UTF-8 locales) except under STORE, where the whole values' bytes are compared.
     */
    static Comparator<Entry> order(boolean alpha, boolean byPattern, boolean store, boolean desc) {
        Comparator<byte[]> text = store ? Arrays::compareUnsigned : Entry::collate;
        Comparator<Entry> c;
        if (!alpha) {
            c = (a, b) -> a.score > b.score ? 1 : a.score < b.score ? -1 : Arrays.compareUnsigned(a.element, b.element);
        } else if (byPattern) {
            c = (a, b) -> a.weight == null || b.weight == null
                    ? Boolean.compare(a.weight != null, b.weight != null)
                    : text.compare(a.weight, b.weight);
        } else {
            c = (a, b) -> text.compare(a.element, b.element);
        }
        return desc ? c.reversed() : c;
    }

    /** {@code strcmp}: unsigned bytes, each value ending at its first NUL. */
    private static int collate(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, 0, cLength(a), b, 0, cLength(b));
    }

    private static int cLength(byte[] s) {
        int n = 0;
        while (n < s.length && s[n] != 0) {
            n++;
        }
        return n;
    }
}
