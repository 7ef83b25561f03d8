// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * How many nodes Redis's radix tree ({@code rax.c}) has after inserting stream ids in order, for XINFO
 * STREAM's {@code radix-tree-nodes} and MEMORY USAGE (through {@link RaxMap}, which keeps the count between
 * changes): each key is the id as 16 big-endian bytes (a node's master id, a pending id), and the tree is
 * built with rax's own rules (compressed chains, splits, one-child nodes for a one-byte tail). Exact for a
 * stream built by appends or loaded from a file; after deletions Redis's recompression may differ slightly.
 */
final class RaxShape {
    private static final int KEY_BYTES = 16;

    /** A rax node: its bytes (a chain when compressed, else one per child) and children. */
    private static final class Node {
        byte[] data = new byte[0];
        boolean compressed;
        final List<Node> children = new ArrayList<>();
    }

    private RaxShape() {
    }

    static int nodes(Collection<StreamId> sortedKeys) {
        Node head = new Node();
        int[] count = {1};
        for (StreamId id : sortedKeys) {
            insert(head, encode(id), count);
        }
        return count[0];
    }

    private static byte[] encode(StreamId id) {
        byte[] b = new byte[KEY_BYTES];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (id.ms() >>> (56 - 8 * i));
            b[8 + i] = (byte) (id.seq() >>> (56 - 8 * i));
        }
        return b;
    }

    private static void insert(Node head, byte[] s, int[] count) {
        Node h = head;
        int i = 0;
        int j = 0;
        // raxLowWalk: follow matching bytes; j is the position inside the node where the walk stopped
        while (h.data.length > 0 && i < s.length) {
            if (h.compressed) {
                for (j = 0; j < h.data.length && i < s.length; j++, i++) {
                    if (h.data[j] != s[i]) {
                        break;
                    }
                }
                if (j != h.data.length) {
                    break;
                }
                h = h.children.get(0);
            } else {
                int k = indexOf(h, s[i]);
                if (k < 0) {
                    break;
                }
                h = h.children.get(k);
                i++;
            }
            j = 0;
        }
        if (h.compressed && i != s.length) {
            // rax ALGO 1: split the compressed node at j
            Node next = h.children.get(0);
            int postfixLen = h.data.length - j - 1;
            Node split = new Node();
            split.data = new byte[]{h.data[j]};
            Node postfix = next;
            if (postfixLen > 0) {
                postfix = new Node();
                postfix.compressed = postfixLen > 1;
                postfix.data = java.util.Arrays.copyOfRange(h.data, j + 1, h.data.length);
                postfix.children.add(next);
                count[0]++;
            }
            split.children.add(postfix);
            if (j == 0) {
                // the split node takes the compressed node's place
                h.data = split.data;
                h.compressed = false;
                h.children.clear();
                h.children.add(postfix);
            } else {
                h.data = java.util.Arrays.copyOf(h.data, j);
                h.compressed = j > 1;
                h.children.clear();
                h.children.add(split);
                count[0]++;
                h = split;
            }
        }
        while (i < s.length) {
            Node child = new Node();
            if (h.data.length == 0 && s.length - i > 1) {
                h.compressed = true;
                h.data = java.util.Arrays.copyOfRange(s, i, s.length);
                h.children.add(child);
                i = s.length;
            } else {
                addChild(h, s[i], child);
                i++;
            }
            count[0]++;
            h = child;
        }
    }

    private static int indexOf(Node h, byte b) {
        for (int k = 0; k < h.data.length; k++) {
            if (h.data[k] == b) {
                return k;
            }
        }
        return -1;
    }

    private static void addChild(Node h, byte b, Node child) {
        int pos = 0;
        while (pos < h.data.length && Byte.toUnsignedInt(h.data[pos]) < Byte.toUnsignedInt(b)) {
            pos++;
        }
        byte[] data = new byte[h.data.length + 1];
        System.arraycopy(h.data, 0, data, 0, pos);
        data[pos] = b;
        System.arraycopy(h.data, pos, data, pos + 1, h.data.length - pos);
        h.data = data;
        h.compressed = false;
        h.children.add(pos, child);
    }
}
