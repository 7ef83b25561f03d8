// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.lists;

/**
 * A list as Redis 7.0 stores it ({@code quicklist.c}): a doubly linked list of packed nodes, each holding as
 * many elements as {@code list-max-listpack-size} allows. Pushes and pops at either end are O(1); access by
 * index walks whole nodes from the nearer end. With a {@code list-compress-depth} of N, every node but the N at
 * each end is LZF-compressed once touched, as Redis compresses them.
 */
public final class QuickList {
    /** Redis's SIZE_SAFETY_LIMIT: a node limited by entry count still never grows past 8 KB. */
    private static final int SIZE_SAFETY_LIMIT = 8192;
    /** Redis's FILL_MAX: the largest entry count per node. */
    private static final int FILL_MAX = (1 << 15) - 1;
    /** Redis's SIZE_ESTIMATE_OVERHEAD: what a node's size check adds for the new entry's header. */
    private static final int SIZE_ESTIMATE_OVERHEAD = 8;

    private final int fill;
    private final int compressDepth;
    private ListNode head;
    private ListNode tail;
    private long size;
    private int nodes;

    /**
     * @param fill          {@code list-max-listpack-size}: -1 to -5 limit a node to 4, 8, 16, 32 or 64 KB,
     *                      a positive value to that many entries (clamped as Redis clamps it)
     * @param compressDepth {@code list-compress-depth}
     */
    public QuickList(int fill, int compressDepth) {
        this.fill = Math.max(-5, Math.min(fill, FILL_MAX));
        this.compressDepth = compressDepth;
    }

    public long size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The {@code list-compress-depth} the list was created with. */
    public int compressDepth() {
        return compressDepth;
    }

    /** Nodes in the list (the offline tools follow where a list being pushed to opens a new node). */
    public int nodeCount() {
        return nodes;
    }

    /** The first node, for walks over the nodes (MEMORY USAGE, tests); null when empty. */
    ListNode head() {
        return head;
    }

    public void pushHead(byte[] value) {
        if (!allowInsert(head, value.length)) {
            ListNode full = head;
            linkBefore(head, new ListNode());
            if (full != null) {
                full.trim();
                compress(full);
            }
        }
        open(head).pushHead(value);
        size++;
    }

    public void pushTail(byte[] value) {
        if (!allowInsert(tail, value.length)) {
            ListNode full = tail;
            linkAfter(tail, new ListNode());
            if (full != null) {
                full.trim();
                compress(full);
            }
        }
        open(tail).pushTail(value);
        size++;
    }

    public void push(byte[] value, boolean toHead) {
        if (toHead) {
            pushHead(value);
        } else {
            pushTail(value);
        }
    }

    /** Removes and returns the first element, or null if the list is empty. */
    public byte[] popHead() {
        if (head == null) {
            return null;
        }
        ListNode n = open(head);
        int next = n.nextOffset(n.start);
        byte[] value = n.value(n.start);
        removeEntries(n, n.start, next, 1);
        return value;
    }

    /** Removes and returns the last element, or null if the list is empty. */
    public byte[] popTail() {
        if (tail == null) {
            return null;
        }
        ListNode n = open(tail);
        int off = n.prevOffset(n.end);
        byte[] value = n.value(off);
        removeEntries(n, off, n.end, 1);
        return value;
    }

    public byte[] pop(boolean fromHead) {
        return fromHead ? popHead() : popTail();
    }

    /** The element at {@code index} (0-based from the head), or null if out of range. */
    public byte[] get(long index) {
        if (index < 0 || index >= size) {
            return null;
        }
        return cursor(index, true).next();
    }

    /**
     * Replaces the element at {@code index}; false if out of range. As in Redis 7.0 the node takes the new
     * element whatever its size.
     */
    public boolean set(long index, byte[] value) {
        if (index < 0 || index >= size) {
            return false;
        }
        Position at = locate(index);
        ListNode n = open(at.node());
        n.replace(n.offsetOf(at.inNode()), value);
        compress(n);
        return true;
    }

    /**
     * Inserts {@code value} before or after the first element equal to {@code pivot}, searching from the
     * head; false if there is no such element.
     */
    public boolean insert(byte[] pivot, byte[] value, boolean after) {
        for (ListNode n = head; n != null; n = n.next) {
            ListNode view = n.readable();
            int i = 0;
            for (int off = view.start; off < view.end; off = view.nextOffset(off), i++) {
                if (view.equalsAt(off, pivot)) {
                    // a decompressed node has the layout of its readable copy
                    insertAt(openForUse(n), off, i, after, value);
                    return true;
                }
            }
            // Redis's iterator settles the compression around each node it leaves
            compress(n);
        }
        return false;
    }

