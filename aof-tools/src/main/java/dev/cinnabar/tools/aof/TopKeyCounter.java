// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.aof;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The most frequent (db, key) pairs of a stream in bounded memory: Metwally et al.'s Space-Saving. Up to
 * {@code capacity} distinct keys the counts are exact; past it, a new key takes the place of the least
 * counted one and inherits its count as a possible overestimate, so every reported count is an upper bound
 * and {@code count - error} a lower bound, and any key seen more than {@code total / capacity} times is kept.
 */
public final class TopKeyCounter {
    /** One counted key: its count and how much of it may belong to keys it replaced. */
    public record Entry(long db, byte[] key, long count, long error) {
    }

    private static final class Counter {
        final long db;
        final byte[] key;
        final long seq;
        long count;
        long error;

        Counter(long db, byte[] key, long seq, long count, long error) {
            this.db = db;
            this.key = key;
            this.seq = seq;
            this.count = count;
            this.error = error;
        }
    }

    private record Id(long db, ByteBuffer key) {
    }

    private final int capacity;
    private final Map<Id, Counter> counters = new HashMap<>();
    /** By count, then by arrival: the first is the one to evict. */
    private final TreeSet<Counter> byCount = new TreeSet<>(
            Comparator.<Counter>comparingLong(c -> c.count).thenComparingLong(c -> c.seq));
    private long seq;
    private boolean evicted;

    TopKeyCounter(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    /** Counts one write of {@code key} in {@code db}; the array is copied when kept. */
    void add(long db, byte[] key) {
        Counter c = counters.get(new Id(db, ByteBuffer.wrap(key)));
        if (c != null) {
            byCount.remove(c);
            c.count++;
            byCount.add(c);
            return;
        }
        long inherited = 0;
        if (counters.size() >= capacity) {
            Counter min = byCount.pollFirst();
            counters.remove(new Id(min.db, ByteBuffer.wrap(min.key)));
            inherited = min.count;
            evicted = true;
        }
        byte[] copy = key.clone();
        c = new Counter(db, copy, seq++, inherited + 1, inherited);
        counters.put(new Id(db, ByteBuffer.wrap(copy)), c);
        byCount.add(c);
    }

    /** True while every count is exact: no more distinct keys than the capacity were seen. */
    boolean exact() {
        return !evicted;
    }

    /** The {@code n} most counted keys, most first (ties by db, then key bytes). */
    List<Entry> top(int n) {
        List<Entry> all = new ArrayList<>(counters.size());
        for (Counter c : counters.values()) {
            all.add(new Entry(c.db, c.key, c.count, c.error));
        }
        all.sort(Comparator.comparingLong(Entry::count).reversed().thenComparingLong(Entry::db)
                .thenComparing(Entry::key, Arrays::compareUnsigned));
        return all.subList(0, Math.min(n, all.size()));
    }
}
