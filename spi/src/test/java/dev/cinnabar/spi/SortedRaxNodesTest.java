// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The path-only count against a whole tree built by rax's insertion rules ({@link ReferenceRax}, the streams
 * plugin's former {@code RaxShape}), on many sorted key sets: dense, sparse, clustered, of several lengths.
 */
class SortedRaxNodesTest {
    @Test
    void smallTreesAsRedisBuildsThem() {
        SortedRaxNodes rax = SortedRaxNodes.ofStreamIds();
        assertEquals(1, rax.nodes());
        rax.add(1, 0);
        assertEquals(2, rax.nodes());
        // 1-1 leaves 1-0 at the last byte: the chain splits into a 15-byte head and a plain node, plus a leaf
        rax.add(1, 1);
        assertEquals(4, rax.nodes());
        rax.add(1, 2);
        assertEquals(5, rax.nodes());
        assertEquals(3, rax.keys());
    }

    @Test
    void matchesAWholeTreeOnSortedKeys() {
        Random random = new Random(7);
        for (int round = 0; round < 400; round++) {
            int length = round % 5 == 0 ? 1 + random.nextInt(4) : 16;
            int count = random.nextInt(round % 3 == 0 ? 2000 : 60);
            TreeSet<byte[]> keys = new TreeSet<>(Arrays::compareUnsigned);
            long base = random.nextLong();
            int spread = 1 << random.nextInt(20);
            while (keys.size() < Math.min(count, length == 16 ? count : 1 << (8 * length - 1))) {
                byte[] k = new byte[length];
                if (length == 16 && random.nextBoolean()) {
                    long ms = base + random.nextInt(spread);
                    long seq = random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(5);
                    for (int i = 0; i < 8; i++) {
                        k[i] = (byte) (ms >>> (56 - 8 * i));
                        k[8 + i] = (byte) (seq >>> (56 - 8 * i));
                    }
                } else {
                    random.nextBytes(k);
                    if (random.nextBoolean()) {
                        k[0] = 0;
                    }
                }
                keys.add(k);
            }
            SortedRaxNodes counted = new SortedRaxNodes(length);
            ReferenceRax whole = new ReferenceRax();
            for (byte[] k : keys) {
                counted.add(k);
                whole.insert(k);
                assertEquals(whole.nodes, counted.nodes(), "round " + round);
            }
            if (length == 16) {
                SortedRaxNodes ids = SortedRaxNodes.ofStreamIds();
                for (byte[] k : keys) {
                    ids.add(long8(k, 0), long8(k, 8));
                }
                assertEquals(whole.nodes, ids.nodes(), "round " + round);
            }
        }
    }

    @Test
    void refusesKeysOutOfOrder() {
        SortedRaxNodes rax = SortedRaxNodes.ofStreamIds();
        rax.add(5, 0);
        assertThrows(IllegalArgumentException.class, () -> rax.add(5, 0));
        assertThrows(IllegalArgumentException.class, () -> rax.add(4, Long.MAX_VALUE));
        rax.add(-1L, 0);
        assertThrows(IllegalArgumentException.class, () -> rax.add(7, 0));
        assertThrows(IllegalArgumentException.class, () -> rax.add(new byte[3]));
    }

    private static long long8(byte[] b, int off) {
        long v = 0;
        for (int i = off; i < off + 8; i++) {
            v = v << 8 | (b[i] & 0xFF);
        }
        return v;
    }

    /** A whole rax, built node by node with {@code raxGenericInsert}'s rules (compressed chains, splits). */
    static final class ReferenceRax {
        private static final class Node {
            byte[] data = new byte[0];
            boolean compressed;
            final List<Node> children = new ArrayList<>();
        }

        private final Node head = new Node();
        long nodes = 1;

        void insert(byte[] s) {
            Node h = head;
            int i = 0;
            int j = 0;
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
                Node next = h.children.get(0);
                int postfixLen = h.data.length - j - 1;
                Node split = new Node();
                split.data = new byte[]{h.data[j]};
                Node postfix = next;
                if (postfixLen > 0) {
                    postfix = new Node();
                    postfix.compressed = postfixLen > 1;
                    postfix.data = Arrays.copyOfRange(h.data, j + 1, h.data.length);
                    postfix.children.add(next);
                    nodes++;
                }
                split.children.add(postfix);
                if (j == 0) {
                    h.data = split.data;
                    h.compressed = false;
                    h.children.clear();
                    h.children.add(postfix);
                } else {
                    h.data = Arrays.copyOf(h.data, j);
                    h.compressed = j > 1;
                    h.children.clear();
                    h.children.add(split);
                    nodes++;
                    h = split;
                }
            }
            while (i < s.length) {
                Node child = new Node();
                if (h.data.length == 0 && s.length - i > 1) {
                    h.compressed = true;
                    h.data = Arrays.copyOfRange(s, i, s.length);
                    h.children.add(child);
                    i = s.length;
                } else {
                    addChild(h, s[i], child);
                    i++;
                }
                nodes++;
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
}