    /** Removes {@code count} elements from {@code start} on (both within the list). */
    public void removeRange(long start, long count) {
        if (count <= 0) {
            return;
        }
        Position at = locate(start);
        ListNode n = at.node();
        int skip = at.inNode();
        long left = count;
        while (left > 0) {
            ListNode next = n.next;
            if (skip == 0 && n.count <= left) {
                left -= n.count;
                size -= n.count;
                unlink(n);
            } else {
                open(n);
                int from = n.offsetOf(skip);
                int to = from;
                int entries = 0;
                while (to < n.end && entries < left) {
                    to = n.nextOffset(to);
                    entries++;
                }
                removeEntries(n, from, to, entries);
                left -= entries;
                compress(n);
            }
            n = next;
            skip = 0;
        }
    }

    /**
     * Removes elements equal to {@code value}: the first {@code count} from the head if positive, the last
     * {@code -count} from the tail if negative, all if zero. Returns how many were removed.
     */
    public long removeMatching(byte[] value, long count) {
        // Redis negates a negative count in place: -Long.MIN_VALUE stays negative and never stops the scan
        long limit = count == 0 || count == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(count);
        long removed = 0;
        boolean fromHead = count >= 0;
        for (ListNode n = fromHead ? head : tail; n != null && removed < limit; ) {
            ListNode following = fromHead ? n.next : n.prev;
            // a node without a match is left as it is, compressed or not
            if (n.readable().contains(value)) {
                int taken = open(n).removeAll(value, limit - removed, fromHead);
                removed += taken;
                size -= taken;
                if (n.count == 0) {
                    unlink(n);
                } else {
                    compress(n);
                }
            }
            n = following;
        }
        return removed;
    }

    /**
     * Appends a whole node of listpack {@code entries} that number {@code count}, whatever the fill, as
     * Redis's {@code quicklistAppendListpack} does when it loads a quicklist from RDB.
     */
    void appendNode(byte[] entries, int count) {
        ListNode previous = tail;
        linkAfter(tail, ListNode.ofEntries(entries, count));
        size += count;
        compress(previous);
    }

    /** A cursor on the element at {@code index} (within the list) that moves toward the tail or the head. */
    public ListCursor cursor(long index, boolean forward) {
        Position at = locate(index);
        return new ListCursor(at.node(), at.inNode(), forward);
    }

    /** A node and an entry in it. */
    private record Position(ListNode node, int inNode) {
    }

    /** The node holding element {@code index} (within the list), walking whole nodes from the nearer end. */
    private Position locate(long index) {
        ListNode n;
        long first;
        if (index < size / 2) {
            n = head;
            first = 0;
            while (first + n.count <= index) {
                first += n.count;
                n = n.next;
            }
        } else {
            n = tail;
            first = size - n.count;
            while (first > index) {
                n = n.prev;
                first -= n.count;
            }
        }
        return new Position(n, (int) (index - first));
    }

    /** A deep copy with the same node settings. */
    public QuickList copy() {
        QuickList c = new QuickList(fill, compressDepth);
        for (ListNode n = head; n != null; n = n.next) {
            c.linkAfter(c.tail, n.copy());
        }
        c.size = size;
        return c;
    }

    /** Bytes a node may hold under a negative fill; the safety limit under a positive one. */
    private static long nodeLimit(int fill) {
        return fill < 0 ? 4096L << (-fill - 1) : SIZE_SAFETY_LIMIT;
    }

    /**
     * Redis's {@code _quicklistNodeAllowInsert}: whether {@code n} may take one more element of {@code len}
     * bytes, judged by the size of its listpack.
     */
    private boolean allowInsert(ListNode n, int len) {
        return n != null && allowsInsert(fill, n.lpBytes(), n.count, len);
    }

    /**
     * Redis's {@code _quicklistNodeAllowInsert} for a node of {@code count} elements in {@code listpackBytes}
     * under {@code list-max-listpack-size} {@code fill}: whether it may take one more element of {@code len}
     * bytes (also for a writer that cuts nodes as a quicklist does without building one).
     */
    public static boolean allowsInsert(int fill, long listpackBytes, long count, int len) {
        if (listpackBytes + len + SIZE_ESTIMATE_OVERHEAD > nodeLimit(fill)) {
            return false;
        }
        return fill < 0 || count < fill;
    }

    /**
     * Inserts {@code value} beside the entry at {@code off}, the {@code index}-th of the raw node {@code n},
     * as Redis 7.0's {@code _quicklistInsert}: into {@code n} if it has room; else, when the new element
     * goes at an end of {@code n}, at the near end of the neighbour there if it has room, or else into a new
     * node of its own; else by splitting {@code n} at the pivot and merging what can be merged around it.
     */
    private void insertAt(ListNode n, int off, int index, boolean after, byte[] value) {
        size++;
        int len = value.length;
        boolean atTail = after && index == n.count - 1;
        boolean atHead = !after && index == 0;
        if (allowInsert(n, len)) {
            n.insert(after ? n.nextOffset(off) : off, value);
            n.recompressOnly();
        } else if (atTail && allowInsert(n.next, len)) {
            openForUse(n.next).pushHead(value);
            n.next.recompressOnly();
            n.recompressOnly();
        } else if (atHead && allowInsert(n.prev, len)) {
            openForUse(n.prev).pushTail(value);
            n.prev.recompressOnly();
            n.recompressOnly();
        } else if (atTail || atHead) {
            // the new node is left raw, as Redis leaves it until something compresses around it
            ListNode single = new ListNode();
            single.pushTail(value);
            if (after) {
                linkAfter(n, single);
            } else {
                linkBefore(n, single);
            }
            compress(n);
        } else {
            ListNode part;
            if (after) {
                part = n.splitAt(n.nextOffset(off), index + 1);
                part.pushHead(value);
                linkAfter(n, part);
            } else {
                part = n.splitHead(off, index);
                part.pushTail(value);
                linkBefore(n, part);
            }
            compress(n);
            mergeAround(n);
        }
    }

