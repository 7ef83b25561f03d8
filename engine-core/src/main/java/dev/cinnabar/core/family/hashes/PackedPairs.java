// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.hashes;

import java.util.Arrays;

/**
 * The {@code listpack} encoding of a hash: field/value pairs in insertion order packed into one byte
 * array, each entry a LEB128 length followed by its bytes, fields and values alternating. As with Redis's
 * listpack, lookups are linear scans, an update keeps the pair's place and a removal closes the gap.
 * Positions handed out are byte offsets of a pair's field entry, valid until the next change.
 */
final class PackedPairs {
    private static final byte[] EMPTY = new byte[0];

    private byte[] data;
    private int used;
    private int pairs;

    PackedPairs() {
        data = EMPTY;
    }

    private PackedPairs(byte[] data, int used, int pairs) {
        this.data = data;
        this.used = used;
        this.pairs = pairs;
    }

    int size() {
        return pairs;
    }

    /** Bytes in use, for tests of compactness. */
    int usedBytes() {
        return used;
    }

    /** The offset just past the last pair: where {@link #next} ends. */
    int end() {
        return used;
    }

    /** The position of the first pair (equal to {@link #end()} when empty). */
    int first() {
        return 0;
    }

    /** The position of the pair after the one at {@code pos}. */
    int next(int pos) {
        return skip(skip(pos));
    }

    /** The position of {@code field}'s pair, or -1. */
    int find(byte[] field) {
        int pos = 0;
        while (pos < used) {
            int len = readLength(pos);
            int start = pos + lengthSize(len);
            if (len == field.length && Arrays.equals(data, start, start + len, field, 0, len)) {
                return pos;
            }
            pos = skip(start + len);
        }
        return -1;
    }

    byte[] field(int pos) {
        return entry(pos);
    }

    byte[] value(int pos) {
        return entry(skip(pos));
    }

    /** Bytes of the value of the pair at {@code pos}, without copying it (HSTRLEN). */
    int valueLength(int pos) {
        return readLength(skip(pos));
    }

    /** The positions of all pairs in order: random access for sampling. */
    int[] positions() {
        int[] out = new int[pairs];
        int pos = 0;
        for (int i = 0; i < pairs; i++) {
            out[i] = pos;
            pos = next(pos);
        }
        return out;
    }

    /** Adds a pair at the end; the caller knows {@code field} is absent. */
    void append(byte[] field, byte[] value) {
        int need = entrySize(field) + entrySize(value);
        ensureCapacity(used + need);
        used = write(used, field);
        used = write(used, value);
        pairs++;
    }

    /** Replaces the value of the pair at {@code pos}, keeping its place. */
    void replaceValue(int pos, byte[] value) {
        int at = skip(pos);
        int oldSize = skip(at) - at;
        int newSize = entrySize(value);
        if (newSize != oldSize) {
            ensureCapacity(used - oldSize + newSize);
            System.arraycopy(data, at + oldSize, data, at + newSize, used - at - oldSize);
            used += newSize - oldSize;
        }
        write(at, value);
    }

    /** Removes the pair at {@code pos}. */
    void remove(int pos) {
        int after = next(pos);
        System.arraycopy(data, after, data, pos, used - after);
        used -= after - pos;
        pairs--;
        if (used < data.length / 4) {
            data = Arrays.copyOf(data, used * 2);
        }
    }

    PackedPairs copy() {
        return new PackedPairs(Arrays.copyOf(data, used), used, pairs);
    }

    private void ensureCapacity(int capacity) {
        if (capacity > data.length) {
            // grow by half as much again, as an ArrayList does: appends stay amortized O(1) per byte
            data = Arrays.copyOf(data, Math.max(capacity, data.length + (data.length >> 1)));
        }
    }

    private byte[] entry(int at) {
        int len = readLength(at);
        int start = at + lengthSize(len);
        return Arrays.copyOfRange(data, start, start + len);
    }

    /** The offset of the entry after the one at {@code at}. */
    private int skip(int at) {
        int len = readLength(at);
        return at + lengthSize(len) + len;
    }

    private int readLength(int at) {
        int len = 0;
        int shift = 0;
        int b;
        do {
            b = data[at++];
            len |= (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0);
        return len;
    }

    private int write(int at, byte[] s) {
        int len = s.length;
        while (len >= 0x80) {
            data[at++] = (byte) (len | 0x80);
            len >>>= 7;
        }
        data[at++] = (byte) len;
        System.arraycopy(s, 0, data, at, s.length);
        return at + s.length;
    }

    private static int entrySize(byte[] s) {
        return lengthSize(s.length) + s.length;
    }

    private static int lengthSize(int len) {
        return len < (1 << 7) ? 1 : len < (1 << 14) ? 2 : len < (1 << 21) ? 3 : len < (1 << 28) ? 4 : 5;
    }
}
