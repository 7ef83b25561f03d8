// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.hashes;

import dev.cinnabar.core.structures.ByteMap;
import dev.cinnabar.spi.Arguments;

/**
 * A hash: {@link PackedPairs} ({@code listpack}) while small, a {@link ByteMap} ({@code hashtable}) once
 * it reaches {@code hash-max-listpack-entries} fields or holds a field or value longer than
 * {@code hash-max-listpack-value} bytes. It never converts back, as in Redis. Exactly one of the two
 * representations is non-null.
 */
public final class HashValue {
    /** Receives the pairs of {@link #forEach}. */
    @FunctionalInterface
    public interface PairVisitor {
        void accept(byte[] field, byte[] value);
    }

    private PackedPairs compact;
    private ByteMap<byte[]> table;

    /** An empty hash in the compact encoding. */
    public HashValue() {
        compact = new PackedPairs();
    }

    private HashValue(PackedPairs compact, ByteMap<byte[]> table) {
        this.compact = compact;
        this.table = table;
    }

    /** A hash in the compact encoding holding {@code compact}, for a load from RDB. */
    static HashValue ofCompact(PackedPairs compact) {
        return new HashValue(compact, null);
    }

    /** A hash in the hashtable encoding holding {@code table}, for a load from RDB. */
    static HashValue ofTable(ByteMap<byte[]> table) {
        return new HashValue(null, table);
    }

    public int size() {
        return compact != null ? compact.size() : table.size();
    }

    /** The value of {@code field}, or null. */
    public byte[] get(byte[] field) {
        if (compact != null) {
            int pos = compact.find(field);
            return pos < 0 ? null : compact.value(pos);
        }
        return table.get(field);
    }

    public boolean contains(byte[] field) {
        return compact != null ? compact.find(field) >= 0 : table.contains(field);
    }

    /** Bytes of the value of {@code field}, 0 if it is absent (HSTRLEN). */
    int valueLength(byte[] field) {
        if (compact != null) {
            int pos = compact.find(field);
            return pos < 0 ? 0 : compact.valueLength(pos);
        }
        byte[] v = table.get(field);
        return v == null ? 0 : v.length;
    }

    /**
     * Sets a field ({@code hashTypeSet}): converts first if the field or value is too long for the compact
     * encoding, and after the insert if it now has too many fields.
     *
     * @return true if the field is new
     */
    public boolean set(byte[] field, byte[] value, HashLimits limits) {
        if (compact != null && (field.length > limits.maxValue() || value.length > limits.maxValue())) {
            convert();
        }
        if (table != null) {
            return table.put(field, value) == null;
        }
        int pos = compact.find(field);
        if (pos >= 0) {
            compact.replaceValue(pos, value);
            return false;
        }
        compact.append(field, value);
        if (compact.size() > limits.maxEntries()) {
            convert();
        }
        return true;
    }

    /**
     * Converts to a hashtable if any of {@code args[from..to)} is longer than the compact encoding allows
     * ({@code hashTypeTryConversion}), before the arguments are written.
     */
    void convertForArguments(Arguments args, int from, int to, HashLimits limits) {
        if (compact == null) {
            return;
        }
        for (int i = from; i < to; i++) {
            if (args.get(i).length > limits.maxValue()) {
                convert();
                return;
            }
        }
    }

    /** Removes a field; true if it existed. */
    public boolean remove(byte[] field) {
        if (compact != null) {
            int pos = compact.find(field);
            if (pos < 0) {
                return false;
            }
            compact.remove(pos);
            return true;
        }
        return table.remove(field) != null;
    }

    /** Visits every pair: insertion order in the compact encoding, table order otherwise. */
    public void forEach(PairVisitor visitor) {
        if (compact != null) {
            for (int pos = compact.first(); pos < compact.end(); pos = compact.next(pos)) {
                visitor.accept(compact.field(pos), compact.value(pos));
            }
        } else {
            table.forEachSlot(slot -> visitor.accept(table.keyAt(slot), table.valueAt(slot)));
        }
    }

    /** What OBJECT ENCODING replies. */
    public String encoding() {
        return compact != null ? "listpack" : "hashtable";
    }

    /** The compact representation, or null once converted. */
    PackedPairs compact() {
        return compact;
    }

    /** The hashtable representation, or null while compact. */
    ByteMap<byte[]> table() {
        return table;
    }

    /** A deep copy: nothing is shared with this hash (field and value arrays are never mutated in place). */
    HashValue copy() {
        if (compact != null) {
            return new HashValue(compact.copy(), null);
        }
        ByteMap<byte[]> t = new ByteMap<>();
        table.forEachSlot(slot -> t.put(table.keyAt(slot), table.valueAt(slot)));
        return new HashValue(null, t);
    }

    private void convert() {
        ByteMap<byte[]> t = new ByteMap<>();
        for (int pos = compact.first(); pos < compact.end(); pos = compact.next(pos)) {
            t.put(compact.field(pos), compact.value(pos));
        }
        table = t;
        compact = null;
    }
}
