// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Finds a key stored twice in one database of an RDB, which Redis's loader refuses ("Duplicated key found in RDB
 * file": it panics) and redis-check-rdb does not look for. The keys go to a {@link FingerprintSet} of up to a
 * quarter of the heap.
 *
 * <p>A table of millions of keys misses the CPU cache on nearly every insert, which would cost about half as much
 * as the rest of {@code rdb check}. So once a walk has more keys than one batch, batches go to a thread of their
 * own, which the walk waits for only when it ends (a bounded queue keeps the keys held at a few batches). The walk
 * computes each key's fingerprint itself, while the key's bytes are still in its core's cache: read again on the
 * other core they would cost more than the table. A one-record walk (a DUMP payload) never starts the thread.
 */
final class DuplicateKeys {
    /** The second record of a key: where it starts and where the loader, having read it, stops. */
    record Found(long db, byte[] key, int rdbType, long start, long end) {
    }

    private static final int BATCH = 4096;
    private static final long ANNOUNCED_MAX = 1 << 22;
    private static final Batch END = new Batch(0);

    private static final class Batch {
        long[] fingerprints;
        long[] dbs;
        byte[][] keys;
        int[] types;
        long[] starts;
        long[] ends;
        int size;
        /** Keys the file announces before these (RESIZEDB), for the table to make room for at once. */
        long announced;

        Batch(int capacity) {
            fingerprints = new long[capacity];
            dbs = new long[capacity];
            keys = new byte[capacity][];
            types = new int[capacity];
            starts = new long[capacity];
            ends = new long[capacity];
        }

        int capacity() {
            return dbs.length;
        }

        void grow() {
            int capacity = Math.min(BATCH, capacity() * 4);
            fingerprints = Arrays.copyOf(fingerprints, capacity);
            dbs = Arrays.copyOf(dbs, capacity);
            keys = Arrays.copyOf(keys, capacity);
            types = Arrays.copyOf(types, capacity);
            starts = Arrays.copyOf(starts, capacity);
            ends = Arrays.copyOf(ends, capacity);
        }
    }

    private final FingerprintSet seen = FingerprintSet.forKeys();
    /** Starts small: a checker is made per DUMP payload, a one-record walk. */
    private Batch batch = new Batch(4);
    private BlockingQueue<Batch> queue;
    private Thread checker;
    /** Written by the checker thread, read after it ends. */
    private Found found;
    private long checked;

    /** Notes the key of a record from {@code start} to {@code end} (walk order). */
    void add(long db, byte[] key, int rdbType, long start, long end) {
        Batch b = batch;
        int i = b.size++;
        b.fingerprints[i] = FingerprintSet.fingerprint(db, key);
        b.dbs[i] = db;
        b.keys[i] = key;
        b.types[i] = rdbType;
        b.starts[i] = start;
        b.ends[i] = end;
        if (b.size == b.capacity()) {
            if (b.capacity() < BATCH) {
                b.grow();
            } else {
                handOver(b);
                batch = new Batch(BATCH);
            }
        }
    }

    /**
     * The file announces {@code keys} more keys (a RESIZEDB record). Believed up to {@value #ANNOUNCED_MAX}: a
     * damaged count must not make a small file's check allocate a quarter of the heap.
     */
    void announce(long keys) {
        batch.announced = Math.min(ANNOUNCED_MAX, batch.announced + Math.max(0, keys));
    }

    /** Waits for every key noted; the first key stored twice, or null. */
    Found finish() {
        if (checker == null) {
            check(batch);
        } else {
            put(batch);
            put(END);
            try {
                checker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checking for duplicate keys", e);
            }
        }
        batch = new Batch(4);
        return found;
    }

    /** Keys checked: all of them unless the set reached its cap. */
    long checked() {
        return checked;
    }

    private void handOver(Batch b) {
        if (checker == null) {
            queue = new ArrayBlockingQueue<>(4);
            checker = new Thread(this::drain, "rdb-duplicate-keys");
            checker.setDaemon(true);
            checker.start();
        }
        put(b);
    }

    private void put(Batch b) {
        try {
            queue.put(b);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking for duplicate keys", e);
        }
    }

    private void drain() {
        try {
            for (Batch b = queue.take(); b != END; b = queue.take()) {
                check(b);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void check(Batch b) {
        seen.expect(b.announced);
        for (int i = 0; i < b.size && found == null; i++) {
            if (!seen.addFingerprint(b.fingerprints[i])) {
                found = new Found(b.dbs[i], b.keys[i], b.types[i], b.starts[i], b.ends[i]);
            } else if (!seen.capped()) {
                checked++;
            }
        }
    }
}
