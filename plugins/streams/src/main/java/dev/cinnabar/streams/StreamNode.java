// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import dev.cinnabar.spi.Jemalloc;

import java.util.Arrays;

/**
 * One node of a stream: a listpack laid out as Redis's {@code streamAppendItem} lays it out. The master
 * entry ({@code count, deleted, num-fields, field…, 0}) is followed by entries
 * ({@code flags, ms-delta, seq-delta, [num-fields], [field] value…, lp-count}); an entry whose fields are
 * the master's stores only its values (flag SAMEFIELDS), and a deleted entry stays as a tombstone (flag
 * DELETED) until its whole node goes. Entry positions handed out are offsets of an entry's flags element.
 */
final class StreamNode {
    static final int FLAG_DELETED = 1;
    static final int FLAG_SAMEFIELDS = 2;
    /** Redis's {@code STREAM_LISTPACK_MAX_PRE_ALLOCATE}. */
    private static final int MAX_PREALLOCATE = 4096;

    final StreamId master;
    private byte[] lp;
    /**
     * What Redis's allocator would hold for this listpack ({@code zmalloc_size}), which MEMORY USAGE counts:
     * the preallocation of a new node, exact reallocations as it grows past it, a shrink to fit when the
     * stream moves on to a new node. Cinnabar's own buffer grows differently, so it is tracked apart.
     */
    private long redisAllocation;

    private StreamNode(StreamId master, byte[] lp, long redisRequest) {
        this.master = master;
        this.lp = lp;
        this.redisAllocation = Jemalloc.sizeClass(redisRequest);
    }

    /** A node read from RDB: {@code listpack} is taken as is (Redis allocates the string's length for it). */
    static StreamNode of(StreamId master, byte[] listpack) {
        return new StreamNode(master, listpack, listpack.length);
    }

    /** A new node whose master entry takes the fields of its first entry {@code id}. */
    static StreamNode create(StreamId id, byte[][] fieldsAndValues, int maxBytes) {
        int fields = fieldsAndValues.length / 2;
        int size = Listpack.HEADER_SIZE + 1 + Listpack.sizeOf(1) * 2 + Listpack.sizeOf(fields) + Listpack.sizeOf(0);
        for (int i = 0; i < fields; i++) {
            size += Listpack.sizeOf(fieldsAndValues[2 * i]);
        }
        int prealloc = Math.min(MAX_PREALLOCATE, maxBytes > 0 ? maxBytes : MAX_PREALLOCATE);
        StreamNode node = new StreamNode(id, Listpack.empty(Math.max(prealloc, size)),
                Math.max(prealloc, Listpack.HEADER_SIZE + 1));
        node.appendLong(0); // count, raised by the first append
        node.appendLong(0);
        node.appendLong(fields);
        for (int i = 0; i < fields; i++) {
            node.appendBytes(fieldsAndValues[2 * i]);
        }
        node.appendLong(0);
        node.append(id, fieldsAndValues);
        return node;
    }

    /** The listpack's bytes, exactly as Redis would hold them (what RDB stores). */
    byte[] listpack() {
        int total = Listpack.totalBytes(lp);
        return total == lp.length ? lp : Arrays.copyOf(lp, total);
    }

    int bytes() {
        return Listpack.totalBytes(lp);
    }

    /** Bytes Redis 7.0's allocator would hold for this node's listpack ({@code zmalloc_size}). */
    long redisAllocation() {
        return redisAllocation;
    }

    /** Live entries. */
    long count() {
        return Listpack.getLong(lp, Listpack.HEADER_SIZE);
    }

    /** Tombstones. */
    long deleted() {
        return Listpack.getLong(lp, Listpack.next(lp, Listpack.HEADER_SIZE));
    }

    /** Drops spare capacity, as {@code lpShrinkToFit} when Redis moves on to a new node. */
    void shrink() {
        int total = Listpack.totalBytes(lp);
        if (lp.length != total) {
            lp = Arrays.copyOf(lp, total);
        }
        redisAllocation = Math.min(redisAllocation, Jemalloc.sizeClass(total));
    }

    /** Appends entry {@code id} (greater than every id in the node). */
    void append(StreamId id, byte[][] fieldsAndValues) {
        int countPos = Listpack.HEADER_SIZE;
        replaceLong(countPos, count() + 1);
        int fields = fieldsAndValues.length / 2;
        int p = Listpack.next(lp, Listpack.next(lp, countPos));
        long masterFields = Listpack.getLong(lp, p);
        boolean same = masterFields == fields;
        if (same) {
            for (int i = 0; i < fields; i++) {
                p = Listpack.next(lp, p);
                if (!Listpack.equalsBytes(lp, p, fieldsAndValues[2 * i])) {
                    same = false;
                    break;
                }
            }
        }
        appendLong(same ? FLAG_SAMEFIELDS : 0);
        appendLong(id.ms() - master.ms());
        appendLong(id.seq() - master.seq());
        if (!same) {
            appendLong(fields);
        }
        for (int i = 0; i < fields; i++) {
            if (!same) {
                appendBytes(fieldsAndValues[2 * i]);
            }
            appendBytes(fieldsAndValues[2 * i + 1]);
        }
        appendLong(3 + fields + (same ? 0 : fields + 1));
    }

    private int masterFieldCount() {
        return (int) Listpack.getLong(lp, masterFieldsCountPos());
    }

    private int masterFieldsCountPos() {
        return Listpack.next(lp, Listpack.next(lp, Listpack.HEADER_SIZE));
    }

