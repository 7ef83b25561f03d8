// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import java.util.Iterator;

/**
 * MEMORY USAGE of a stream as Redis 7.0's {@code objectComputeSize} computes it (64-bit, jemalloc): the
 * object and stream structs, the radix tree by {@code streamRadixTreeMemoryUsage}, each node's listpack by
 * its allocation (the first {@code samples} averaged over all but the last when there are more nodes), and
 * per group its struct, its PEL tree and pending entries, and per consumer its struct, name and PEL tree.
 */
final class StreamMemory {
    /** {@code sizeof(robj)} + {@code sizeof(stream)}: rax pointer, length, three ids, entries added, groups pointer. */
    private static final long OBJECT_AND_STREAM = 16 + 80;
    /** {@code sizeof(streamCG)}: last id, entries read, two rax pointers. */
    private static final long GROUP = 40;
    /** {@code sizeof(streamNACK)}: delivery time, count, consumer pointer. */
    private static final long NACK = 24;
    /** {@code sizeof(streamConsumer)} in 7.0: seen time, name, PEL pointer. */
    private static final long CONSUMER = 24;
    /** {@code sizeof(streamID)}. */
    private static final long ID = 16;
    /**
     * Per rax node, as {@code streamRadixTreeMemoryUsage} counts it: {@code sizeof(raxNode)} (4) and a flat
     * 30 longs for children and the data pointer.
     */
    private static final long RAX_NODE = 4 + 8 * 30;

    private StreamMemory() {
    }

    static long usage(Stream s, int samples) {
        long bytes = OBJECT_AND_STREAM + radixTree(s.nodes.size(), s.nodes.radixNodes());
        int n = s.nodes.size();
        long sampled = 0;
        int seen = 0;
        Iterator<StreamNode> it = s.nodes.values().iterator();
        while (seen < samples && it.hasNext()) {
            sampled += it.next().redisAllocation();
            seen++;
        }
        if (n <= seen) {
            bytes += sampled;
        } else {
            // Redis's integer average of the sampled nodes for all but the last, which is often not full
            bytes += (seen == 0 ? sampled : sampled / seen) * (n - 1) + s.nodes.lastEntry().getValue().redisAllocation();
        }
        for (ConsumerGroup g : s.groups.values()) {
            bytes += GROUP + radixTree(g.pending.size(), g.pending.radixNodes()) + NACK * g.pending.size();
            for (Consumer c : g.consumers.values()) {
                bytes += CONSUMER + c.name.length + radixTree(c.pending.size(), c.pending.radixNodes());
            }
        }
        return bytes;
    }

    /** {@code streamRadixTreeMemoryUsage}, whose {@code sizeof(rax)} is overwritten by the next line in 7.0. */
    private static long radixTree(long elements, long nodes) {
        return elements * ID + nodes * RAX_NODE;
    }
}
