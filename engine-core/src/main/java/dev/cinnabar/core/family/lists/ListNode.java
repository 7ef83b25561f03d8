// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.lists;

import dev.cinnabar.core.rdb.Lzf;

import java.util.Arrays;

/**
 * One node of a {@link QuickList}: a packed run of elements in one {@code byte[]}, walkable both ways as a
 * listpack is. An entry is {@code [len][bytes][back]}: {@code len} is the element's length as a
 * little-endian base-128 varint, {@code back} the size of {@code [len][bytes]} as the same varint written
 * backwards, so that the entry before an offset can be found from its last byte. Entries live in
 * {@code buf[start, end)} with free room on both sides, so pushes and pops at either end move nothing.
 * An inner node may be LZF-compressed ({@code list-compress-depth}): its entries are then in {@code lzf}
 * and every other method but {@link #used()}, {@link #allocated()} and {@link #copy()} needs it
 * {@link #decompress() decompressed} or read through {@link #readable()}.
 */
final class ListNode {
    private static final byte[] EMPTY = new byte[0];
    /** Room a new node gets beyond its first entry, so that the next few pushes do not reallocate. */
    private static final int INITIAL_SLACK = 64;
    /** Redis's MIN_COMPRESS_BYTES: smaller nodes are not compressed. */
    private static final int MIN_COMPRESS_BYTES = 48;
    /** Redis's MIN_COMPRESS_IMPROVE: compression must save at least 8 bytes to be kept. */
    private static final int MIN_COMPRESS_IMPROVE = 8;

    byte[] buf = EMPTY;
    int start;
    int end;
    int count;
    ListNode prev;
    ListNode next;
    /** The entries LZF-compressed, or null while the node is raw. */
    private byte[] lzf;
    /** The entries' size while compressed. */
    private int rawSize;
    /** Set when compression did not pay; not tried again until the entries change. */
    private boolean incompressible;

    /** Bytes the entries use (uncompressed). */
    int used() {
        return lzf != null ? rawSize : end - start;
    }

    boolean isCompressed() {
        return lzf != null;
    }

    /**
     * Compresses the entries if the node is large enough and they shrink enough (Redis's
     * {@code __quicklistCompressNode}); otherwise stays raw.
     */
    void compress() {
        int size = end - start;
        if (lzf != null || size < MIN_COMPRESS_BYTES || incompressible) {
            return;
        }
        byte[] in = start == 0 ? buf : Arrays.copyOfRange(buf, start, end);
        // one byte more than the limit, as Lzf.compress requires
        byte[] out = new byte[size + 1];
        int n = Lzf.compress(in, size, out, size);
        if (n == 0 || n + MIN_COMPRESS_IMPROVE >= size) {
            incompressible = true;
            return;
        }
        lzf = Arrays.copyOf(out, n);
        rawSize = size;
        buf = EMPTY;
        start = 0;
        end = 0;
    }

    /** Drops the free room around the entries, for a full node that no push will grow any more. */
    void trim() {
        if (lzf == null && (start > 0 || end < buf.length)) {
            buf = Arrays.copyOfRange(buf, start, end);
            end -= start;
            start = 0;
        }
    }

    /** Makes the node raw again. */
    void decompress() {
        if (lzf != null) {
            buf = inflate();
            start = 0;
            end = rawSize;
            lzf = null;
        }
    }

    /** This node if raw, else an unlinked raw copy of it to read from, leaving this one compressed. */
    ListNode readable() {
        if (lzf == null) {
            return this;
        }
        ListNode view = new ListNode();
        view.buf = inflate();
        view.end = rawSize;
        view.count = count;
        return view;
    }

    private byte[] inflate() {
        byte[] raw = new byte[rawSize];
        if (Lzf.decompress(lzf, 0, lzf.length, raw, rawSize) != rawSize) {
            throw new IllegalStateException("corrupt compressed list node");
        }
        return raw;
    }

    /** Bytes an entry of an element of {@code len} bytes takes. */
    static int entrySize(int len) {
        int body = varintSize(len) + len;
        return body + varintSize(body);
    }

    static int varintSize(int v) {
        if (v < 1 << 7) {
            return 1;
        }
        if (v < 1 << 14) {
            return 2;
        }
        if (v < 1 << 21) {
            return 3;
        }
        return v < 1 << 28 ? 4 : 5;
    }

