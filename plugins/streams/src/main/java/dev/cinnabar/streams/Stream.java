// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * A stream value: its entries, the metadata Redis 7.0 keeps beside them (last id, entries added, max
 * deleted id) and its consumer groups ordered by name.
 *
 * <p>Entries live in {@link StreamNode}s, listpacks bounded by {@code stream-node-max-bytes} and
 * {@code stream-node-max-entries}, kept in a sorted map by master id as Redis keeps them in a radix tree:
 * lookup and range seek are O(log n), and node boundaries (so approximate trimming) match Redis's.
 */
final class Stream {
    /** One entry: its id and its field-value pairs, flattened as {@code f1 v1 f2 v2 …}. */
    record Entry(StreamId id, byte[][] fieldsAndValues) {
    }

    /** Redis's {@code STREAM_LISTPACK_MAX_SIZE}. */
    static final long LISTPACK_MAX_SIZE = 1L << 30;

    final RaxMap<StreamNode> nodes = new RaxMap<>();
    private long length;
    StreamId lastId = StreamId.MIN;
    StreamId maxDeletedId = StreamId.MIN;
    long entriesAdded;
    final TreeMap<byte[], ConsumerGroup> groups = new TreeMap<>(Arrays::compareUnsigned);

    long length() {
        return length;
    }

    /** Sets the entry count of nodes put in directly (RDB load, copy). */
    void setLength(long length) {
        this.length = length;
    }

    /** Appends an entry; {@code id} must be greater than {@link #lastId}. */
    void append(StreamId id, byte[][] fieldsAndValues) {
        append(id, fieldsAndValues, StreamConfig.nodeMaxBytes(), StreamConfig.nodeMaxEntries());
    }

    /** Appends an entry into the tail node, or a new node when the tail is full, as streamAppendItem. */
    void append(StreamId id, byte[][] fieldsAndValues, long nodeMaxBytes, long nodeMaxEntries) {
        long elementsLength = 0;
        for (byte[] e : fieldsAndValues) {
            elementsLength += e.length;
        }
        Map.Entry<StreamId, StreamNode> tail = nodes.lastEntry();
        StreamNode node = tail == null ? null : tail.getValue();
        if (node != null) {
            long maxBytes = nodeMaxBytes == 0 || nodeMaxBytes > LISTPACK_MAX_SIZE ? LISTPACK_MAX_SIZE : nodeMaxBytes;
            boolean full = node.bytes() + elementsLength >= maxBytes
                    || nodeMaxEntries != 0 && node.count() + node.deleted() >= nodeMaxEntries;
            if (full) {
                node.shrink();
                node = null;
            }
        }
        if (node == null) {
            nodes.put(id, StreamNode.create(id, fieldsAndValues, (int) Math.min(nodeMaxBytes, Integer.MAX_VALUE)));
        } else {
            node.append(id, fieldsAndValues);
        }
        length++;
        lastId = id;
        entriesAdded++;
    }

    /** The entry's field-value pairs, or null if there is no entry {@code id}. */
    byte[][] get(StreamId id) {
        Map.Entry<StreamId, StreamNode> e = nodes.floorEntry(id);
        if (e == null) {
            return null;
        }
        StreamNode node = e.getValue();
        for (int p = node.firstEntry(); p != -1; p = node.nextEntry(p)) {
            int cmp = node.id(p).compareTo(id);
            if (cmp == 0) {
                return node.isDeleted(p) ? null : node.fieldsAndValues(p);
            }
            if (cmp > 0) {
                return null;
            }
        }
        return null;
    }

    /** Removes entry {@code id}; false if it was not there. */
    boolean delete(StreamId id) {
        Map.Entry<StreamId, StreamNode> e = nodes.floorEntry(id);
        if (e == null) {
            return false;
        }
        StreamNode node = e.getValue();
        for (int p = node.firstEntry(); p != -1; p = node.nextEntry(p)) {
            int cmp = node.id(p).compareTo(id);
            if (cmp > 0) {
                return false;
            }
            if (cmp == 0) {
                if (node.isDeleted(p)) {
                    return false;
                }
                if (node.count() == 1) {
                    nodes.remove(e.getKey());
                } else {
                    node.markDeleted(p);
                }
                length--;
                if (maxDeletedId.compareTo(id) < 0) {
                    maxDeletedId = id;
                }
                return true;
            }
        }
        return false;
    }

    /** The first entry, or null when the stream is empty. */
    Entry first() {
        Iterator<Entry> it = range(StreamId.MIN, StreamId.MAX, false);
        return it.hasNext() ? it.next() : null;
    }

    /** The last entry, or null when the stream is empty. */
    Entry last() {
        Iterator<Entry> it = range(StreamId.MIN, StreamId.MAX, true);
        return it.hasNext() ? it.next() : null;
    }

    /**
     * Redis 7.0's {@code first_id} (XINFO's {@code recorded-first-entry-id}, the base of lag estimates): the
     * first live entry's id, 0-0 when the stream is empty.
     */
    StreamId recordedFirstId() {
        Entry first = first();
        return first == null ? StreamId.MIN : first.id();
    }

