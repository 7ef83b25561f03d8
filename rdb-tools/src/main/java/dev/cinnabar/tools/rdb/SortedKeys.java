// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * One side of {@code rdb diff} in (database, key) order, by an external merge sort: items are buffered up to
 * a byte budget, each full buffer is sorted and written to a temporary run file, and the runs are merged
 * (at most {@link #FAN_IN} at a time, merging groups of runs first when there are more). Memory: the budget
 * plus one read buffer per merged run, whatever the number of keys; disk: about the keys' size plus 40
 * bytes per key. A side that fits in the budget is never written out. Keys are compared as unsigned
 * bytes; when a key comes twice (a live server's SCAN may return a key more than once) the first one
 * added is kept.
 */
final class SortedKeys implements AutoCloseable {
    /** Default buffer per side: about 300,000 keys of 100 bytes. */
    static final long DEFAULT_BUDGET = 48L << 20;
    /** Runs merged at once: each holds a read buffer of {@link #READ_BUFFER}. */
    static final int FAN_IN = 64;
    private static final int READ_BUFFER = 1 << 16;
    /** What an item costs in memory besides its key: the objects, the fingerprint, the list slot. */
    private static final int ITEM_OVERHEAD = 120;
    private static final Comparator<KeySource.Item> ORDER = (x, y) -> {
        int c = Long.compare(x.db(), y.db());
        return c != 0 ? c : Arrays.compareUnsigned(x.key(), y.key());
    };

    private final Path tempDir;
    private final long budget;
    private final List<KeySource.Item> buffer = new ArrayList<>();
    private final List<Path> runs = new ArrayList<>();
    private long buffered;
    private long added;
    private Merge merge;

    /** @param tempDir where run files go (created if missing); removed again by {@link #close} */
    SortedKeys(Path tempDir, long budget) {
        this.tempDir = tempDir;
        this.budget = budget;
    }

    void add(KeySource.Item item) {
        buffer.add(item);
        buffered += item.key().length + ITEM_OVERHEAD;
        added++;
        if (buffered >= budget) {
            spill();
        }
    }

    long added() {
        return added;
    }

    /** Run files written so far (0: the side fits in memory). */
    int runs() {
        return runs.size();
    }

    /** The items in order, each (database, key) once. Call once, after the last {@link #add}. */
    Iterator<KeySource.Item> sorted() throws IOException {
        Iterator<KeySource.Item> merged;
        if (runs.isEmpty()) {
            buffer.sort(ORDER);
            merged = buffer.iterator();
        } else {
            spill();
            while (runs.size() > FAN_IN) {
                // one pass merges consecutive groups, so a tie still goes to the item added first
                List<Path> next = new ArrayList<>();
                for (int i = 0; i < runs.size(); i += FAN_IN) {
                    List<Path> group = runs.subList(i, Math.min(runs.size(), i + FAN_IN));
                    Path out = newRun();
                    try (Merge m = new Merge(group); DataOutputStream o = writer(out)) {
                        while (m.hasNext()) {
                            write(o, m.next());
                        }
                    }
                    for (Path p : group) {
                        Files.deleteIfExists(p);
                    }
                    next.add(out);
                }
                runs.clear();
                runs.addAll(next);
            }
            merge = new Merge(runs);
            merged = merge;
        }
        return dedup(merged);
    }

    private static Iterator<KeySource.Item> dedup(Iterator<KeySource.Item> in) {
        return new Iterator<>() {
            private KeySource.Item next = in.hasNext() ? in.next() : null;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public KeySource.Item next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                KeySource.Item current = next;
                next = null;
                while (in.hasNext()) {
                    KeySource.Item candidate = in.next();
                    if (ORDER.compare(candidate, current) != 0) {
                        next = candidate;
                        break;
                    }
                }
                return current;
            }
        };
    }

    private void spill() {
        if (buffer.isEmpty()) {
            return;
        }
        buffer.sort(ORDER);
        try {
            Path run = newRun();
            try (DataOutputStream o = writer(run)) {
                for (KeySource.Item item : buffer) {
                    write(o, item);
                }
            }
            runs.add(run);
        } catch (IOException e) {
            throw new UncheckedIOException("can't write a sort run in " + tempDir + ": " + e.getMessage(), e);
        }
        buffer.clear();
        buffered = 0;
    }

    private Path newRun() throws IOException {
        Files.createDirectories(tempDir);
        return Files.createTempFile(tempDir, "cinnabar-diff-", ".run");
    }

    private static DataOutputStream writer(Path run) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), READ_BUFFER));
    }

    private static void write(DataOutputStream o, KeySource.Item item) throws IOException {
        o.writeLong(item.db());
        o.writeInt(item.key().length);
        o.write(item.key());
        o.writeUTF(item.value().type());
        o.writeLong(item.value().hi());
        o.writeLong(item.value().lo());
        o.writeLong(item.expireAtMs());
    }

    @Override
    public void close() {
        if (merge != null) {
            try {
                merge.close();
            } catch (IOException e) {
                // closing a read-only file: nothing lost
            }
        }
        for (Path p : runs) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a run left in the temp directory is only disk
            }
        }
        runs.clear();
        buffer.clear();
    }

    /** A k-way merge of sorted run files; ties go to the earlier run. */
    private static final class Merge implements Iterator<KeySource.Item>, AutoCloseable {
        private final PriorityQueue<Reader> heads = new PriorityQueue<>((x, y) -> {
            int c = ORDER.compare(x.head, y.head);
            return c != 0 ? c : Integer.compare(x.index, y.index);
        });
        private final List<Reader> all = new ArrayList<>();
        /** Type names read back, shared rather than one String per key. */
        private final Map<String, String> types = new HashMap<>();

        Merge(List<Path> runs) throws IOException {
            for (int i = 0; i < runs.size(); i++) {
                Reader r = new Reader(runs.get(i), i);
                all.add(r);
                if (r.advance(types)) {
                    heads.add(r);
                }
            }
        }

        @Override
        public boolean hasNext() {
            return !heads.isEmpty();
        }

        @Override
        public KeySource.Item next() {
            Reader r = heads.poll();
            if (r == null) {
                throw new NoSuchElementException();
            }
            KeySource.Item item = r.head;
            try {
                if (r.advance(types)) {
                    heads.add(r);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return item;
        }

        @Override
        public void close() throws IOException {
            for (Reader r : all) {
                r.in.close();
            }
        }
    }

    private static final class Reader {
        final DataInputStream in;
        final int index;
        KeySource.Item head;

        Reader(Path run, int index) throws IOException {
            this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), READ_BUFFER));
            this.index = index;
        }

        boolean advance(Map<String, String> types) throws IOException {
            long db;
            try {
                db = in.readLong();
            } catch (EOFException e) {
                in.close();
                head = null;
                return false;
            }
            byte[] key = new byte[in.readInt()];
            in.readFully(key);
            String type = types.computeIfAbsent(in.readUTF(), t -> t);
            long hi = in.readLong();
            long lo = in.readLong();
            head = new KeySource.Item(db, key, new ValueDigest.Fingerprint(type, hi, lo), in.readLong());
            return true;
        }
    }
}
