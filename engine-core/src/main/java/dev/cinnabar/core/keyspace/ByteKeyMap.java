// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.keyspace;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * An open-addressing hash table from binary keys to values, with an optional expiry per entry stored in
 * the same slot (one probe answers "value and TTL"). Linear probing with backward-shift deletion, so
 * there are no tombstones and a key's probe run never contains an empty slot. Not thread-safe: owned
 * by the engine thread.
 */
public final class ByteKeyMap {
    private static final int MIN_CAPACITY = 16;

    private byte[][] keys;
    private int[] hashes;
    private Object[] values;
    /** Unix-ms expiry per slot, 0 = none; allocated on first use. */
    private long[] expiries;
    /** Last access per slot on Redis's 24-bit LRU clock (seconds), for OBJECT IDLETIME. */
    private int[] clocks;
    private int size;
    private int mask;

    public ByteKeyMap() {
        allocate(MIN_CAPACITY);
    }

    private void allocate(int capacity) {
        keys = new byte[capacity][];
        hashes = new int[capacity];
        values = new Object[capacity];
        clocks = new int[capacity];
        expiries = null;
        mask = capacity - 1;
    }

    /** Hash of a key: FNV-1a over 4-byte words with a murmur finalizer, for an even spread of low bits. */
    public static int hash(byte[] key) {
        int h = 0x811c9dc5 ^ key.length;
        int i = 0;
        int n = key.length;
        for (; i + 4 <= n; i += 4) {
            int w = (key[i] & 0xff) | (key[i + 1] & 0xff) << 8 | (key[i + 2] & 0xff) << 16 | key[i + 3] << 24;
            h = (h ^ w) * 0x01000193;
        }
        for (; i < n; i++) {
            h = (h ^ (key[i] & 0xff)) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return mask + 1;
    }

    /** The slot holding {@code key}, or -1. */
    public int find(byte[] key) {
        int h = hash(key);
        int i = h & mask;
        byte[][] ks = keys;
        while (true) {
            byte[] k = ks[i];
            if (k == null) {
                return -1;
            }
            if (hashes[i] == h && Arrays.equals(k, key)) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    public byte[] keyAt(int slot) {
        return keys[slot];
    }

    public Object valueAt(int slot) {
        return values[slot];
    }

    public void setValueAt(int slot, Object value) {
        values[slot] = value;
    }

    public long expiryAt(int slot) {
        return expiries == null ? 0 : expiries[slot];
    }

    public void setExpiryAt(int slot, long unixMillis) {
        if (expiries == null) {
            if (unixMillis == 0) {
                return;
            }
            expiries = new long[mask + 1];
        }
        expiries[slot] = unixMillis;
    }

    public int clockAt(int slot) {
        return clocks[slot];
    }

    public void setClockAt(int slot, int clock) {
        clocks[slot] = clock;
    }

    public Object get(byte[] key) {
        int slot = find(key);
        return slot < 0 ? null : values[slot];
    }

    /**
     * Inserts or replaces. A replaced entry keeps its expiry; a new one has none.
     *
     * @return the slot now holding the key (valid until the next insert or remove)
     */
    public int put(byte[] key, Object value) {
        if (size + 1 > (mask + 1) - ((mask + 1) >>> 2)) {
            resize((mask + 1) * 2);
        }
        int h = hash(key);
        int i = h & mask;
        while (true) {
            byte[] k = keys[i];
            if (k == null) {
                keys[i] = key;
                hashes[i] = h;
                values[i] = value;
                if (expiries != null) {
                    expiries[i] = 0;
                }
                size++;
                return i;
            }
            if (hashes[i] == h && Arrays.equals(k, key)) {
                values[i] = value;
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /** Removes the key; returns its old value or null. */
    public Object remove(byte[] key) {
        int slot = find(key);
        if (slot < 0) {
            return null;
        }
        Object old = values[slot];
        removeAt(slot);
        return old;
    }

    /** Removes the entry in {@code slot}, shifting the rest of its run back so no probe run is broken. */
    public void removeAt(int slot) {
        int hole = slot;
        int i = (slot + 1) & mask;
        while (keys[i] != null) {
            int home = hashes[i] & mask;
            // move i into the hole unless its home lies cyclically in (hole, i]
            boolean homeAfterHole = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
            if (!homeAfterHole) {
                moveSlot(i, hole);
                hole = i;
            }
            i = (i + 1) & mask;
        }
        keys[hole] = null;
        values[hole] = null;
        hashes[hole] = 0;
        clocks[hole] = 0;
        if (expiries != null) {
            expiries[hole] = 0;
        }
        size--;
        if (size < (mask + 1) / 10 && mask + 1 > MIN_CAPACITY) {
            resize(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, size) * 2) * 2));
        }
    }

    private void moveSlot(int from, int to) {
        keys[to] = keys[from];
        hashes[to] = hashes[from];
        values[to] = values[from];
        clocks[to] = clocks[from];
        if (expiries != null) {
            expiries[to] = expiries[from];
        }
    }

    private void resize(int capacity) {
        byte[][] oldKeys = keys;
        int[] oldHashes = hashes;
        Object[] oldValues = values;
        int[] oldClocks = clocks;
        long[] oldExpiries = expiries;
        allocate(capacity);
        if (oldExpiries != null) {
            expiries = new long[capacity];
        }
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = oldHashes[j] & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                hashes[i] = oldHashes[j];
                values[i] = oldValues[j];
                clocks[i] = oldClocks[j];
                if (oldExpiries != null) {
                    expiries[i] = oldExpiries[j];
                }
            }
        }
    }

    /** Removes everything and shrinks to the minimum. */
    public void clear() {
        allocate(MIN_CAPACITY);
        size = 0;
    }

    /** A random occupied slot, or -1 when empty. */
    public int randomSlot() {
        if (size == 0) {
            return -1;
        }
        int i = ThreadLocalRandom.current().nextInt(mask + 1);
        while (keys[i] == null) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /**
     * Visits every key whose home bucket is {@code cursor}'s bucket and returns the next cursor, using
     * Redis's reverse-binary cursor ({@code dictScan}), so keys present for a whole scan are seen even
     * when the table grows or shrinks in between.
     */
    public long scanStep(long cursor, Consumer<byte[]> visitor) {
        if (size == 0) {
            return 0;
        }
        int bucket = (int) (cursor & mask);
        int i = bucket;
        while (keys[i] != null) {
            if ((hashes[i] & mask) == bucket) {
                visitor.accept(keys[i]);
            }
            i = (i + 1) & mask;
        }
        long v = cursor | ~(long) mask;
        v = Long.reverse(v);
        v++;
        v = Long.reverse(v);
        return v & 0xffffffffL;
    }

    /** Visits every entry's slot; the visitor must not insert or remove. */
    public void forEachSlot(java.util.function.IntConsumer visitor) {
        for (int i = 0; i <= mask; i++) {
            if (keys[i] != null) {
                visitor.accept(i);
            }
        }
    }
}
