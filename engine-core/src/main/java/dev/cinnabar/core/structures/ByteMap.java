// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.structures;

/**
 * A hash table from binary keys to values: the {@code hashtable} encoding of hashes and sets and the
 * member index of skiplist sorted sets. Iteration order is slot order; SCAN cursors follow Redis's
 * reverse-binary scheme (see {@link OpenHashTable#scanSlots}).
 *
 * @param <V> the value type; sets use a constant
 */
public final class ByteMap<V> extends OpenHashTable {
    private Object[] values;

    @Override
    protected void allocateEntries(int capacity) {
        values = new Object[capacity];
    }

    @Override
    protected Object detachEntries() {
        return values;
    }

    @Override
    protected void transferEntry(Object detached, int from, int to) {
        values[to] = ((Object[]) detached)[from];
    }

    @Override
    protected void moveEntry(int from, int to) {
        values[to] = values[from];
    }

    @Override
    protected void clearEntry(int slot) {
        values[slot] = null;
    }

    @SuppressWarnings("unchecked")
    public V valueAt(int slot) {
        return (V) values[slot];
    }

    public void setValueAt(int slot, V value) {
        values[slot] = value;
    }

    public V get(byte[] key) {
        int slot = find(key);
        return slot < 0 ? null : valueAt(slot);
    }

    /** Inserts or replaces; returns the previous value, or null when the key is new. */
    public V put(byte[] key, V value) {
        int slot = findOrInsert(key);
        if (slot < 0) {
            values[-slot - 1] = value;
            return null;
        }
        V old = valueAt(slot);
        values[slot] = value;
        return old;
    }

    /** Removes the key; returns its old value, or null when it was absent. */
    public V remove(byte[] key) {
        int slot = find(key);
        if (slot < 0) {
            return null;
        }
        V old = valueAt(slot);
        removeAt(slot);
        return old;
    }
}