    /** Position of the first entry (deleted or not), or -1. */
    int firstEntry() {
        int p = masterFieldsCountPos();
        int fields = (int) Listpack.getLong(lp, p);
        for (int i = 0; i <= fields; i++) {
            p = Listpack.next(lp, p);
        }
        return Listpack.next(lp, p);
    }

    /** Position of the last entry (deleted or not), or -1. */
    int lastEntry() {
        int p = Listpack.last(lp);
        return entryBefore(p);
    }

    /** The entry after the one at {@code p}, or -1. */
    int nextEntry(int p) {
        int flags = flags(p);
        int q = Listpack.next(lp, Listpack.next(lp, p));
        q = Listpack.next(lp, q); // at num-fields or the first value
        int skip;
        if ((flags & FLAG_SAMEFIELDS) != 0) {
            skip = masterFieldCount();
        } else {
            skip = (int) Listpack.getLong(lp, q) * 2 + 1;
        }
        for (int i = 0; i < skip; i++) {
            q = Listpack.next(lp, q);
        }
        // q is at lp-count
        return Listpack.next(lp, q);
    }

    /** The entry before the one at {@code p}, or -1. */
    int prevEntry(int p) {
        return entryBefore(Listpack.prev(lp, p));
    }

    /** {@code lpCount} points at an entry's lp-count (or the master's zero terminator). */
    private int entryBefore(int lpCount) {
        long n = Listpack.getLong(lp, lpCount);
        if (n == 0) {
            return -1;
        }
        int q = lpCount;
        for (long i = 0; i < n; i++) {
            q = Listpack.prev(lp, q);
        }
        return q;
    }

    int flags(int p) {
        return (int) Listpack.getLong(lp, p);
    }

    boolean isDeleted(int p) {
        return (flags(p) & FLAG_DELETED) != 0;
    }

    StreamId id(int p) {
        int q = Listpack.next(lp, p);
        long ms = master.ms() + Listpack.getLong(lp, q);
        q = Listpack.next(lp, q);
        long seq = master.seq() + Listpack.getLong(lp, q);
        return new StreamId(ms, seq);
    }

    /** The entry's fields and values, flattened. */
    byte[][] fieldsAndValues(int p) {
        int flags = flags(p);
        int q = Listpack.next(lp, Listpack.next(lp, Listpack.next(lp, p)));
        if ((flags & FLAG_SAMEFIELDS) != 0) {
            int fields = masterFieldCount();
            byte[][] out = new byte[fields * 2][];
            int f = Listpack.next(lp, masterFieldsCountPos());
            for (int i = 0; i < fields; i++) {
                out[2 * i] = Listpack.getBytes(lp, f);
                out[2 * i + 1] = Listpack.getBytes(lp, q);
                f = Listpack.next(lp, f);
                q = Listpack.next(lp, q);
            }
            return out;
        }
        int fields = (int) Listpack.getLong(lp, q);
        byte[][] out = new byte[fields * 2][];
        for (int i = 0; i < fields * 2; i++) {
            q = Listpack.next(lp, q);
            out[i] = Listpack.getBytes(lp, q);
        }
        return out;
    }

    /**
     * Flags the entry at {@code p} deleted and moves one from the live count to the tombstone count, as
     * {@code streamIteratorRemoveEntry}; returns the entry's position afterwards (the counters may have
     * changed size).
     */
    int markDeleted(int p) {
        int before = bytes();
        replaceLong(p, flags(p) | FLAG_DELETED);
        int shift = bytes() - before;
        int countPos = Listpack.HEADER_SIZE;
        before = bytes();
        replaceLong(countPos, count() - 1);
        int deletedPos = Listpack.next(lp, countPos);
        replaceLong(deletedPos, Listpack.getLong(lp, deletedPos) + 1);
        return p + shift + (bytes() - before);
    }

    private void appendLong(long v) {
        int total = Listpack.totalBytes(lp);
        int size = Listpack.sizeOf(v);
        ensureCapacity(total + size);
        int end = Listpack.write(lp, total - 1, v);
        lp[end] = (byte) Listpack.EOF;
        Listpack.setTotalBytes(lp, total + size);
        Listpack.countElements(lp, 1);
    }

    private void appendBytes(byte[] value) {
        int total = Listpack.totalBytes(lp);
        int size = Listpack.sizeOf(value);
        ensureCapacity(total + size);
        int end = Listpack.write(lp, total - 1, value);
        lp[end] = (byte) Listpack.EOF;
        Listpack.setTotalBytes(lp, total + size);
        Listpack.countElements(lp, 1);
    }

    /** Replaces the integer element at {@code p}, moving what follows if its size changes. */
    private void replaceLong(int p, long v) {
        int oldSize = Listpack.entrySize(lp, p);
        int newSize = Listpack.sizeOf(v);
        int total = Listpack.totalBytes(lp);
        if (newSize != oldSize) {
            ensureCapacity(total + newSize - oldSize);
            System.arraycopy(lp, p + oldSize, lp, p + newSize, total - p - oldSize);
            Listpack.setTotalBytes(lp, total + newSize - oldSize);
        }
        Listpack.write(lp, p, v);
    }

    private void ensureCapacity(int needed) {
        if (needed > redisAllocation) {
            // lpInsert reallocates to the exact size once the allocation is outgrown
            redisAllocation = Jemalloc.sizeClass(needed);
        }
        if (needed > lp.length) {
            lp = Arrays.copyOf(lp, Math.max(needed, Math.min(lp.length * 2, lp.length + (1 << 20))));
        }
    }

    StreamNode copy() {
        byte[] exact = listpack().clone();
        return new StreamNode(master, exact, exact.length);
    }
}
