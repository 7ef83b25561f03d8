// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import java.util.Arrays;

/**
 * Byte strings seen so far, as 64-bit fingerprints in an open-addressing table of at most 16 bytes per entry:
 * how {@link RdbChecker} finds a member stored twice in one value, which Redis's loader refuses ("Duplicate set
 * members detected" and the like: its {@code dictAdd} fails), and how {@link RdbSalvager} finds a key written
 * twice. Past {@link #cap} entries nothing more is checked, so memory stays bounded whatever a value's size.
 * Two different entries share a fingerprint with a probability of about n²/2^65 (one in 10^5 for ten million).
 */
final class FingerprintSet {
    private static final int INITIAL = 16;

    private final long cap;
    private long[] table = new long[INITIAL];
    private int size;
    private boolean full;

    /** Up to {@code cap} entries (since {@link #clear}) are checked. */
    FingerprintSet(long cap) {
        this.cap = cap;
    }

    /** A cap that keeps the table within a sixteenth of the heap. */
    static FingerprintSet forHeap() {
        return new FingerprintSet(Math.max(1 << 16, Runtime.getRuntime().maxMemory() / 16 / 16));
    }

    /** A cap for the keys of a whole file: the table within a quarter of the heap. */
    static FingerprintSet forKeys() {
        return new FingerprintSet(keysCap());
    }

    /** How many keys a quarter of the heap holds. */
    static long keysCap() {
        return Math.max(1 << 20, Runtime.getRuntime().maxMemory() / 4 / 16);
    }

    /** Forgets every entry. */
    void clear() {
        if (table.length > 1 << 12) {
            table = new long[INITIAL];
        } else {
            Arrays.fill(table, 0);
        }
        size = 0;
        full = false;
    }

    /** Whether the cap was reached: entries added since were not checked. */
    boolean capped() {
        return full;
    }

    /** Up to how many entries are checked. */
    long cap() {
        return cap;
    }

    /** Every fingerprint held, in no order. */
    void forEach(java.util.function.LongConsumer action) {
        for (long h : table) {
            if (h != 0) {
                action.accept(h);
            }
        }
    }

    /** Adds {@code member}; false when it was added before (since {@link #clear}). */
    boolean add(byte[] member) {
        return add(0, member);
    }

    /**
     * Adds {@code member} under {@code scope} (a database number: the same bytes in two scopes are two entries);
     * false when it was added before.
     */
    boolean add(long scope, byte[] member) {
        return full || addFingerprint(fingerprint(scope, member));
    }

    /** Adds a {@link #fingerprint}; false when it was added before. */
    boolean addFingerprint(long h) {
        if (full) {
            return true;
        }
        if (size >= cap) {
            full = true;
            return true;
        }
        int mask = table.length - 1;
        for (int i = (int) (h ^ (h >>> 32)) & mask; ; i = (i + 1) & mask) {
            if (table[i] == 0) {
                table[i] = h;
                if (++size * 2 > table.length) {
                    grow();
                }
                return true;
            }
            if (table[i] == h) {
                return false;
            }
        }
    }

    /**
     * Makes room for {@code more} entries (within the cap) at once: each doubling on the way would move every
     * entry again, each move a cache miss in a table of millions.
     */
    void expect(long more) {
        long want = Math.min(cap, size + Math.max(0, more)) * 2;
        int length = table.length;
        while (length < want && length < 1 << 30) {
            length <<= 1;
        }
        if (length > table.length) {
            rehash(length);
        }
    }

    private void grow() {
        rehash(table.length * 2);
    }

    private void rehash(int length) {
        long[] old = table;
        table = new long[length];
        int mask = table.length - 1;
        for (long h : old) {
            if (h != 0) {
                int i = (int) (h ^ (h >>> 32)) & mask;
                while (table[i] != 0) {
                    i = (i + 1) & mask;
                }
                table[i] = h;
            }
        }
    }

    /** A 64-bit hash of the bytes, never 0 (the table's empty slot): eight bytes at a time, each word mixed in. */
    static long fingerprint(long scope, byte[] b) {
        long h = mix(0x9E3779B97F4A7C15L ^ scope) ^ b.length;
        int i = 0;
        for (; i + 8 <= b.length; i += 8) {
            long w = (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24
                    | (b[i + 4] & 0xffL) << 32 | (b[i + 5] & 0xffL) << 40 | (b[i + 6] & 0xffL) << 48
                    | (b[i + 7] & 0xffL) << 56;
            h = mix(h ^ w);
        }
        long tail = 0;
        for (int shift = 0; i < b.length; i++, shift += 8) {
            tail |= (b[i] & 0xffL) << shift;
        }
        h = mix(mix(h ^ tail) ^ 0xC2B2AE3D27D4EB4FL);
        return h == 0 ? 1 : h;
    }

    /** The finalizer of MurmurHash3 (fmix64): every input bit affects every output bit. */
    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        x *= 0xC4CEB9FE1A85EC53L;
        x ^= x >>> 33;
        return x;
    }
}
