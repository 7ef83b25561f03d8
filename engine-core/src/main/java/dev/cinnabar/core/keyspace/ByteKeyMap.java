// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.keyspace;

import dev.cinnabar.core.structures.OpenHashTable;

/**
 * The keyspace's table: binary keys to values, with an optional expiry per entry stored in the same slot
 * (one probe answers "value and TTL") and an LRU clock per entry.
 */
public final class ByteKeyMap extends OpenHashTable {
    private Object[] values;
    /** Unix-ms expiry per slot, 0 = none; allocated on first use. */
    private long[] expiries;
    /** Last access per slot on Redis's 24-bit LRU clock (seconds), for OBJECT IDLETIME. */
    private int[] clocks;

    private record Entries(Object[] values, long[] expiries, int[] clocks) {
    }

    private static final TableImage[] NO_IMAGES = new TableImage[0];
    /** Open images of this table, which copy a segment of slots before it changes. Engine thread only. */
    private TableImage[] images = NO_IMAGES;

    /** The slot arrays as they are now, for an image that reads them until they change. */
    record Slots(byte[][] keys, int[] hashes, Object[] values, long[] expiries, int[] clocks) {
    }

    Slots slots() {
        return new Slots(keyArray(), hashArray(), values, expiries, clocks);
    }

    void addImage(TableImage image) {
        TableImage[] now = java.util.Arrays.copyOf(images, images.length + 1);
        now[images.length] = image;
        images = now;
    }

    void removeImage(TableImage image) {
        images = java.util.Arrays.stream(images).filter(i -> i != image).toArray(TableImage[]::new);
    }

    @Override
    protected void beforeSlotChange(int slot) {
        for (TableImage image : images) {
            image.beforeChange(slot);
        }
    }

    /** The arrays an image reads are never changed again once replaced: the images need no more calls. */
    @Override
    protected void beforeReallocate() {
        images = NO_IMAGES;
    }

    @Override
    protected void allocateEntries(int capacity) {
        values = new Object[capacity];
        clocks = new int[capacity];
        expiries = null;
    }

    @Override
    protected Object detachEntries() {
        return new Entries(values, expiries, clocks);
    }

    @Override
    protected void transferEntry(Object detached, int from, int to) {
        Entries old = (Entries) detached;
        values[to] = old.values[from];
        clocks[to] = old.clocks[from];
        if (old.expiries != null) {
            setExpiryAt(to, old.expiries[from]);
        }
    }

    @Override
    protected void moveEntry(int from, int to) {
        values[to] = values[from];
        clocks[to] = clocks[from];
        if (expiries != null) {
            expiries[to] = expiries[from];
        }
    }

    @Override
    protected void clearEntry(int slot) {
        values[slot] = null;
        clocks[slot] = 0;
        if (expiries != null) {
            expiries[slot] = 0;
        }
    }

    public Object valueAt(int slot) {
        return values[slot];
    }

    public void setValueAt(int slot, Object value) {
        beforeSlotChange(slot);
        values[slot] = value;
    }

    public long expiryAt(int slot) {
        return expiries == null ? 0 : expiries[slot];
    }

    public void setExpiryAt(int slot, long unixMillis) {
        beforeSlotChange(slot);
        if (expiries == null) {
            if (unixMillis == 0) {
                return;
            }
            expiries = new long[capacity()];
        }
        expiries[slot] = unixMillis;
    }

    public int clockAt(int slot) {
        return clocks[slot];
    }

    public void setClockAt(int slot, int clock) {
        beforeSlotChange(slot);
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
        int slot = findOrInsert(key);
        if (slot < 0) {
            slot = -slot - 1;
        } else {
            beforeSlotChange(slot);
        }
        values[slot] = value;
        return slot;
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
}
