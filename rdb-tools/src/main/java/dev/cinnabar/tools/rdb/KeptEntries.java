// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.TypeRegistry;
import dev.cinnabar.core.rdb.FieldTtlTally;
import dev.cinnabar.core.rdb.HashFieldTtls;
import dev.cinnabar.core.rdb.RdbEntry;
import dev.cinnabar.core.rdb.RdbFormatException;
import dev.cinnabar.core.rdb.RdbLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * The keys of an RDB file that a conversion keeps, one at a time, as the engine's loader would keep them:
 * in the filter (database, glob, regex, {@code --type}), not expired (Redis's loader drops a key whose
 * expiry has passed), not an empty collection. Two passes: {@link #count} walks the file with
 * {@link RdbChecker} (verifying it, so a corrupt file is refused before anything is written, and counting
 * each database's kept keys for the RESIZEDB hints); {@link #read} walks it again, deciding record by record:
 * a value the target holds as stored is handed on as a byte range of the file (copied, never decoded), any
 * other is decoded alone with the engine's RDB reader. Memory: a counter per database, plus the one value
 * being decoded when one must be (nothing that grows with a copied value).
 *
 * <p>Not detected (the engine's loader did, all in memory): a key twice in one database, which Redis
 * refuses to load; the output then has it twice as well.
 */
final class KeptEntries {
    /** Where kept records go; functions come in file order with the keys. */
    interface Sink {
        void function(byte[] libraryCode) throws IOException;

        void entry(RdbEntry entry) throws IOException;

        /** A kept key whose record (type byte, key, value) is bytes {@code [start, end)} of {@code file}. */
        void copy(long db, long expireAtMs, FileChannel file, long start, long end) throws IOException;
    }

    private final KeyFilter filter;
    private final String type;
    private final long now;
    private final Map<Long, long[]> counts = new TreeMap<>();
    private final FieldTtlTally fieldTtls = new FieldTtlTally();

    /** @param type a type name ({@code --type}), null for every type */
    KeptEntries(KeyFilter filter, String type, long now) {
        this.filter = filter;
        this.type = type;
        this.now = now;
    }

    /** First pass: verifies {@code file} and counts per database the keys (and keys with an expiry) kept. */
    RdbCheckReport count(Path file) throws IOException {
        return RdbChecker.check(file, new RdbVisitor() {
            @Override
            public void key(long db, byte[] key, int rdbType, long expireAtMs, long elements, long bytes) {
                if (elements == 0 || !keeps(db, key, RdbTypes.typeName(rdbType), expireAtMs)) {
                    return;
                }
                long[] c = counts.computeIfAbsent(db, d -> new long[2]);
                c[0]++;
                if (expireAtMs >= 0) {
                    c[1]++;
                }
            }
        });
    }

    /** The RESIZEDB hint of {@code db}, from {@link #count}. */
    RdbVersionWriter.DbSize size(long db) {
        long[] c = counts.getOrDefault(db, new long[2]);
        return new RdbVersionWriter.DbSize(c[0], c[1]);
    }

    /** Keys kept, from {@link #count}. */
    long keys() {
        return counts.values().stream().mapToLong(c -> c[0]).sum();
    }

    /**
     * Second pass, in file order: each kept key whose stored form {@code copyable} accepts (by RDB type id) goes
     * to {@link Sink#copy} as a byte range of the file, never decoded, so memory stays the same whatever the
     * value's size; every other kept key is decoded alone with the engine's RDB reader and goes to
     * {@link Sink#entry}; each function library goes to {@link Sink#function}.
     *
     * @throws dev.cinnabar.core.rdb.RdbFormatException for a corrupt file (with its offset)
     */
    void read(Path file, TypeRegistry types, IntPredicate copyable, Sink sink) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            RecordDecoder decoder = new RecordDecoder(channel, types, now);
            RdbCheckReport walked = RdbChecker.check(file, new RdbVisitor() {
                private long start;
                private long end;

                @Override
                public void keyRecord(long from, long to) {
                    start = from;
                    end = to;
                }

                @Override
                public void functionRecord(long from, long to) {
                    decoder.decode(from, to, new dev.cinnabar.core.rdb.RdbVisitor() {
                        @Override
                        public void function(byte[] libraryCode) {
                            call(() -> sink.function(libraryCode));
                        }

                        @Override
                        public void entry(RdbEntry e) {
                        }
                    });
                }

                @Override
                public void key(long db, byte[] key, int rdbType, long expireAtMs, long elements, long bytes) {
                    boolean kept = elements > 0 && keeps(db, key, RdbTypes.typeName(rdbType), expireAtMs);
                    if (kept && copyable.test(rdbType)) {
                        call(() -> sink.copy(db, expireAtMs, channel, start, end));
                    } else if (kept || HashFieldTtls.isFieldTtlType(rdbType)) {
                        // hash field TTLs are tallied even for a key left out, as a whole-file read did
                        decodeKey(decoder, db, expireAtMs, kept, start, end, sink);
                    }
                }
            });
            if (!walked.ok()) {
                throw new RdbFormatException(walked.failure().reason(), walked.failure().offset());
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void decodeKey(RecordDecoder decoder, long db, long expireAtMs, boolean kept, long start, long end,
                           Sink sink) {
        decoder.decode(start, end, new dev.cinnabar.core.rdb.RdbVisitor() {
            @Override
            public void hashFieldTtls(long d, byte[] key, long ttlsDropped, long fieldsExpired, boolean keyDropped,
                                      long offset) {
                fieldTtls.hashFieldTtls(ttlsDropped, fieldsExpired, keyDropped);
            }

            @Override
            public void entry(RdbEntry e) {
                fieldTtls.settle(kept);
                if (kept) {
                    RdbEntry placed = new RdbEntry(db, e.key(), e.typeId(), e.type(), e.value(), expireAtMs,
                            e.idleSeconds(), e.lfuFrequency(), start);
                    call(() -> sink.entry(placed));
                }
            }
        });
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void call(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What became of RDB 12 hash field TTLs in the keys {@link #read} kept. */
    RdbLoader.FieldTtls fieldTtls() {
        return fieldTtls.result();
    }

    private boolean keeps(long db, byte[] key, String typeName, long expireAtMs) {
        return filter.matches(db, key) && (type == null || type.equalsIgnoreCase(typeName))
                && !(expireAtMs != -1 && expireAtMs < now);
    }
}
