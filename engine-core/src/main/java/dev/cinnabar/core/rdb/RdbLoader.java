// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.TypeRegistry;
import dev.cinnabar.core.keyspace.ByteKeyMap;
import dev.cinnabar.core.keyspace.Database;
import dev.cinnabar.core.keyspace.KeyspaceHost;
import dev.cinnabar.core.keyspace.LruClock;
import dev.cinnabar.spi.ValueType;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Loads an RDB stream into an engine, all or nothing. Engine thread.
 *
 * <p>How all-or-nothing is kept: the file is read into fresh staging databases, not the engine's; only
 * when the whole file, checksum included, has been read are the staging tables swapped into the engine's
 * databases ({@link Database#swapWith}), which then hold exactly the file's content (databases the file
 * does not mention end up empty, as after Redis's {@code emptyData} + {@code rdbLoad}). On any error the
 * staging databases are dropped and the engine is untouched. The price: while loading, the old content and
 * the new one are both in memory (at startup the old one is empty).
 *
 * <p>As Redis: keys whose expiry has passed are dropped (a master's rule; an AOF preamble keeps them, see
 * {@link Options}); LRU idle times from IDLE records are applied; LFU counters from FREQ records are read
 * but not kept (access frequency is not tracked); RDB 12 hash fields load without their TTL (expired ones
 * dropped under the same rule as keys), counted in {@link FieldTtls} and logged once per load; a duplicate key is an error (Redis panics); function
 * libraries replace {@link Engine#functionLibraries()}; module AUX data is an error naming the module,
 * since no plugin can take it yet.
 */
public final class RdbLoader {
    private static final System.Logger LOG = System.getLogger("cinnabar.rdb");
    /** Read buffer of {@link #load(Engine, Path)}. */
    private static final int FILE_BUFFER = 1 << 16;

    /**
     * What a load did.
     *
     * @param keysLoaded        keys stored (Redis's rdb_last_load_keys_loaded)
     * @param keysExpired       keys dropped because their expiry had passed (rdb_last_load_keys_expired)
     * @param emptyKeysSkipped  empty collections skipped, as Redis skips them
     * @param auxFields         the file's AUX fields in file order (names and values as UTF-8)
     * @param functionLibraries the function libraries' code, in file order
     * @param bytesRead         bytes consumed, from "REDIS" to the end of the checksum
     * @param rdbVersion        the file's RDB version
     * @param fieldTtls         what became of RDB 12 hash field TTLs, which this engine cannot hold
     */
    public record Result(long keysLoaded, long keysExpired, long emptyKeysSkipped, Map<String, String> auxFields,
            List<byte[]> functionLibraries, long bytesRead, int rdbVersion, FieldTtls fieldTtls) {
        public Result {
            auxFields = Collections.unmodifiableMap(new LinkedHashMap<>(auxFields));
            functionLibraries = List.copyOf(functionLibraries);
        }
    }

    /**
     * Hash field TTLs of an RDB 12 file (Redis 7.4 hash field expiry), which a Redis 7.0 engine cannot hold.
     *
     * @param ttlsDropped     live fields loaded as ordinary fields, without their TTL
     * @param keysWithTtls    keys that had at least one such field
     * @param fieldsExpired   fields dropped because their TTL had passed at the load clock (Redis 7.4 loads
     *                        them and expires them at once, lazily or actively: no client sees them)
     * @param keysAllExpired  hashes dropped because every field had expired (counted in keysExpired too)
     */
    public record FieldTtls(long ttlsDropped, long keysWithTtls, long fieldsExpired, long keysAllExpired) {
        /** Whether any field of the file had a TTL. */
        public boolean any() {
            return ttlsDropped > 0 || fieldsExpired > 0;
        }

        /** The warning a load logs about them. */
        public String warning(String source) {
            return source + ": " + ttlsDropped + " hash field(s) in " + keysWithTtls + " key(s) had a TTL (Redis 7.4 "
                    + "hash field expiry, RDB 12), which this server (Redis 7.0) cannot hold: they were loaded "
                    + "without it and will not expire" + (fieldsExpired > 0 ? "; " + fieldsExpired
                    + " field(s) already expired were dropped" + (keysAllExpired > 0 ? ", and " + keysAllExpired
                    + " hash(es) left with no field were not loaded" : "") : "");
        }
    }

    /**
     * How to load.
     *
     * @param dropExpired    drop keys whose expiry has passed: true for a master's RDB load, false for the
     *                       RDB preamble of an AOF (its commands were logged against the keys as they were)
     * @param verifyChecksum check the CRC-64 ({@code rdbchecksum}); a file written without one always passes
     * @param merge          keep the engine's keys and add the file's, a file's key replacing an engine key of
     *                       the same name (DEBUG RELOAD MERGE, Redis's RDBFLAGS_ALLOW_DUP); false: the
     *                       engine's databases hold exactly the file's content afterwards
     */
    public record Options(boolean dropExpired, boolean verifyChecksum, boolean merge) {
        public Options(boolean dropExpired, boolean verifyChecksum) {
            this(dropExpired, verifyChecksum, false);
        }

        /** A master loading its RDB file, checking the checksum unless {@code rdbchecksum no}. */
        public static Options forEngine(Engine engine) {
            return new Options(true, !"no".equals(engine.config().get("rdbchecksum")));
        }

        /** The RDB preamble of an AOF: every key is kept, expired or not. */
        public static Options aofPreamble(Engine engine) {
            return new Options(false, !"no".equals(engine.config().get("rdbchecksum")));
        }

        /** The same options, merging into the engine's keys. */
        public Options merging() {
            return new Options(dropExpired, verifyChecksum, true);
        }
    }

    private RdbLoader() {
    }

    /**
     * Reads a whole RDB from {@code in} (starting at "REDIS") and replaces the engine's databases with
     * its content, dropping keys whose expiry has passed as a master does. Stops right after the EOF
     * opcode and its checksum, so an AOF with an RDB preamble can go on reading from {@code in}; pass a
     * buffered stream. On malformed data throws {@link RdbFormatException} naming {@code source} and the
     * byte offset, and the engine's databases are as they were.
     */
    public static Result load(Engine engine, InputStream in, String source) {
        return load(engine, in, source, Options.forEngine(engine));
    }

    /** {@link #load(Engine, InputStream, String)} with explicit options. */
    public static Result load(Engine engine, InputStream in, String source, Options options) {
        return read(engine, in, source, options).install(engine);
    }

    /**
     * The reading half of {@link #load}: decodes the whole RDB into staging databases the engine does not
     * see yet. Any thread (the engine's types and database count are fixed once it runs); install the
     * result on the engine thread.
     */
    public static Staged read(Engine engine, InputStream in, String source, Options options) {
        Objects.requireNonNull(engine, "engine is null");
        Objects.requireNonNull(in, "in is null");
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(options, "options is null");
        long now = System.currentTimeMillis();
        Database[] staging = new Database[engine.databaseCount()];
        StagingHost host = new StagingHost(now, engine.types());
        for (int i = 0; i < staging.length; i++) {
            staging[i] = new Database(i, host);
        }
        RdbFileReader reader = new RdbFileReader(in, engine.types()::forRdbType, options.verifyChecksum());
        if (options.dropExpired()) {
            reader.dropExpiredFieldsBefore(now);
        }
        Collector collector = new Collector(staging, reader, now, options.dropExpired());
        long bytes;
        try {
            bytes = reader.read(collector);
        } catch (RdbFormatException e) {
            throw e.restated(source + ": " + e.reason(), e.offset());
        }
        FieldTtls ttls = collector.fieldTtls.result();
        if (ttls.any()) {
            // once per load, not per key: a big 7.4 dump would otherwise flood the log
            LOG.log(System.Logger.Level.WARNING, ttls.warning(source));
        }
        return new Staged(staging, collector, bytes, reader.rdbVersion(), now, options.merge());
    }

    /** A whole RDB decoded into databases of its own, waiting to replace (or merge into) the engine's. */
    public static final class Staged {
        private final Database[] staging;
        private final Collector collector;
        private final long bytes;
        private final int version;
        private final long now;
        private final boolean merge;

        private Staged(Database[] staging, Collector collector, long bytes, int version, long now, boolean merge) {
            this.staging = staging;
            this.collector = collector;
            this.bytes = bytes;
            this.version = version;
            this.now = now;
            this.merge = merge;
        }

        /** Engine thread: swaps the staged databases in (or merges them) with the function libraries. */
        public Result install(Engine engine) {
            // the libraries first: if the scripting plugin refuses one, the databases stay as they were
            if (merge) {
                List<byte[]> libraries = new ArrayList<>(engine.functionLibraries());
                libraries.addAll(collector.functions);
                engine.functionLibraries(libraries);
            } else {
                engine.functionLibraries(collector.functions);
            }
            for (int i = 0; i < staging.length; i++) {
                if (merge) {
                    mergeInto(engine.database(i), staging[i], now);
                } else {
                    engine.database(i).swapWith(staging[i]);
                }
            }
            return new Result(collector.loaded, collector.expired, collector.empty, collector.aux,
                    collector.functions, bytes, version, collector.fieldTtls.result());
        }
    }

    /** Moves every staged key into {@code live}, replacing a live key of the same name, with expiry and idle time. */
    private static void mergeInto(Database live, Database staged, long now) {
        ByteKeyMap table = staged.entries();
        table.forEachSlot(slot -> {
            byte[] key = table.keyAt(slot);
            live.set(key, table.valueAt(slot));
            live.setIdleTime(key, LruClock.idleMillis(table.clockAt(slot), now) / 1000);
            if (table.expiryAt(slot) != 0) {
                live.setExpireAt(key, table.expiryAt(slot));
            }
        });
    }

    /** Loads the file at {@code file}, named by its path in errors. */
    public static Result load(Engine engine, Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), FILE_BUFFER)) {
            return load(engine, in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores each entry into the staging databases. */
    private static final class Collector implements RdbVisitor {
        private final Database[] staging;
        private final RdbFileReader reader;
        private final long now;
        private final boolean dropExpired;
        final Map<String, String> aux = new LinkedHashMap<>();
        final List<byte[]> functions = new ArrayList<>();
        long loaded;
        long expired;
        long empty;
        final FieldTtlTally fieldTtls = new FieldTtlTally();

        Collector(Database[] staging, RdbFileReader reader, long now, boolean dropExpired) {
            this.staging = staging;
            this.reader = reader;
            this.now = now;
            this.dropExpired = dropExpired;
        }

        @Override
        public void aux(byte[] name, byte[] value) {
            aux.put(new String(name, UTF_8), new String(value, UTF_8));
        }

        @Override
        public void selectDb(long db) {
            if (db < 0 || db >= staging.length) {
                throw new RdbFormatException("the file was created with a server configured to handle more than "
                        + staging.length + " databases (SELECTDB " + Long.toUnsignedString(db) + ")",
                        reader.offset());
            }
        }

        @Override
        public void function(byte[] libraryCode) {
            functions.add(libraryCode);
        }

        @Override
        public void moduleAux(String moduleName, long moduleId, long when) {
            throw new RdbFormatException("the RDB file contains AUX module data I can't load: no matching module '"
                    + moduleName + "'", reader.offset());
        }

        @Override
        public void emptyKeySkipped(byte[] key, int typeId, long offset) {
            empty++;
        }

        @Override
        public void hashFieldTtls(long db, byte[] key, long ttlsDropped, long fieldsExpired, boolean keyDropped,
                long offset) {
            if (fieldTtls.hashFieldTtls(ttlsDropped, fieldsExpired, keyDropped)) {
                expired++;
            }
        }

        /** {@code rdbLoadRioWithLoadingCtx} after reading a key and its value. */
        @Override
        public void entry(RdbEntry e) {
            if (dropExpired && e.expireAtMillis() != -1 && e.expireAtMillis() < now) {
                fieldTtls.settle(false);
                expired++;
                return;
            }
            fieldTtls.settle(true);
            Database db = staging[(int) e.db()];
            if (db.peek(e.key()) != null) {
                throw new RdbFormatException("the RDB has the duplicated key " + RdbFileReader.quote(e.key())
                        + " in DB " + e.db(), e.offset());
            }
            db.set(e.key(), e.value());
            if (e.idleSeconds() >= 0) {
                db.setIdleTime(e.key(), e.idleSeconds());
            }
            // last: the slot has no expiry yet, so this cannot find the key expired (preamble keys stay)
            if (e.expireAtMillis() != -1) {
                db.setExpireAt(e.key(), e.expireAtMillis());
            }
            loaded++;
        }
    }

    /**
     * The engine as the staging databases see it while loading: the load's start time as the clock, and
     * no notifications, propagation or snapshots (nothing else sees these databases yet).
     */
    private static final class StagingHost implements KeyspaceHost {
        private final long now;
        private final TypeRegistry types;

        StagingHost(long now, TypeRegistry types) {
            this.now = now;
            this.types = types;
        }

        @Override
        public long now() {
            return now;
        }

        @Override
        public ValueType<?> typeOf(Object value) {
            return types.of(value);
        }

        @Override
        public void expired(Database db, byte[] key) {
        }

        @Override
        public void created(Database db, byte[] key) {
        }

        @Override
        public void handingOut(ByteKeyMap table, byte[] key, Object value) {
        }

        @Override
        public void lookup(boolean hit) {
        }
    }
}
