// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.lists;

/**
 * A list as Redis 7.0 stores it ({@code quicklist.c}): a doubly linked list of packed nodes, each holding as
 * many elements as {@code list-max-listpack-size} allows. Pushes and pops at either end are O(1); access by
 * index walks whole nodes from the nearer end. Inner nodes are not LZF-compressed: {@code list-compress-depth}
 * is kept with the list but changes nothing in memory.
 */
public final class QuickList {
    /** Redis's SIZE_SAFETY_LIMIT: a node limited by entry count still never grows past 8 KB. */
    private static final int SIZE_SAFETY_LIMIT = 8192;
    /** Redis's FILL_MAX: the largest entry count per node. */
    private static final int FILL_MAX = (1 << 15) - 1;
    /** sizeof(robj) + sizeof(quicklist) on 64-bit Redis. */
    private static final long HEADER_BYTES = 16 + 40;
    /** sizeof(quicklistNode) on 64-bit Redis. */
    private static final long NODE_BYTES = 32;

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

    int nodeCount() {
        return nodes;
    }

    public void pushHead(byte[] value) {
        if (!allowInsert(head, value.length)) {
            linkBefore(head, new ListNode());
        }
        head.pushHead(value);
        size++;
    }

    public void pushTail(byte[] value) {
        if (!allowInsert(tail, value.length)) {
            linkAfter(tail, new ListNode());
        }
        tail.pushTail(value);
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
        ListNode n = head;
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
        ListNode n = tail;
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
        Cursor c = cursor(index, true);
        return c.node.value(c.off);
    }

    /** Replaces the element at {@code index}; false if out of range. */
    public boolean set(long index, byte[] value) {
        if (index < 0 || index >= size) {
            return false;
        }
        Cursor c = cursor(index, true);
        ListNode n = c.node;
        int oldSize = ListNode.entrySize(n.length(c.off));
        if (n.count == 1 || n.used() - oldSize + ListNode.entrySize(value.length) <= nodeLimit()) {
            n.replace(c.off, value);
            return true;
        }
        int off = n.remove(c.off, n.nextOffset(c.off), 1);
        size--;
        insertAt(n, off, c.inNode, value);
        return true;
    }

    /**
     * Inserts {@code value} before or after the first element equal to {@code pivot}, searching from the
     * head; false if there is no such element.
     */
    public boolean insert(byte[] pivot, byte[] value, boolean after) {
        for (ListNode n = head; n != null; n = n.next) {
            int i = 0;
            for (int off = n.start; off < n.end; off = n.nextOffset(off), i++) {
                if (n.equalsAt(off, pivot)) {
                    if (after) {
                        insertAt(n, n.nextOffset(off), i + 1, value);
                    } else {
                        insertAt(n, off, i, value);
                    }
                    return true;
                }
            }
        }
        return false;
    }

