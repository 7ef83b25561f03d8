// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;

/**
 * An id-ordered map standing for one of the radix trees Redis keeps per stream (the entries index, a
 * group's PEL, a consumer's PEL), that knows its tree's node count as Redis's {@code rax->numnodes} does.
 *
 * <p>Every change to the key set goes through {@link #put}, {@link #putIfAbsent} or {@link #remove}, which
 * count it; the views handed out are read-only so nothing can change the keys behind the counter. The node
 * count is rebuilt only when that counter moved since it was last asked for: MEMORY USAGE asks on every call,
 * and must cost what Redis's does (the sampled nodes), not a walk of a 10,000-entry PEL.
 */
final class RaxMap<V> {
    private final TreeMap<StreamId, V> map = new TreeMap<>();
    private final NavigableMap<StreamId, V> view = Collections.unmodifiableNavigableMap(map);
    private final Collection<V> values = Collections.unmodifiableCollection(map.values());
    private final NavigableSet<StreamId> keys = Collections.unmodifiableNavigableSet(map.navigableKeySet());
    /** Changes of the key set so far; the node count below is valid while they are {@link #shapeAt}. */
    private long keyChanges;
    private long shapeAt = -1;
    private int radixNodes;

    V get(StreamId id) {
        return map.get(id);
    }

    boolean containsKey(StreamId id) {
        return map.containsKey(id);
    }

    int size() {
        return map.size();
    }

    boolean isEmpty() {
        return map.isEmpty();
    }

    /** Maps {@code id} to {@code value} (never null); returns the value it replaced, if any. */
    V put(StreamId id, V value) {
        V old = map.put(id, value);
        if (old == null) {
            keyChanges++;
        }
        return old;
    }

    /** Maps {@code id} to {@code value} (never null) unless it is mapped; returns the value already there. */
    V putIfAbsent(StreamId id, V value) {
        V old = map.putIfAbsent(id, value);
        if (old == null) {
            keyChanges++;
        }
        return old;
    }

    V remove(StreamId id) {
        V old = map.remove(id);
        if (old != null) {
            keyChanges++;
        }
        return old;
    }

    StreamId firstKey() {
        return map.firstKey();
    }

    StreamId lastKey() {
        return map.lastKey();
    }

    Map.Entry<StreamId, V> firstEntry() {
        return map.firstEntry();
    }

    Map.Entry<StreamId, V> lastEntry() {
        return map.lastEntry();
    }

    Map.Entry<StreamId, V> floorEntry(StreamId id) {
        return map.floorEntry(id);
    }

    StreamId floorKey(StreamId id) {
        return map.floorKey(id);
    }

    Map.Entry<StreamId, V> ceilingEntry(StreamId id) {
        return map.ceilingEntry(id);
    }

    StreamId ceilingKey(StreamId id) {
        return map.ceilingKey(id);
    }

    /** The values in id order, read-only. */
    Collection<V> values() {
        return values;
    }

    /** The ids in order, read-only. */
    NavigableSet<StreamId> keySet() {
        return keys;
    }

    /** The whole map read-only, for range views (sub, head, tail, descending). */
    NavigableMap<StreamId, V> view() {
        return view;
    }

    /** The node count of Redis's radix tree holding these ids, rebuilt only after the key set changed. */
    int radixNodes() {
        if (shapeAt != keyChanges) {
            radixNodes = RaxShape.nodes(map.navigableKeySet());
            shapeAt = keyChanges;
        }
        return radixNodes;
    }
}