    /**
     * Redis 7.0's {@code _quicklistMergeNodes}: merges the pair before {@code center} and the pair after it
     * where they fit, then center with the node before it, then the result with the node after.
     */
    private void mergeAround(ListNode center) {
        ListNode prev = center.prev;
        ListNode next = center.next;
        if (prev != null && allowMerge(prev.prev, prev)) {
            merge(prev.prev, prev);
        }
        if (next != null && allowMerge(next, next.next)) {
            merge(next, next.next);
        }
        ListNode target = allowMerge(center.prev, center) ? merge(center.prev, center) : center;
        if (allowMerge(target, target.next)) {
            merge(target, target.next);
        }
    }

    /**
     * Redis 7.0's {@code _quicklistNodeAllowMerge}: whether {@code a} and {@code b} fit in one node, estimating
     * the merged listpack as their sizes less 11 bytes (the ziplist header and end that 7.0 still subtracts).
     */
    private boolean allowMerge(ListNode a, ListNode b) {
        if (a == null || b == null) {
            return false;
        }
        long merged = (long) a.lpBytes() + b.lpBytes() - 11;
        if (fill < 0) {
            return merged <= nodeLimit(fill);
        }
        return merged <= SIZE_SAFETY_LIMIT && a.count + b.count <= fill;
    }

    /**
     * Merges adjacent {@code first} and {@code second} into the one with the larger listpack, as Redis's
     * {@code lpMerge} keeps the larger; returns the node kept.
     */
    private ListNode merge(ListNode first, ListNode second) {
        open(first);
        open(second);
        ListNode keep = first.lpBytes() >= second.lpBytes() ? first : second;
        ListNode gone = keep == first ? second : first;
        keep.absorb(gone, keep == first);
        keep.recompress = false;
        unlink(gone);
        compress(keep);
        return keep;
    }

    /**
     * Redis's {@code __quicklistCompress}: the {@code list-compress-depth} nodes at each end are raw, the
     * first node beyond them on each side is compressed, and so is {@code touched} unless it lies within
     * them. Called after every change, it keeps every inner node that was touched compressed.
     */
    private void compress(ListNode touched) {
        if (compressDepth == 0 || nodes < 2L * compressDepth) {
            return;
        }
        ListNode forward = head;
        ListNode reverse = tail;
        boolean inDepth = false;
        for (int depth = 0; depth < compressDepth; depth++) {
            forward.decompress();
            reverse.decompress();
            if (forward == touched || reverse == touched) {
                inDepth = true;
            }
            if (forward == reverse || forward.next == reverse) {
                return;
            }
            forward = forward.next;
            reverse = reverse.prev;
        }
        if (!inDepth && touched != null) {
            touched.compress();
        }
        forward.compress();
        reverse.compress();
    }

    /** {@code n}, decompressed so that its entries can change. */
    private static ListNode open(ListNode n) {
        n.decompress();
        return n;
    }

    /**
     * {@code n} decompressed as Redis's {@code quicklistDecompressNodeForUse}: a node that was compressed is
     * marked to be compressed again by {@link ListNode#recompressOnly()}.
     */
    private static ListNode openForUse(ListNode n) {
        if (n.isCompressed()) {
            n.decompress();
            n.recompress = true;
        }
        return n;
    }

    /**
     * Removes entries {@code [from, to)} of {@code n}, dropping the node when it empties; returns where the
     * entry that followed them now begins.
     */
    private int removeEntries(ListNode n, int from, int to, int entries) {
        int off = n.remove(from, to, entries);
        size -= entries;
        if (n.count == 0) {
            unlink(n);
        }
        return off;
    }

    private void linkAfter(ListNode at, ListNode n) {
        n.prev = at;
        n.next = at == null ? head : at.next;
        if (n.next != null) {
            n.next.prev = n;
        } else {
            tail = n;
        }
        if (at != null) {
            at.next = n;
        } else {
            head = n;
        }
        nodes++;
    }

    private void linkBefore(ListNode at, ListNode n) {
        linkAfter(at == null ? tail : at.prev, n);
    }

    private void unlink(ListNode n) {
        if (n.prev != null) {
            n.prev.next = n.next;
        } else {
            head = n.next;
        }
        if (n.next != null) {
            n.next.prev = n.prev;
        } else {
            tail = n.prev;
        }
        n.prev = null;
        n.next = null;
        nodes--;
        // a node within the depth at either end may have been an inner, compressed one
        compress(null);
    }
}