    /** Id of the first entry, tombstones included (Redis's {@code streamGetEdgeID} without skipping). */
    StreamId firstIdWithTombstones() {
        Map.Entry<StreamId, StreamNode> e = nodes.firstEntry();
        if (e == null) {
            return StreamId.MAX;
        }
        return e.getValue().id(e.getValue().firstEntry());
    }

    /** Number of nodes (XINFO's {@code radix-tree-keys}). */
    int nodeCount() {
        return nodes.size();
    }

    /** Entries from {@code start} to {@code end}, both inclusive, in id order or reversed. */
    Iterator<Entry> range(StreamId start, StreamId end, boolean reverse) {
        if (start.compareTo(end) > 0) {
            return java.util.Collections.emptyIterator();
        }
        return new RangeIterator(start, end, reverse);
    }

    /** Walks nodes from the one holding the seek id, skipping tombstones, as streamIteratorGetID. */
    private final class RangeIterator implements Iterator<Entry> {
        private final StreamId start;
        private final StreamId end;
        private final boolean reverse;
        private Iterator<StreamNode> nodeIt;
        private StreamNode node;
        private int pos = -1;
        private Entry next;
        private boolean done;

        RangeIterator(StreamId start, StreamId end, boolean reverse) {
            this.start = start;
            this.end = end;
            this.reverse = reverse;
            StreamId seek = reverse ? end : start;
            StreamId from = nodes.floorKey(seek);
            if (reverse) {
                nodeIt = (from == null ? nodes.view().descendingMap() : nodes.view().headMap(from, true).descendingMap())
                        .values().iterator();
            } else {
                nodeIt = (from == null ? nodes.values() : nodes.view().tailMap(from, true).values()).iterator();
            }
        }

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                next = advance();
                done = next == null;
            }
            return next != null;
        }

        @Override
        public Entry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Entry e = next;
            next = null;
            return e;
        }

        private Entry advance() {
            while (true) {
                if (node == null || pos == -1) {
                    if (!nodeIt.hasNext()) {
                        return null;
                    }
                    node = nodeIt.next();
                    pos = reverse ? node.lastEntry() : node.firstEntry();
                    continue;
                }
                int p = pos;
                pos = reverse ? node.prevEntry(p) : node.nextEntry(p);
                if (node.isDeleted(p)) {
                    continue;
                }
                StreamId id = node.id(p);
                if (!reverse) {
                    if (id.compareTo(start) >= 0) {
                        if (id.compareTo(end) > 0) {
                            return null;
                        }
                        return new Entry(id, node.fieldsAndValues(p));
                    }
                } else if (id.compareTo(end) <= 0) {
                    if (id.compareTo(start) < 0) {
                        return null;
                    }
                    return new Entry(id, node.fieldsAndValues(p));
                }
            }
        }
    }

    /**
     * Trims from the head as Redis 7.0's {@code streamTrim}: whole nodes go while they fit the limit; an
     * approximate trim stops at the first node it cannot drop whole, an exact one flags entries of that
     * node deleted. {@code limit} 0 means no limit on entries removed.
     *
     * @param maxLen  keep at least this many entries (MAXLEN), or -1 for MINID
     * @param minId   remove entries below this id (MINID), or null for MAXLEN
     * @return entries removed
     */
    long trim(long maxLen, StreamId minId, boolean approx, long limit) {
        long deleted = 0;
        // only the head node is ever looked at: the loop goes on only after removing it whole
        Map.Entry<StreamId, StreamNode> head;
        while ((head = nodes.firstEntry()) != null) {
            if (minId == null && length <= maxLen) {
                break;
            }
            StreamNode node = head.getValue();
            long entries = node.count();
            if (limit != 0 && deleted + entries > limit) {
                break;
            }
            boolean removeNode;
            if (minId == null) {
                removeNode = length - entries >= maxLen;
            } else {
                removeNode = node.id(node.lastEntry()).compareTo(minId) < 0;
            }
            if (removeNode) {
                nodes.remove(head.getKey());
                length -= entries;
                deleted += entries;
                continue;
            }
            if (approx) {
                break;
            }
            for (int p = node.firstEntry(); p != -1; ) {
                boolean stop = minId == null ? length <= maxLen : node.id(p).compareTo(minId) >= 0;
                if (stop) {
                    break;
                }
                if (!node.isDeleted(p)) {
                    p = node.markDeleted(p);
                    length--;
                    deleted++;
                }
                p = node.nextEntry(p);
            }
            break;
        }
        return deleted;
    }

    /** The last live entry's id, or 0-0 for an empty stream (Redis's {@code streamLastValidID}). */
    StreamId lastValidId() {
        Entry last = last();
        return last == null ? StreamId.MIN : last.id();
    }

    /** MEMORY USAGE of the value as Redis 7.0 reports it, nodes sampled as {@link StreamMemory} says. */
    long memoryUsage(int samples) {
        return StreamMemory.usage(this, samples);
    }
}