    /** Removes {@code count} elements from {@code start} on (both within the list). */
    public void removeRange(long start, long count) {
        Cursor c = count > 0 ? cursor(start, true) : null;
        ListNode n = c == null ? null : c.node;
        int off = c == null ? 0 : c.off;
        long left = count;
        while (left > 0) {
            ListNode next = n.next;
            if (off == n.start && n.count <= left) {
                left -= n.count;
                unlink(n);
                size -= n.count;
            } else {
                int to = off;
                int entries = 0;
                while (to < n.end && entries < left) {
                    to = n.nextOffset(to);
                    entries++;
                }
                removeEntries(n, off, to, entries);
                left -= entries;
            }
            n = next;
            off = n == null ? 0 : n.start;
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
        if (count >= 0) {
            for (ListNode n = head; n != null && removed < limit; ) {
                ListNode next = n.next;
                int off = n.start;
                while (off < n.end && removed < limit) {
                    int to = n.nextOffset(off);
                    if (n.equalsAt(off, value)) {
                        off = removeEntries(n, off, to, 1);
                        removed++;
                    } else {
                        off = to;
                    }
                }
                n = next;
            }
        } else {
            for (ListNode n = tail; n != null && removed < limit; ) {
                ListNode prev = n.prev;
                int end = n.end;
                while (end > n.start && removed < limit) {
                    int off = n.prevOffset(end);
                    if (n.equalsAt(off, value)) {
                        removeEntries(n, off, end, 1);
                        removed++;
                        if (n.count == 0) {
                            break;
                        }
                    }
                    end = off;
                }
                n = prev;
            }
        }
        return removed;
    }

    /** A cursor on the element at {@code index} (within the list) that moves toward the tail or the head. */
    public Cursor cursor(long index, boolean forward) {
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
        int inNode = (int) (index - first);
        return new Cursor(n, n.offsetOf(inNode), inNode, forward);
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

    /** Approximate bytes used, counted as Redis's {@code objectComputeSize} counts a quicklist. */
    public long memoryUsage() {
        long bytes = HEADER_BYTES;
        for (ListNode n = head; n != null; n = n.next) {
            bytes += NODE_BYTES + n.allocated();
        }
        return bytes;
    }

    /** An iterator toward the tail or the head that can also compare elements in place (LPOS). */
    public final class Cursor {
        private ListNode node;
        private int off;
        private int inNode;
        private final boolean forward;

        private Cursor(ListNode node, int off, int inNode, boolean forward) {
            this.node = node;
            this.off = off;
            this.inNode = inNode;
            this.forward = forward;
        }

        public boolean hasNext() {
            return node != null;
        }

        /** The current element (a copy); moves on. */
        public byte[] next() {
            byte[] v = node.value(off);
            advance();
            return v;
        }

        /** True if the current element equals {@code value}; moves on. */
        public boolean nextEquals(byte[] value) {
            boolean eq = node.equalsAt(off, value);
            advance();
            return eq;
        }

        private void advance() {
            if (forward) {
                off = node.nextOffset(off);
                inNode++;
                if (off >= node.end) {
                    node = node.next;
                    off = node == null ? 0 : node.start;
                    inNode = 0;
                }
            } else if (off > node.start) {
                off = node.prevOffset(off);
                inNode--;
            } else {
                node = node.prev;
                if (node != null) {
                    off = node.prevOffset(node.end);
                    inNode = node.count - 1;
                }
            }
        }
    }

    /** Bytes a node may hold under a negative fill; the safety limit under a positive one. */
    private int nodeLimit() {
        return fill < 0 ? 4096 << (-fill - 1) : SIZE_SAFETY_LIMIT;
    }

    /** Redis's {@code _quicklistNodeAllowInsert}: whether {@code n} may take one more element of {@code len}. */
    private boolean allowInsert(ListNode n, int len) {
        if (n == null) {
            return false;
        }
        long newSize = (long) n.used() + ListNode.entrySize(len);
        if (newSize > nodeLimit()) {
            return false;
        }
        return fill < 0 || n.count < fill;
    }

    /** Inserts {@code value} at entry offset {@code off} of {@code n}, which has {@code before} entries before it. */
    private void insertAt(ListNode n, int off, int before, byte[] value) {
        size++;
        if (allowInsert(n, value.length)) {
            n.insert(off, value);
        } else if (off == n.end && allowInsert(n.next, value.length)) {
            n.next.pushHead(value);
        } else if (off == n.start && allowInsert(n.prev, value.length)) {
            n.prev.pushTail(value);
        } else if (off == n.end) {
            linkAfter(n, single(value));
        } else if (off == n.start) {
            linkBefore(n, single(value));
        } else {
            ListNode right = n.splitAt(off, before);
            linkAfter(n, right);
            if (allowInsert(n, value.length)) {
                n.pushTail(value);
            } else if (allowInsert(right, value.length)) {
                right.pushHead(value);
            } else {
                linkAfter(n, single(value));
            }
        }
    }

    private static ListNode single(byte[] value) {
        ListNode n = new ListNode();
        n.pushTail(value);
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
    }
}
