// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.TypeRegistry;
import dev.cinnabar.core.rdb.FieldTtlTally;
import dev.cinnabar.core.rdb.RdbEntry;
import dev.cinnabar.core.rdb.RdbFileReader;
import dev.cinnabar.core.rdb.RdbLoader;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The keys of an RDB file that a conversion keeps, one at a time, as the engine's loader would keep them:
 * in the filter (database, glob, regex, {@code --type}), not expired (Redis's loader drops a key whose
 * expiry has passed), not an empty collection. Two passes: {@link #count} walks the file with
 * {@link RdbChecker} (verifying it, so a corrupt file is refused before anything is written, and counting
 * each database's kept keys for the RESIZEDB hints); {@link #read} then decodes each value with the
 * engine's RDB reader and hands it on. Memory: one decoded value at a time, plus a counter per database.
 *
 * <p>Not detected (the engine's loader did, all in memory): a key twice in one database, which Redis
 * refuses to load; the output then has it twice as well.
 */
final class KeptEntries {
    /** Where kept records go; functions come in file order with the keys. */
    interface Sink {
        void function(byte[] libraryCode) throws IOException;

        void entry(RdbEntry entry) throws IOException;
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
     * Second pass: each kept key decoded, in file order, and each function library.
     *
     * @throws dev.cinnabar.core.rdb.RdbFormatException for a corrupt file (with its offset)
     */
    void read(Path file, TypeRegistry types, Sink sink) throws IOException {
        try (InputStream in = new BufferedInputStream(Progress.track(Files.newInputStream(file)), 1 << 16)) {
            // expired fields of an RDB 12 hash go as the loader drops them; live ones lose their TTL
            new RdbFileReader(in, types).dropExpiredFieldsBefore(now).read(new dev.cinnabar.core.rdb.RdbVisitor() {
                @Override
                public void function(byte[] libraryCode) {
                    try {
                        sink.function(libraryCode);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public void hashFieldTtls(long db, byte[] key, long ttlsDropped, long fieldsExpired,
                        boolean keyDropped, long offset) {
                    fieldTtls.hashFieldTtls(ttlsDropped, fieldsExpired, keyDropped);
                }

                @Override
                public void entry(RdbEntry e) {
                    boolean kept = keeps(e.db(), e.key(), e.type().name(), e.expireAtMillis());
                    fieldTtls.settle(kept);
                    if (!kept) {
                        return;
                    }
                    try {
                        sink.entry(e);
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
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
