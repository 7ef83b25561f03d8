// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.aof;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The most frequent (db, key) pairs of a stream in bounded memory: Metwally et al.'s Space-Saving. Up to
 * {@code capacity} distinct keys the counts are exact; past it, a new key takes the place of the least
 * counted one and inherits its count as a possible overestimate, so every reported count is an upper bound
 * and {@code count - error} a lower bound, and any key seen more than {@code total / capacity} times is kept.
 *
 * <p>Counters sit in the paper's "stream summary": buckets of equal count in a list by ascending count, so
 * counting a write and finding the least counted key are O(1) (an AOF of millions of writes to distinct
 * keys evicts on nearly every one).
 */
public final class TopKeyCounter {
    /** One counted key: its count and how much of it may belong to keys it replaced. */
    public record Entry(long db, byte[] key, long count, long error) {
    }

    /** The counters of one count, in the order they reached it (the oldest is evicted first). */
    private static final class Bucket {
        final long count;
        Bucket smaller;
        Bucket larger;
        Counter first;
        Counter last;

        Bucket(long count) {
            this.count = count;
        }
    }

    private static final class Counter {
        final Key id;
        final long error;
        Bucket bucket;
        Counter prev;
        Counter next;

        Counter(Key id, long error) {
            this.id = id;
            this.error = error;
        }
    }

    /** A (db, key) as a hash map key; the bytes are the counter's own copy once counted. */
    private record Key(long db, byte[] key, int hash) {
        static Key of(long db, byte[] key) {
            return new Key(db, key, 31 * Long.hashCode(db) + Arrays.hashCode(key));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.db == db && Arrays.equals(k.key, key);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final int capacity;
    private final Map<Key, Counter> counters = new HashMap<>();
    /** The bucket of the smallest count. */
    private Bucket smallest;
    private boolean evicted;

    TopKeyCounter(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    /** Counts one write of {@code key} in {@code db}; the array is copied when kept. */
    void add(long db, byte[] key) {
        Key id = Key.of(db, key);
        Counter c = counters.get(id);
        if (c != null) {
            moveUp(c, c.bucket.count + 1);
            return;
        }
        if (counters.size() < capacity) {
            c = new Counter(new Key(db, key.clone(), id.hash()), 0);
            counters.put(c.id, c);
            insert(c, 1, null);
            return;
        }
        Counter min = smallest.first;
        counters.remove(min.id);
        evicted = true;
        c = new Counter(new Key(db, key.clone(), id.hash()), min.bucket.count);
        counters.put(c.id, c);
        Bucket from = min.bucket;
        unlink(min);
        insert(c, from.count + 1, from);
        dropIfEmpty(from);
    }

    /** Moves {@code c} from its bucket to the one of {@code count}, just above it. */
    private void moveUp(Counter c, long count) {
        Bucket from = c.bucket;
        unlink(c);
        insert(c, count, from);
        dropIfEmpty(from);
    }

    /** Appends {@code c} to the bucket of {@code count}, made after {@code below} (null: the smallest) if missing. */
    private void insert(Counter c, long count, Bucket below) {
        Bucket next = below == null ? smallest : below.larger;
        Bucket b;
        if (next != null && next.count == count) {
            b = next;
        } else {
            b = new Bucket(count);
            b.smaller = below;
            b.larger = next;
            if (next != null) {
                next.smaller = b;
            }
            if (below != null) {
                below.larger = b;
            } else {
                smallest = b;
            }
        }
        c.bucket = b;
        c.prev = b.last;
        c.next = null;
        if (b.last != null) {
            b.last.next = c;
        } else {
            b.first = c;
        }
        b.last = c;
    }

    private static void unlink(Counter c) {
        Bucket b = c.bucket;
        if (c.prev != null) {
            c.prev.next = c.next;
        } else {
            b.first = c.next;
        }
        if (c.next != null) {
            c.next.prev = c.prev;
        } else {
            b.last = c.prev;
        }
        c.prev = null;
        c.next = null;
    }

    private void dropIfEmpty(Bucket b) {
        if (b.first != null) {
            return;
        }
        if (b.smaller != null) {
            b.smaller.larger = b.larger;
        } else {
            smallest = b.larger;
        }
        if (b.larger != null) {
            b.larger.smaller = b.smaller;
        }
    }

    /** True while every count is exact: no more distinct keys than the capacity were seen. */
    boolean exact() {
        return !evicted;
    }

    /** The {@code n} most counted keys, most first (ties by db, then key bytes). */
    List<Entry> top(int n) {
        List<Entry> all = new ArrayList<>(counters.size());
        for (Counter c : counters.values()) {
            all.add(new Entry(c.id.db(), c.id.key(), c.bucket.count, c.error));
        }
        all.sort(Comparator.comparingLong(Entry::count).reversed().thenComparingLong(Entry::db)
                .thenComparing(Entry::key, Arrays::compareUnsigned));
        return all.subList(0, Math.min(n, all.size()));
    }
}
