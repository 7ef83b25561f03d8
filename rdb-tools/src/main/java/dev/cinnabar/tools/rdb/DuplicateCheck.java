// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Whether any byte string (under a scope: a database number) is given twice, in bounded memory whatever
 * their number. Up to a cap they are held as fingerprints in a {@link FingerprintSet}, which says at once
 * which one repeats. Past it, every fingerprint goes to a temp file instead, and {@link #repeatFound} sorts it
 * in runs of a bounded size and merges them, looking for two equal neighbours: a repeat found so is not
 * named, only known. Two different strings share a fingerprint with a probability of about n²/2^65.
 */
final class DuplicateCheck implements Closeable {
    private final FingerprintSet table;
    private final Path dir;
    private final int runLength;
    private Path spill;
    private DataOutputStream spillOut;
    private final List<Path> runs = new ArrayList<>();

    /**
     * @param tableCap  entries held in memory, checked at once
     * @param runLength fingerprints sorted in memory at a time past the cap
     */
    DuplicateCheck(Path dir, long tableCap, int runLength) {
        this.table = new FingerprintSet(tableCap);
        this.dir = dir;
        this.runLength = runLength;
    }

    /** A check of a sixteenth of the heap in memory, sorting an eighth of it at a time past it. */
    static DuplicateCheck forHeap(Path dir) {
        long heap = Runtime.getRuntime().maxMemory();
        return new DuplicateCheck(dir, Math.max(1 << 16, heap / 16 / 16),
                (int) Math.min(1 << 26, Math.max(1 << 16, heap / 8 / 8)));
    }

    /**
     * Adds {@code bytes} under {@code scope}; false when it was certainly added before. True past the table's
     * cap: {@link #repeatFound} then tells.
     */
    boolean add(long scope, byte[] bytes) throws IOException {
        if (spillOut == null) {
            boolean fresh = table.add(scope, bytes);
            if (!table.capped()) {
                return fresh;
            }
            startSpill();
        }
        spillOut.writeLong(FingerprintSet.fingerprint(scope, bytes));
        return true;
    }

    /** Whether the strings past the table's cap hold a repeat (among themselves or with those before). */
    boolean repeatFound() throws IOException {
        if (spillOut == null) {
            return false;
        }
        spillOut.close();
        long[] run = new long[runLength];
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(spill), 1 << 16))) {
            boolean more = true;
            while (more) {
                int n = 0;
                try {
                    while (n < run.length) {
                        run[n] = in.readLong();
                        n++;
                    }
                } catch (EOFException e) {
                    more = false;
                }
                if (n == 0) {
                    break;
                }
                Arrays.sort(run, 0, n);
                for (int i = 1; i < n; i++) {
                    if (run[i] == run[i - 1]) {
                        return true;
                    }
                }
                writeRun(run, n);
            }
        }
        return runs.size() > 1 && mergeFindsRepeat();
    }

    private void startSpill() throws IOException {
        spill = Files.createTempFile(dir, "temp-import-", ".keys");
        spillOut = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(spill), 1 << 16));
        try {
            table.forEach(h -> {
                try {
                    spillOut.writeLong(h);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        table.clear();
    }

    private void writeRun(long[] run, int n) throws IOException {
        Path file = Files.createTempFile(dir, "temp-import-", ".run");
        runs.add(file);
        try (DataOutputStream out = new DataOutputStream(
                new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            for (int i = 0; i < n; i++) {
                out.writeLong(run[i]);
            }
        }
    }

    /** A k-way merge of the sorted runs: a repeat is two equal values in a row. */
    private boolean mergeFindsRepeat() throws IOException {
        List<DataInputStream> inputs = new ArrayList<>();
        try {
            // each head: its value and its run, ordered by value
            PriorityQueue<long[]> heads = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
            for (Path run : runs) {
                DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), 1 << 12));
                inputs.add(in);
                heads.add(new long[] {in.readLong(), inputs.size() - 1});
            }
            boolean first = true;
            long previous = 0;
            while (!heads.isEmpty()) {
                long[] head = heads.poll();
                if (!first && head[0] == previous) {
                    return true;
                }
                first = false;
                previous = head[0];
                DataInputStream in = inputs.get((int) head[1]);
                try {
                    head[0] = in.readLong();
                    heads.add(head);
                } catch (EOFException e) {
                    // this run is done
                }
            }
            return false;
        } finally {
            for (DataInputStream in : inputs) {
                in.close();
            }
        }
    }

    /** Deletes the temp files. */
    @Override
    public void close() throws IOException {
        if (spillOut != null) {
            spillOut.close();
            Files.deleteIfExists(spill);
        }
        for (Path run : runs) {
            Files.deleteIfExists(run);
        }
        runs.clear();
    }
}
