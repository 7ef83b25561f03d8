// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.lists;

/**
 * An iterator over a {@link QuickList} toward the tail or the head that can also compare elements in place
 * (LPOS). It reads a compressed node through a decompressed copy, so the list is left as it was; the list
 * must not change while it is in use.
 */
public final class ListCursor {
    private ListNode node;
    private ListNode view;
    private int off;
    private final boolean forward;

    ListCursor(ListNode node, int inNode, boolean forward) {
        this.node = node;
        this.view = node.readable();
        this.off = view.offsetOf(inNode);
        this.forward = forward;
    }

    public boolean hasNext() {
        return node != null;
    }

    /** The current element (a copy); moves on. */
    public byte[] next() {
        byte[] v = view.value(off);
        advance();
        return v;
    }

    /** True if the current element equals {@code value}; moves on. */
    public boolean nextEquals(byte[] value) {
        boolean eq = view.equalsAt(off, value);
        advance();
        return eq;
    }

    private void advance() {
        if (forward) {
            off = view.nextOffset(off);
            if (off < view.end) {
                return;
            }
            node = node.next;
            if (node != null) {
                view = node.readable();
                off = view.start;
            }
        } else if (off > view.start) {
            off = view.prevOffset(off);
        } else {
            node = node.prev;
            if (node != null) {
                view = node.readable();
                off = view.prevOffset(view.end);
            }
        }
    }
}
