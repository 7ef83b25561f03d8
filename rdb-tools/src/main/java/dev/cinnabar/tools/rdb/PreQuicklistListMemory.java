// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.family.lists.QuickList;
import dev.cinnabar.spi.ValueType;

/**
 * A big list of RDB type 1 (a linked list, before Redis 3.2) or 10 (one ziplist, Redis 2.6 to 3.0) from the walk's
 * items: Redis 7.0, like the engine, loads it by pushing each item at the tail of a new quicklist, so the
 * nodes are rebuilt here the same way, one at a time: the items go into a list holding only the last node,
 * and when an item opens a new node the finished one is measured (the engine's own figure for a list of that
 * node alone) and dropped. {@code MEMORY USAGE} then averages the first {@link #SAMPLES} nodes over all of
 * them, as the engine's list type does. Memory: one node (8 KB at the default {@code list-max-listpack-size}).
 * Only for lists without compression ({@code list-compress-depth} 0, the default): a compressed node's size
 * depends on its place from the ends.
 */
final class PreQuicklistListMemory implements CollectionMemory {
    private final ValueType<?> listType;
    private final int fill;
    /** The engine's figure for an empty list: the object and quicklist structs. */
    private final long fixed;
    private QuickList last;
    private long items;
    private long finishedNodes;
    private long sampledNodes;
    private long sampledBytes;

    /** @param fill {@code list-max-listpack-size} */
    PreQuicklistListMemory(ValueType<?> listType, int fill) {
        this.listType = listType;
        this.fill = fill;
        this.fixed = usage(listType, new QuickList(fill, 0));
        this.last = new QuickList(fill, 0);
    }

    @Override
    public void element(byte[] value) {
        items++;
        last.pushTail(value);
        if (last.nodeCount() > 1) {
            // the item opened a node: take it back, and what remains is the finished node as the whole list has it
            last.popTail();
            sample(last);
            finishedNodes++;
            last = new QuickList(fill, 0);
            last.pushTail(value);
        }
    }

    private void sample(QuickList oneNode) {
        if (sampledNodes < SAMPLES) {
            sampledBytes += usage(listType, oneNode) - fixed;
            sampledNodes++;
        }
    }

    /** The engine's figure to the byte: its load builds the same nodes and it samples the same first ones. */
    @Override
    public boolean exact() {
        return true;
    }

    @Override
    public long elements() {
        return items;
    }

    @Override
    public String encoding() {
        return "quicklist";
    }

    @Override
    public long usage() {
        if (last.isEmpty()) {
            return fixed;
        }
        long sampled = sampledBytes;
        long seen = sampledNodes;
        if (seen < SAMPLES) {
            sampled += usage(listType, last) - fixed;
            seen++;
        }
        // ListType's arithmetic: a double average per node times the node count
        return (long) (fixed + (double) sampled / seen * (finishedNodes + 1));
    }

    @SuppressWarnings("unchecked")
    private static <T> long usage(ValueType<T> type, Object value) {
        return type.memoryUsage((T) value);
    }
}
