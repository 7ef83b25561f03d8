// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import dev.cinnabar.spi.SortedRaxNodes;

import java.util.Collection;

/**
 * How many nodes Redis's radix tree ({@code rax.c}) has after inserting stream ids in order, for XINFO
 * STREAM's {@code radix-tree-nodes} and MEMORY USAGE (through {@link RaxMap}, which keeps the count between
 * changes): each key is the id as 16 big-endian bytes (a node's master id, a pending id), counted by the
 * SPI's {@link SortedRaxNodes}, the count offline tools make of a stream going by in a file. Exact for a
 * stream built by appends or loaded from a file; after deletions Redis's recompression may differ slightly.
 */
final class RaxShape {
    private RaxShape() {
    }

    /** @param sortedKeys ids in increasing order */
    static int nodes(Collection<StreamId> sortedKeys) {
        SortedRaxNodes rax = SortedRaxNodes.ofStreamIds();
        for (StreamId id : sortedKeys) {
            rax.add(id.ms(), id.seq());
        }
        return Math.toIntExact(rax.nodes());
    }
}
