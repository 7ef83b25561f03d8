// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.lists;

import dev.cinnabar.core.rdb.Lzf;
import dev.cinnabar.core.structures.Listpack;
import dev.cinnabar.core.structures.RedisMemory;

import java.util.Arrays;

/**
 * One node of a {@link QuickList}: the entries of a Redis listpack ({@link Listpack}), byte for byte, in
 * {@code buf[start, end)} with free room on both sides, so pushes and pops at either end move nothing. The
 * listpack's header and end byte are not stored; {@link #lpBytes()} counts them. An inner node may be
 * LZF-compressed ({@code list-compress-depth}) as Redis compresses it, header and all: only {@link #lpBytes()},
 * {@link #redisAllocation()} and {@link #copy()} work on it then; everything else needs it
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
    /** sizeof(quicklistLZF) before its data: the compressed size as a size_t. */
    private static final int LZF_HEADER = 8;

    byte[] buf = EMPTY;
    int start;
    int end;
    int count;
    ListNode prev;
    ListNode next;
    /** The listpack LZF-compressed, or null while the node is raw. */
    private byte[] lzf;
    /** The entries' size while compressed. */
    private int rawSize;
    /** Set when compression did not pay; not tried again until the entries change. */
    private boolean incompressible;
    /** Set while a node decompressed for a change should be compressed again afterwards. */
    boolean recompress;

    /** A raw node holding {@code entries}, listpack entries that number {@code count} (an RDB load). */
    static ListNode ofEntries(byte[] entries, int count) {
        ListNode n = new ListNode();
        n.buf = entries;
        n.end = entries.length;
        n.count = count;
        return n;
    }

    /** The LZF-compressed listpack while compressed, else null: what RDB saves for a compressed node. */
    byte[] compressedBytes() {
        return lzf;
    }

    /** The size of this node's listpack in Redis ({@code node->sz}), compressed or not. */
    int lpBytes() {
        return (lzf != null ? rawSize : end - start) + Listpack.OVERHEAD;
    }

    boolean isCompressed() {
        return lzf != null;
    }

    /**
     * Compresses the listpack if it is large enough and shrinks enough (Redis's
     * {@code __quicklistCompressNode}); otherwise stays raw.
     */
    void compress() {
        recompress = false;
        if (lzf != null || incompressible || lpBytes() < MIN_COMPRESS_BYTES) {
            return;
        }
        byte[] lp = Listpack.wrap(buf, start, end, count);
        // one byte more than the limit, as Lzf.compress requires
        byte[] out = new byte[lp.length + 1];
        int n = Lzf.compress(lp, lp.length, out, lp.length);
        if (n == 0 || n + MIN_COMPRESS_IMPROVE >= lp.length) {
            incompressible = true;
            return;
        }
        lzf = Arrays.copyOf(out, n);
        rawSize = end - start;
        buf = EMPTY;
        start = 0;
        end = 0;
    }

    /** Redis's {@code quicklistRecompressOnly}: compresses the node again if it was decompressed for a change. */
    void recompressOnly() {
        if (recompress) {
            compress();
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
        byte[] lp = new byte[rawSize + Listpack.OVERHEAD];
        if (Lzf.decompress(lzf, 0, lzf.length, lp, lp.length) != lp.length) {
            throw new IllegalStateException("corrupt compressed list node");
        }
        return Listpack.unwrap(lp);
    }

    /** Drops the free room around the entries, for a full node that no push will grow any more. */
    void trim() {
        if (lzf == null && (start > 0 || end < buf.length)) {
            buf = Arrays.copyOfRange(buf, start, end);
            end -= start;
            start = 0;
        }
    }

    /** The offset just past the entry at {@code off}. */
    int nextOffset(int off) {
        return off + Listpack.sizeAt(buf, off);
    }

    /** The offset of the entry that ends at {@code off} (the first one ends where the second begins). */
    int prevOffset(int off) {
        return Listpack.prevOffset(buf, off);
    }

    /** The element at {@code off}, as a new array. */
    byte[] value(int off) {
        return Listpack.value(buf, off);
    }

    /** True if the element at {@code off} equals {@code value}. */
    boolean equalsAt(int off, byte[] value) {
        return Listpack.equalsAt(buf, off, value);
    }

    /** True if an element equals {@code value}. */
    boolean contains(byte[] value) {
        for (int off = start; off < end; off = nextOffset(off)) {
            if (equalsAt(off, value)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Removes up to {@code limit} elements equal to {@code value}, the first ones if {@code fromHead}, else
     * the last ones; returns how many.
     */
    int removeAll(byte[] value, long limit, boolean fromHead) {
        int removed = 0;
        if (fromHead) {
            int off = start;
            while (off < end && removed < limit) {
                int to = nextOffset(off);
                if (equalsAt(off, value)) {
                    off = remove(off, to, 1);
                    removed++;
                } else {
                    off = to;
                }
            }
        } else {
            int to = end;
            while (to > start && removed < limit) {
                int off = prevOffset(to);
                if (equalsAt(off, value)) {
                    remove(off, to, 1);
                    removed++;
                }
                to = off;
            }
        }
        return removed;
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
        int size = Listpack.entrySize(value);
        reserve(size, 0);
        start -= size;
        written(start, value);
        count++;
    }

    void pushTail(byte[] value) {
        int size = Listpack.entrySize(value);
        reserve(0, size);
        end += size;
        written(end - size, value);
        count++;
    }

    /** Inserts {@code value} so that its entry begins at {@code off} (between {@code start} and {@code end}). */
    void insert(int off, byte[] value) {
        int size = Listpack.entrySize(value);
        int before = off - start;
        reserve(0, size);
        off = start + before;
        System.arraycopy(buf, off, buf, off + size, end - off);
        end += size;
        written(off, value);
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
        int oldSize = Listpack.sizeAt(buf, off);
        int newSize = Listpack.entrySize(value);
        int before = off - start;
        if (newSize > oldSize) {
            reserve(0, newSize - oldSize);
            off = start + before;
        }
        System.arraycopy(buf, off + oldSize, buf, off + newSize, end - off - oldSize);
        end += newSize - oldSize;
        written(off, value);
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

    /** Moves the {@code entries} entries before {@code off} into a new node, which is returned (not linked). */
    ListNode splitHead(int off, int entries) {
        ListNode left = new ListNode();
        left.buf = Arrays.copyOfRange(buf, start, off);
        left.end = left.buf.length;
        left.count = entries;
        incompressible = false;
        start = off;
        count -= entries;
        return left;
    }

    /** Takes every entry of the raw node {@code other}, after this node's if {@code append}, else before. */
    void absorb(ListNode other, boolean append) {
        int size = other.end - other.start;
        if (append) {
            reserve(0, size);
            System.arraycopy(other.buf, other.start, buf, end, size);
            end += size;
        } else {
            reserve(size, 0);
            start -= size;
            System.arraycopy(other.buf, other.start, buf, start, size);
        }
        count += other.count;
        incompressible = false;
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

    /**
     * What Redis allocates for this node's data ({@code zmalloc_size(node->entry)}): its listpack, or the
     * compressed form after its size field.
     */
    long redisAllocation() {
        return RedisMemory.allocation(lzf != null ? LZF_HEADER + (long) lzf.length : lpBytes());
    }

    /** Makes room for {@code front} bytes before {@code start} and {@code back} bytes after {@code end}. */
    private void reserve(int front, int back) {
        if (start >= front && buf.length - end >= back) {
            return;
        }
        int used = end - start;
        int needed = used + front + back;
        // a first entry larger than the slack is likely a node of its own: no room to spare; growing by
        // half keeps a node's free room under a third of it, with O(1) amortized pushes
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

    /** Writes the entry of {@code value} at {@code off}, where room was made for it. */
    private void written(int off, byte[] value) {
        Listpack.write(buf, off, value);
        incompressible = false;
    }
}
