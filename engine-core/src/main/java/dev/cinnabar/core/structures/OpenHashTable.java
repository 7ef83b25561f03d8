// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.structures;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.IntUnaryOperator;

/**
 * The slot layout shared by Cinnabar's hash tables: binary keys in an open-addressing table with linear
 * probing and backward-shift deletion, so there are no tombstones and a key's probe run never contains an
 * empty slot. Subclasses keep their per-entry data (values, expiries…) in arrays parallel to the keys and
 * move them when the table moves a slot. Not thread-safe: owned by the engine thread.
 */
public abstract class OpenHashTable {
    protected static final int MIN_CAPACITY = 16;

    private byte[][] keys;
    private int[] hashes;
    private int size;
    private int mask;

    protected OpenHashTable() {
        allocate(MIN_CAPACITY);
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

    /** Allocates the per-entry arrays for {@code capacity} slots, all empty. */
    protected abstract void allocateEntries(int capacity);

    /** Returns the per-entry arrays before a resize, to be handed back to {@link #transferEntry}. */
    protected abstract Object detachEntries();

    /** Copies the per-entry data of slot {@code from} of {@code detached} arrays into slot {@code to}. */
    protected abstract void transferEntry(Object detached, int from, int to);

    /** Moves the per-entry data of slot {@code from} into slot {@code to} of the same arrays. */
    protected abstract void moveEntry(int from, int to);

    /** Clears the per-entry data of a slot that became empty. */
    protected abstract void clearEntry(int slot);

    /** Called before anything of slot {@code slot} changes in place (keyspace images copy it first). */
    protected void beforeSlotChange(int slot) {
    }

    /** Called before the slot arrays are replaced by new ones; the old ones are never changed again. */
    protected void beforeReallocate() {
    }

    /** The key array itself, for a keyspace image that reads it until it changes. */
    protected final byte[][] keyArray() {
        return keys;
    }

    /** The hash array itself (see {@link #keyArray}). */
    protected final int[] hashArray() {
        return hashes;
    }

    private void allocate(int capacity) {
        keys = new byte[capacity][];
        hashes = new int[capacity];
        mask = capacity - 1;
        allocateEntries(capacity);
    }

    public final int size() {
        return size;
    }

    public final int capacity() {
        return mask + 1;
    }

    /** The slot holding {@code key}, or -1. */
    public final int find(byte[] key) {
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

    public final boolean contains(byte[] key) {
        return find(key) >= 0;
    }

    public final byte[] keyAt(int slot) {
        return keys[slot];
    }

    /**
     * The slot of {@code key}, inserting it (with empty per-entry data) when absent.
     *
     * @return the slot, valid until the next insert or remove; negative ({@code -slot - 1}) when inserted
     */
    protected final int findOrInsert(byte[] key) {
        if (size + 1 > (mask + 1) - ((mask + 1) >>> 2)) {
            resize((mask + 1) * 2);
        }
        int h = hash(key);
        int i = h & mask;
        while (true) {
            byte[] k = keys[i];
            if (k == null) {
                beforeSlotChange(i);
                keys[i] = key;
                hashes[i] = h;
                size++;
                return -i - 1;
            }
            if (hashes[i] == h && Arrays.equals(k, key)) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /** Removes the entry in {@code slot}, shifting the rest of its run back so no probe run is broken. */
    public final void removeAt(int slot) {
        int hole = slot;
        int i = (slot + 1) & mask;
        while (keys[i] != null) {
            int home = hashes[i] & mask;
            // move i into the hole unless its home lies cyclically in (hole, i]
            boolean homeAfterHole = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
            if (!homeAfterHole) {
                beforeSlotChange(hole);
                keys[hole] = keys[i];
                hashes[hole] = hashes[i];
                moveEntry(i, hole);
                hole = i;
            }
            i = (i + 1) & mask;
        }
        beforeSlotChange(hole);
        keys[hole] = null;
        hashes[hole] = 0;
        clearEntry(hole);
        size--;
        if (size < (mask + 1) / 10 && mask + 1 > MIN_CAPACITY) {
            resize(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, size) * 2) * 2));
        }
    }

    private void resize(int capacity) {
        byte[][] oldKeys = keys;
        int[] oldHashes = hashes;
        Object oldEntries = detachEntries();
        beforeReallocate();
        allocate(capacity);
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = oldHashes[j] & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                hashes[i] = oldHashes[j];
                transferEntry(oldEntries, j, i);
            }
        }
    }

    /** Removes everything and shrinks to the minimum. */
    public void clear() {
        beforeReallocate();
        allocate(MIN_CAPACITY);
        size = 0;
    }

    /** A random occupied slot, or -1 when empty. */
    public final int randomSlot() {
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
     * Visits every slot whose key's home bucket is {@code cursor}'s bucket and returns the next cursor,
     * using Redis's reverse-binary cursor ({@code dictScan}), so keys present for a whole scan are seen
     * even when the table grows or shrinks in between.
     */
    public final long scanSlots(long cursor, IntConsumer visitor) {
        if (size == 0) {
            return 0;
        }
        int bucket = (int) (cursor & mask);
        int i = bucket;
        while (keys[i] != null) {
            if ((hashes[i] & mask) == bucket) {
                visitor.accept(i);
            }
            i = (i + 1) & mask;
        }
        long v = cursor | ~(long) mask;
        v = Long.reverse(v);
        v++;
        v = Long.reverse(v);
        return v & 0xffffffffL;
    }

    /**
     * One step of HSCAN, SSCAN or ZSCAN over this table, as Redis's {@code scanGenericCommand}: visits
     * buckets from {@code cursor} until the visitor has reported {@code count} reply items (it returns how
     * many a slot gives: 1 for a member, 2 for a field and its value), {@code 10 * count} more buckets
     * were visited, or the scan ended. Returns the next cursor.
     */
    public final long scanBatch(long cursor, long count, IntUnaryOperator visitor) {
        long budget = count > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : count * 10;
        long[] items = {0};
        long next = cursor;
        do {
            next = scanSlots(next, slot -> items[0] += visitor.applyAsInt(slot));
        } while (next != 0 && budget-- > 0 && items[0] < count);
        return next;
    }

    /** {@link #scanSlots} handing out keys. */
    public final long scanStep(long cursor, Consumer<byte[]> visitor) {
        return scanSlots(cursor, slot -> visitor.accept(keys[slot]));
    }

    /** Visits every entry's slot; the visitor must not insert or remove. */
    public final void forEachSlot(IntConsumer visitor) {
        for (int i = 0; i <= mask; i++) {
            if (keys[i] != null) {
                visitor.accept(i);
            }
        }
    }
}
