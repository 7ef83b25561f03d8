// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A stream value: its entries, the metadata Redis 7.0 keeps beside them (last id, entries added, max
 * deleted id) and its consumer groups ordered by name.
 *
 * <p>The entries sit in a sorted map for now; the packed-node representation bounded by
 * {@code stream-node-max-bytes} and {@code stream-node-max-entries} replaces it behind this same API.
 */
final class Stream {
    /** One entry: its id and its field-value pairs, flattened as {@code f1 v1 f2 v2 …}. */
    record Entry(StreamId id, byte[][] fieldsAndValues) {
    }

    private final NavigableMap<StreamId, byte[][]> entries = new TreeMap<>();
    StreamId lastId = StreamId.MIN;
    StreamId maxDeletedId = StreamId.MIN;
    long entriesAdded;
    final TreeMap<byte[], ConsumerGroup> groups = new TreeMap<>(Arrays::compareUnsigned);

    long length() {
        return entries.size();
    }

    /** Appends an entry; {@code id} must be greater than {@link #lastId}. */
    void append(StreamId id, byte[][] fieldsAndValues) {
        entries.put(id, fieldsAndValues);
        lastId = id;
        entriesAdded++;
    }

    /** The entry's field-value pairs, or null if there is no entry {@code id}. */
    byte[][] get(StreamId id) {
        return entries.get(id);
    }

    /** Removes entry {@code id}; false if it was not there. */
    boolean delete(StreamId id) {
        if (entries.remove(id) == null) {
            return false;
        }
        if (maxDeletedId.compareTo(id) < 0) {
            maxDeletedId = id;
        }
        return true;
    }

    /** The first entry, or null when the stream is empty. */
    Entry first() {
        Map.Entry<StreamId, byte[][]> first = entries.firstEntry();
        return first == null ? null : new Entry(first.getKey(), first.getValue());
    }

    /** The last entry, or null when the stream is empty. */
    Entry last() {
        Map.Entry<StreamId, byte[][]> last = entries.lastEntry();
        return last == null ? null : new Entry(last.getKey(), last.getValue());
    }

    /** Entries from {@code start} to {@code end}, both inclusive, in id order or reversed. */
    Iterator<Entry> range(StreamId start, StreamId end, boolean reverse) {
        if (start.compareTo(end) > 0) {
            return java.util.Collections.emptyIterator();
        }
        NavigableMap<StreamId, byte[][]> slice = entries.subMap(start, true, end, true);
        Iterator<Map.Entry<StreamId, byte[][]>> it = (reverse ? slice.descendingMap() : slice).entrySet().iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Entry next() {
                Map.Entry<StreamId, byte[][]> e = it.next();
                return new Entry(e.getKey(), e.getValue());
            }
        };
    }
}
