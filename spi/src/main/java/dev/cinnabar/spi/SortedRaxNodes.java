// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

import java.util.Arrays;

/**
 * How many nodes Redis's radix tree ({@code rax.c}) has once keys of one length are inserted in increasing
 * order, as a stream's node tree and its PELs are built from an RDB file or by appends: {@code rax->numnodes},
 * which {@code MEMORY USAGE} and {@code XINFO STREAM}'s {@code radix-tree-nodes} report. A type's
 * {@link ValueType#memoryUsage} and an offline tool that sees the keys go by count the same tree with it.
 *
 * <p>Keys in increasing order only ever change the tree's rightmost path, so the count needs only the last
 * key and where that path's nodes start: state of the key's length, not of the key set. rax's rules as they
 * play out on that path: a node of two or more key bytes is a compressed chain, of one byte a plain node; a
 * new key that leaves the path at byte {@code L} splits the node holding {@code L} there (a plain node at
 * {@code L}, the old chain's head before it and its tail after it, each a node when not empty) and hangs from
 * it a new node for the key's remaining bytes (a chain, or a plain node for a one-byte tail) and a leaf.
 */
public final class SortedRaxNodes {
    private final byte[] last;
    /** Where each node of the rightmost path starts, in key bytes; the leaf starts at the key's length. */
    private final boolean[] nodeStarts;
    private long nodes = 1;
    private long keys;

    /** An empty tree (its head node only) for keys of {@code keyLength} bytes. */
    public SortedRaxNodes(int keyLength) {
        if (keyLength < 1) {
            throw new IllegalArgumentException("key length " + keyLength);
        }
        last = new byte[keyLength];
        nodeStarts = new boolean[keyLength + 1];
        nodeStarts[0] = true;
    }

    /** A tree of stream ids: 16 bytes, the millisecond and sequence parts big-endian. */
    public static SortedRaxNodes ofStreamIds() {
        return new SortedRaxNodes(16);
    }

    /** The tree's node count, the head included: 1 when empty. */
    public long nodes() {
        return nodes;
    }

    /** Keys inserted. */
    public long keys() {
        return keys;
    }

    /**
     * Inserts a stream id (for a tree of 16-byte keys).
     *
     * @throws IllegalArgumentException if the id is not above the last one inserted (unsigned order)
     */
    public void add(long ms, long seq) {
        if (last.length != 16) {
            throw new IllegalArgumentException("a stream id is 16 bytes, the tree's keys " + last.length);
        }
        int common;
        if (keys == 0) {
            common = -1;
        } else {
            long lastMs = high(0);
            long lastSeq = high(8);
            int order = lastMs != ms ? Long.compareUnsigned(ms, lastMs) : Long.compareUnsigned(seq, lastSeq);
            if (order <= 0) {
                throw new IllegalArgumentException("stream ids out of order");
            }
            common = lastMs != ms ? Long.numberOfLeadingZeros(lastMs ^ ms) / 8
                    : 8 + Long.numberOfLeadingZeros(lastSeq ^ seq) / 8;
        }
        for (int i = 0; i < 8; i++) {
            last[i] = (byte) (ms >>> (56 - 8 * i));
            last[8 + i] = (byte) (seq >>> (56 - 8 * i));
        }
        insert(common);
    }

    /**
     * Inserts a key of the tree's length.
     *
     * @throws IllegalArgumentException if it has another length or is not above the last key (unsigned bytes)
     */
    public void add(byte[] key) {
        if (key.length != last.length) {
            throw new IllegalArgumentException("key of " + key.length + " bytes in a tree of " + last.length + "-byte keys");
        }
        int common;
        if (keys == 0) {
            common = -1;
        } else {
            common = Arrays.mismatch(last, key);
            if (common < 0 || Byte.toUnsignedInt(key[common]) < Byte.toUnsignedInt(last[common])) {
                throw new IllegalArgumentException("keys out of order");
            }
        }
        System.arraycopy(key, 0, last, 0, key.length);
        insert(common);
    }

    private long high(int from) {
        long v = 0;
        for (int i = from; i < from + 8; i++) {
            v = v << 8 | (last[i] & 0xFF);
        }
        return v;
    }

    /** @param common the bytes the new key shares with the previous one; -1 for the first key */
    private void insert(int common) {
        int length = last.length;
        keys++;
        if (common < 0) {
            // the empty head becomes a chain of the whole key (a plain node for a one-byte key), then the leaf
            nodes++;
            Arrays.fill(nodeStarts, false);
            nodeStarts[0] = true;
            nodeStarts[length] = true;
            return;
        }
        int start = common;
        while (!nodeStarts[start]) {
            start--;
        }
        int end = common + 1;
        while (!nodeStarts[end]) {
            end++;
        }
        if (end - start >= 2) {
            // a chain split at the first differing byte: its tail after that byte, and its head before it,
            // become nodes of their own (with no head the chain's node itself turns into the plain node)
            if (end - common - 1 > 0) {
                nodes++;
            }
            if (common > start) {
                nodes++;
            }
        }
        // the new key's branch: a node for its remaining bytes, then the leaf (the leaf at once after the last byte)
        nodes++;
        if (common + 1 < length) {
            nodes++;
        }
        Arrays.fill(nodeStarts, common + 1, length, false);
        nodeStarts[common] = true;
        if (common + 1 < length) {
            nodeStarts[common + 1] = true;
        }
        nodeStarts[length] = true;
    }
}
