// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.TypeRegistry;
import dev.cinnabar.core.rdb.FieldTtlTally;
import dev.cinnabar.core.rdb.HashFieldTtls;
import dev.cinnabar.core.rdb.RdbEntry;
import dev.cinnabar.core.rdb.RdbFormatException;
import dev.cinnabar.core.rdb.RdbLoader;
import dev.cinnabar.core.rdb.RdbReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The keys of an RDB file that a conversion keeps, one at a time, as the engine's loader would keep them:
 * in the filter (database, glob, regex, {@code --type}), not expired (Redis's loader drops a key whose
 * expiry has passed), not an empty collection. Two passes: {@link #count} walks the file with
 * {@link RdbChecker} (verifying it, so a corrupt file is refused before anything is written, and counting
 * each database's kept keys for the RESIZEDB hints); {@link #read} walks it again, deciding record by record:
 * each value is handed on as a byte range of the file, to copy as stored or to re-encode element by element,
 * and only a value no byte-level path handles (an old-layout module value) is decoded alone with the engine's
 * RDB reader. Memory: a counter per database, plus that one decoded value when there is one (nothing that
 * grows with a copied or re-encoded value).
 *
 * <p>Not detected (the engine's loader did, all in memory): a key twice in one database, which Redis
 * refuses to load; the output then has it twice as well.
 */
final class KeptEntries {
    /**
     * Where kept records go, and how: copied as stored, re-encoded from the stored bytes, or decoded by the
     * engine (a type only a registered plugin reads). Functions come in file order with the keys.
     */
    interface Sink {
        /** Whether a value stored as RDB type {@code rdbType} goes to {@link #copy}. */
        boolean copies(int rdbType);

        /** Whether a value stored as RDB type {@code rdbType} (not copied) goes to {@link #reencode}. */
        boolean reencodes(int rdbType);

        void function(byte[] libraryCode) throws IOException;

        void entry(RdbEntry entry) throws IOException;

        /** A kept key whose record (type byte, key, value) is bytes {@code [start, end)} of {@code file}. */
        void copy(long db, long expireAtMs, FileRecords file, long start, long end) throws IOException;

        /** As {@link #copy}, for a value to re-encode from the record's bytes (read as often as it needs). */
        void reencode(long db, long expireAtMs, int rdbType, FileRecords file, long start, long end)
                throws IOException;
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
     * Second pass, in file order: each kept key goes to {@code sink} as a byte range of the file, to copy or to
     * re-encode as the sink says by its RDB type (so memory does not grow with the value), or else decoded alone
     * with the engine's RDB reader; each function library goes to {@link Sink#function}.
     *
     * @throws dev.cinnabar.core.rdb.RdbFormatException for a corrupt file (with its offset)
     */
    void read(Path file, TypeRegistry types, Sink sink) throws IOException {
        try (FileRecords records = new FileRecords(file)) {
            RecordDecoder decoder = new RecordDecoder(records, types, now);
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
                    if (HashFieldTtls.isFieldTtlType(rdbType)) {
                        // tallied even for a key left out, as the engine's loader reading the whole file does
                        tallyFieldTtls(rdbType, records, start, end, kept);
                    }
                    if (!kept) {
                        return;
                    }
                    if (sink.copies(rdbType)) {
                        call(() -> sink.copy(db, expireAtMs, records, start, end));
                    } else if (sink.reencodes(rdbType)) {
                        call(() -> sink.reencode(db, expireAtMs, rdbType, records, start, end));
                    } else {
                        decodeKey(decoder, db, expireAtMs, start, end, sink);
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

    private void decodeKey(RecordDecoder decoder, long db, long expireAtMs, long start, long end, Sink sink) {
        decoder.decode(start, end, new dev.cinnabar.core.rdb.RdbVisitor() {
            @Override
            public void entry(RdbEntry e) {
                RdbEntry placed = new RdbEntry(db, e.key(), e.typeId(), e.type(), e.value(), expireAtMs,
                        e.idleSeconds(), e.lfuFrequency(), start);
                call(() -> sink.entry(placed));
            }
        });
    }

    /**
     * What the engine's loader reports of an RDB 12 hash with field TTLs, counted field by field from the
     * record: the TTLs a kept field loses, the fields already expired at {@link #now}, and whether none is left.
     */
    private void tallyFieldTtls(int rdbType, FileRecords records, long start, long end, boolean kept) {
        RdbReader record = records.reader(records.valueStart(start, end), end);
        HashFieldTtls.FieldFate fate = HashFieldTtls.fate(rdbType, record, now);
        if (fate.anyLost()) {
            fieldTtls.hashFieldTtls(fate.ttlsDropped(), fate.expired(), fate.kept() == 0);
        }
        fieldTtls.settle(kept);
    }

    /** The time expiries are judged at: keys, and RDB 12 hash fields (a field expired by then is dropped). */
    long now() {
        return now;
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