    /** The element's length at entry offset {@code off}. */
    int length(int off) {
        int v = 0;
        int shift = 0;
        int b;
        do {
            b = buf[off++];
            v |= (b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return v;
    }

    /** Where the bytes of the element at {@code off} begin. */
    int dataOffset(int off) {
        return off + varintSize(length(off));
    }

    /** The offset just past the entry at {@code off}. */
    int nextOffset(int off) {
        return off + entrySize(length(off));
    }

    /** The offset of the entry that ends at {@code off} (the first one ends where the second begins). */
    int prevOffset(int off) {
        int p = off - 1;
        int v = 0;
        int shift = 0;
        int b;
        do {
            b = buf[p--];
            v |= (b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return p + 1 - v;
    }

    /** A copy of the element at {@code off}. */
    byte[] value(int off) {
        int len = length(off);
        int from = off + varintSize(len);
        return Arrays.copyOfRange(buf, from, from + len);
    }

    /** True if the element at {@code off} equals {@code value}. */
    boolean equalsAt(int off, byte[] value) {
        int len = length(off);
        if (len != value.length) {
            return false;
        }
        int from = off + varintSize(len);
        return Arrays.equals(buf, from, from + len, value, 0, len);
    }

    /** The offset of the {@code i}-th entry, walking from the nearer end. */
    int offsetOf(int i) {
        if (i < count / 2) {
            int off = start;
            for (int k = 0; k < i; k++) {
                off = nextOffset(off);
            }
            return off;
        }
        int off = end;
        for (int k = count; k > i; k--) {
            off = prevOffset(off);
        }
        return off;
    }

    void pushHead(byte[] value) {
        int size = entrySize(value.length);
        reserve(size, 0);
        start -= size;
        write(start, value);
        count++;
    }

    void pushTail(byte[] value) {
        int size = entrySize(value.length);
        reserve(0, size);
        write(end, value);
        end += size;
        count++;
    }

    /** Inserts {@code value} so that its entry begins at {@code off} (between {@code start} and {@code end}). */
    void insert(int off, byte[] value) {
        int size = entrySize(value.length);
        int before = off - start;
        reserve(0, size);
        off = start + before;
        System.arraycopy(buf, off, buf, off + size, end - off);
        write(off, value);
        end += size;
        count++;
    }

    /**
     * Removes the entries in {@code [from, to)} that number {@code entries}; returns the offset where the
     * entry that followed them now begins.
     */
    int remove(int from, int to, int entries) {
        count -= entries;
        incompressible = false;
        if (from == start) {
            start = to;
            return to;
        }
        System.arraycopy(buf, to, buf, from, end - to);
        end -= to - from;
        return from;
    }

    /** Replaces the element at {@code off} with {@code value}. */
    void replace(int off, byte[] value) {
        int oldSize = entrySize(length(off));
        int newSize = entrySize(value.length);
        int before = off - start;
        if (newSize > oldSize) {
            reserve(0, newSize - oldSize);
            off = start + before;
        }
        System.arraycopy(buf, off + oldSize, buf, off + newSize, end - off - oldSize);
        end += newSize - oldSize;
        write(off, value);
    }

    /** Moves the entries from {@code off} on into a new node, which is returned (not linked). */
    ListNode splitAt(int off, int entriesBefore) {
        ListNode right = new ListNode();
        right.buf = Arrays.copyOfRange(buf, off, end);
        right.end = right.buf.length;
        right.count = count - entriesBefore;
        incompressible = false;
        end = off;
        count = entriesBefore;
        return right;
    }

    /** A copy, compressed if this node is. */
    ListNode copy() {
        ListNode n = new ListNode();
        n.buf = Arrays.copyOfRange(buf, start, end);
        n.end = n.buf.length;
        n.count = count;
        n.lzf = lzf;
        n.rawSize = rawSize;
        n.incompressible = incompressible;
        return n;
    }

    /** Bytes allocated, for MEMORY USAGE. */
    long allocated() {
        return lzf != null ? lzf.length : buf.length;
    }

    /** Makes room for {@code front} bytes before {@code start} and {@code back} bytes after {@code end}. */
    private void reserve(int front, int back) {
        if (start >= front && buf.length - end >= back) {
            return;
        }
        int used = used();
        int needed = used + front + back;
        // a first entry larger than the slack is likely a node of its own: no room to spare
        // growing by half keeps a node's free room under a third of it, with O(1) amortized pushes
        int capacity = used == 0 ? needed + (needed <= INITIAL_SLACK ? INITIAL_SLACK : 0)
                : Math.max(needed, used + (used >> 1));
        int slack = capacity - needed;
        int newStart = front + (front > 0 ? slack : 0);
        byte[] grown = new byte[capacity];
        System.arraycopy(buf, start, grown, newStart, used);
        buf = grown;
        start = newStart;
        end = newStart + used;
    }

    private void write(int off, byte[] value) {
        incompressible = false;
        int len = value.length;
        int p = off;
        int v = len;
        while (v >= 0x80) {
            buf[p++] = (byte) (v | 0x80);
            v >>>= 7;
        }
        buf[p++] = (byte) v;
        System.arraycopy(value, 0, buf, p, len);
        p += len;
        int body = p - off;
        int backSize = varintSize(body);
        int q = p + backSize - 1;
        v = body;
        while (v >= 0x80) {
            buf[q--] = (byte) (v | 0x80);
            v >>>= 7;
        }
        buf[q] = (byte) v;
    }
}
