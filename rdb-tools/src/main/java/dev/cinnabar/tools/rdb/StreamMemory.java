// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.spi.Jemalloc;
import dev.cinnabar.spi.SortedRaxNodes;

/**
 * A big stream's {@code MEMORY USAGE} from the walk's {@link StreamEvent}s, as the streams plugin computes it
 * for the stream decoded whole (Redis 7.0's {@code objectComputeSize}, 64-bit, jemalloc): the object and
 * stream structs; the node tree by {@code streamRadixTreeMemoryUsage} (16 bytes per id and a flat 244 per
 * rax node); each node's listpack at its allocation, which for a loaded stream is the size class of its
 * stored length (the first {@code samples} averaged over all nodes but the last, which is added as it is);
 * per group its struct, its PEL tree and 24 bytes per pending entry; per consumer its struct, name and PEL
 * tree. The rax node counts come from {@link SortedRaxNodes} (the file stores node keys and PEL ids in
 * order), so the state is a few counters whatever the stream's size. Ids out of order (a file Redis did not
 * write) make the estimate unusable ({@link #usable}): the caller then decodes the value whole.
 */
final class StreamMemory implements CollectionMemory {
    /** {@code sizeof(robj)} + {@code sizeof(stream)}: rax pointer, length, three ids, entries added, groups pointer. */
    private static final long OBJECT_AND_STREAM = 16 + 80;
    /** {@code sizeof(streamCG)}: last id, entries read, two rax pointers. */
    private static final long GROUP = 40;
    /** {@code sizeof(streamNACK)}: delivery time, count, consumer pointer. */
    private static final long NACK = 24;
    /** {@code sizeof(streamConsumer)} in 7.0: seen time, name, PEL pointer. */
    private static final long CONSUMER = 24;
    /** {@code sizeof(streamID)}, each rax element's share in {@code streamRadixTreeMemoryUsage}. */
    private static final long ID = 16;
    /** Per rax node in {@code streamRadixTreeMemoryUsage}: {@code sizeof(raxNode)} and a flat 30 pointers. */
    private static final long RAX_NODE = 4 + 8 * 30;

    private final int samples;
    private final SortedRaxNodes nodeTree = SortedRaxNodes.ofStreamIds();
    private long sampledAllocation;
    private long lastAllocation;
    private long length;
    /** Groups, consumers and their PELs, summed as each closes. */
    private long groupBytes;
    private SortedRaxNodes groupPel;
    private SortedRaxNodes consumerPel;
    private boolean usable = true;

    /** @param samples nodes whose listpacks are averaged ({@code MEMORY USAGE}'s SAMPLES; 0 for all) */
    StreamMemory(int samples) {
        this.samples = samples <= 0 ? Integer.MAX_VALUE : samples;
    }

    @Override
    public void stream(StreamEvent event) {
        if (!usable) {
            return;
        }
        try {
            if (event instanceof StreamEvent.Node n) {
                nodeTree.add(n.masterId().ms(), n.masterId().seq());
                lastAllocation = Jemalloc.sizeClass(n.listpackBytes());
                if (nodeTree.keys() <= samples) {
                    sampledAllocation += lastAllocation;
                }
            } else if (event instanceof StreamEvent.Metadata m) {
                length = m.length();
            } else if (event instanceof StreamEvent.Group) {
                closeGroup();
                groupPel = SortedRaxNodes.ofStreamIds();
                groupBytes += GROUP;
            } else if (event instanceof StreamEvent.Pending p) {
                groupPel.add(p.id().ms(), p.id().seq());
            } else if (event instanceof StreamEvent.Consumer c) {
                closeConsumer();
                consumerPel = SortedRaxNodes.ofStreamIds();
                groupBytes += CONSUMER + c.name().length;
            } else if (event instanceof StreamEvent.ConsumerPending p) {
                consumerPel.add(p.id().ms(), p.id().seq());
            }
        } catch (IllegalArgumentException outOfOrder) {
            usable = false;
        }
    }

    private void closeGroup() {
        closeConsumer();
        if (groupPel != null) {
            groupBytes += radixTree(groupPel) + NACK * groupPel.keys();
            groupPel = null;
        }
    }

    private void closeConsumer() {
        if (consumerPel != null) {
            groupBytes += radixTree(consumerPel);
            consumerPel = null;
        }
    }

    /** Whether every id came in order, so the counts are the tree's. */
    @Override
    public boolean usable() {
        return usable;
    }

    /** The engine's figure to the byte (the same nodes sampled), unless ids came out of order. */
    @Override
    public boolean exact() {
        return usable;
    }

    /** Entries, counted as the walk counts a stream: at least 1, an empty stream being a key all the same. */
    @Override
    public long elements() {
        return Math.max(length, 1);
    }

    @Override
    public String encoding() {
        return "stream";
    }

    @Override
    public long usage() {
        closeGroup();
        long nodes = nodeTree.keys();
        long bytes = OBJECT_AND_STREAM + radixTree(nodeTree);
        if (nodes <= samples) {
            bytes += sampledAllocation;
        } else {
            // Redis's integer average of the sampled nodes for all but the last, which is often not full
            bytes += sampledAllocation / samples * (nodes - 1) + lastAllocation;
        }
        return bytes + groupBytes;
    }

    /** {@code streamRadixTreeMemoryUsage}, whose {@code sizeof(rax)} is overwritten by the next line in 7.0. */
    private static long radixTree(SortedRaxNodes rax) {
        return rax.keys() * ID + rax.nodes() * RAX_NODE;
    }
}
