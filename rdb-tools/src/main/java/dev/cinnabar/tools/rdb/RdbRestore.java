// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.TypeRegistry;
import dev.cinnabar.core.rdb.DumpPayload;
import dev.cinnabar.core.rdb.FieldTtlTally;
import dev.cinnabar.core.rdb.HashFieldTtls;
import dev.cinnabar.core.rdb.Rdb;
import dev.cinnabar.core.rdb.RdbEntry;
import dev.cinnabar.core.rdb.RdbFileReader;
import dev.cinnabar.core.rdb.RdbFormatException;
import dev.cinnabar.core.rdb.RdbWriter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Loads an RDB file into a live server: each key as {@code RESTORE key expire-at payload ABSTTL [REPLACE]},
 * pipelined, at most {@code rate} keys a second. The file is walked by {@link RdbChecker} (each record
 * verified before it is sent); a value whose RDB type the target's RDB version loads (INFO server's
 * redis_version) goes as its record's bytes, no decoding ({@link RawRestorePayload}); one the target cannot
 * load (RDB 11's set listpack, an RDB 12 hash with field TTLs into Redis 7.0 …) is re-encoded from its stored
 * bytes element by element into a type the target's RDB version holds ({@link ValueReencoder}, as
 * {@code convert --rdb-version N} does; field TTLs dropped and counted as convert counts them, fields already
 * expired left out); only a value of the pre-GA module layout (type 6) goes through engine-core. A value whose payload would exceed the
 * limit (or whose re-encoding grows past it) goes as commands made from a second walk of its record
 * ({@link RestoreCommands}). Memory: one payload (at most the limit) or one batch of elements, whatever the
 * value's size. Keys already expired are not sent. Every key's record offset is kept until the server has
 * answered it, so a broken connection reports the offset to resume from. At the end, the target's key count
 * per database is compared with what was sent.
 */
public final class RdbRestore {
    private static final byte[] RESTORE = "RESTORE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SELECT = "SELECT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REPLACE = "REPLACE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ABSTTL = "ABSTTL".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXISTS = "EXISTS".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PEXPIREAT = "PEXPIREAT".getBytes(StandardCharsets.US_ASCII);

    /** Default of {@code --max-restore-bytes}: well under proto-max-bulk-len (512 MB), and short RESTOREs. */
    public static final long DEFAULT_MAX_RESTORE_BYTES = 64L << 20;
    /**
     * @param filter          which keys to send
     * @param replace         RESTORE … REPLACE (else an existing key is a BUSYKEY error, counted)
     * @param rate            keys a second at most, 0 for no limit
     * @param resumeFrom      skip the records before this file offset (from an interrupted run's report)
     * @param maxRestoreBytes a value whose DUMP payload is bigger goes as commands instead of one RESTORE
     */
    public record Options(KeyFilter filter, boolean replace, double rate, long resumeFrom, long maxRestoreBytes) {
        public Options(KeyFilter filter, boolean replace, double rate, long resumeFrom) {
            this(filter, replace, rate, resumeFrom, DEFAULT_MAX_RESTORE_BYTES);
        }
    }

    /** What was done. */
    public static final class Result {
        long keysSent;
        long expiredSkipped;
        long filteredOut;
        long errors;
        /** Keys sent as commands (too big for one RESTORE). */
        long sentAsCommands;
        /** Keys sent as their record's bytes. */
        long sentRaw;
        /** Keys re-encoded from their stored bytes into a type the target loads ({@link ValueReencoder}). */
        long sentReencoded;
        /** Hash field TTLs (RDB 12) that the target's RDB version or the commands could not carry. */
        final FieldTtlTally fieldTtls = new FieldTtlTally();
        /** What re-encoding changed in values beyond their layout (a stream's 7.2 fields …), the first few. */
        final List<Map<String, Object>> valuesChanged = new java.util.ArrayList<>();
        long valuesChangedCount;
        /** The target's RDB version (INFO server's redis_version). */
        int targetVersion;
        /** BUSYKEY found by this tool before sending a key as commands (no RESTORE to refuse it). */
        long busyBeforeCommands;
        final List<RespConnection.ErrorSample> ownErrors = new java.util.ArrayList<>();
        final Map<Long, Long> sentPerDb = new TreeMap<>();
        final Map<Long, Long> before = new TreeMap<>();
        final Map<Long, Long> after = new TreeMap<>();
        String countCheck;
        boolean countOk = true;
        Long resumeOffset;
        String failure;
        List<RespConnection.ErrorSample> samples = List.of();

        public boolean ok() {
            return failure == null && errors == 0 && countOk;
        }

        public String failure() {
            return failure;
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target_rdb_version", targetVersion);
            m.put("keys_sent", keysSent);
            m.put("expired_skipped", expiredSkipped);
            m.put("filtered_out", filteredOut);
            m.put("errors", errors);
            m.put("sent_as_commands", sentAsCommands);
            m.put("sent_raw", sentRaw);
            m.put("sent_reencoded", sentReencoded);
            m.put("field_ttls_dropped", RdbVersionWriter.Report.fieldTtlsJson(fieldTtls.result()));
            m.put("values_changed", valuesChanged);
            m.put("values_changed_count", valuesChangedCount);
            m.put("error_samples", samples.stream().map(x -> Map.of("command", x.command(), "key",
                    String.valueOf(x.key()), "error", x.error())).toList());
            m.put("sent_per_db", stringKeys(sentPerDb));
            m.put("dbsize_before", stringKeys(before));
            m.put("dbsize_after", stringKeys(after));
            m.put("count_check", countCheck);
            m.put("count_ok", countOk);
            m.put("failure", failure);
            m.put("resume_from", resumeOffset);
            return m;
        }

        private static Map<String, Long> stringKeys(Map<Long, Long> m) {
            Map<String, Long> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(Long.toString(k), v));
            return out;
        }
    }

    private RdbRestore() {
    }

    /**
     * @throws RdbFormatException for a corrupt file (the keys before the damage were sent)
     * @throws IOException        when the server cannot be asked (a connection that breaks later is a failure in
     *                            the result, with the offset to resume from)
     */
    public static Result restore(Path file, TypeRegistry types, RespConnection target, Options options)
            throws IOException {
        Result r = new Result();
        r.before.putAll(dbSizes(target));
        int targetVersion = targetRdbVersion(target);
        r.targetVersion = targetVersion;
        Sender sender;
        try (FileRecords records = new FileRecords(file)) {
            sender = new Sender(records, types, target, options, r, targetVersion);
            try {
                RdbCheckReport report = RdbChecker.check(file, sender);
                if (report.failure() != null) {
                    throw new RdbFormatException(report.failure().reason(), report.failure().offset());
                }
                target.drain();
            } catch (UncheckedIOException e) {
                sender.forgetAnswered();
                r.failure = e.getCause().getMessage();
                r.resumeOffset = sender.unanswered.peekFirst();
                return r;
            }
        }
        r.errors = target.errors() + r.busyBeforeCommands;
        List<RespConnection.ErrorSample> samples = new java.util.ArrayList<>(r.ownErrors);
        samples.addAll(target.errorSamples());
        r.samples = samples.subList(0, Math.min(samples.size(), RespConnection.ERROR_SAMPLES));
        r.after.putAll(dbSizes(target));
        check(r);
        return r;
    }

    /** The target's RDB version, from INFO server's redis_version (Redis 7.0's when it says none). */
    static int targetRdbVersion(RespConnection target) throws IOException {
        Object reply = target.call("INFO", "server");
        if (!(reply instanceof RespConnection.RespError)) {
            for (String line : RespConnection.text(reply).split("\r?\n")) {
                if (line.startsWith("redis_version:")) {
                    return RawRestorePayload.rdbVersionOf(line.substring("redis_version:".length()));
                }
            }
        }
        return RawRestorePayload.DEFAULT_TARGET_VERSION;
    }

    /** Sends each key as the walk verifies it. */
    private static final class Sender implements RdbVisitor {
        private final FileRecords records;
        private final TypeRegistry types;
        private final RespConnection target;
        private final Options options;
        private final Result r;
        private final int targetVersion;
        private final long start = System.nanoTime();
        private final long now = System.currentTimeMillis();
        /** The record offset of every command not answered yet, oldest first. */
        final ArrayDeque<Long> unanswered = new ArrayDeque<>();
        private long currentDb = -1;
        private long recordStart;
        private long recordEnd;
        private RecordDecoder decoder;
        /** Asked only which type a stored type becomes in the target's RDB version (it writes nothing). */
        private final ValueReencoder layouts;

        Sender(FileRecords records, TypeRegistry types, RespConnection target, Options options, Result r,
               int targetVersion) {
            this.records = records;
            this.types = types;
            this.target = target;
            this.options = options;
            this.r = r;
            this.targetVersion = targetVersion;
            this.layouts = new ValueReencoder(targetVersion, null, now);
        }

        @Override
        public void keyRecord(long start, long end) {
            recordStart = start;
            recordEnd = end;
        }

        @Override
        public void key(long db, byte[] key, int rdbType, long expireAtMs, long elements, long bytes) {
            if (recordStart < options.resumeFrom()) {
                return;
            }
            if (!options.filter().matches(db, key)) {
                r.filteredOut++;
                return;
            }
            if (expireAtMs >= 0 && expireAtMs <= now) {
                r.expiredSkipped++;
                return;
            }
            if (elements == 0) {
                // an empty collection: Redis skips it on load, there is no key to send
                return;
            }
            try {
                send(db, key, rdbType, expireAtMs);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void send(long db, byte[] key, int rdbType, long expireAtMs) throws IOException {
            long valueStart = records.valueStart(recordStart, recordEnd);
            long valueBytes = recordEnd - valueStart;
            boolean fits = RawRestorePayload.size(valueBytes) <= options.maxRestoreBytes();
            // a module value has no command form: it goes as its stored bytes whatever its size
            boolean raw = (fits || rdbType == Rdb.TYPE_MODULE_2) && RawRestorePayload.loads(targetVersion, rdbType);
            boolean losesFieldTtls = HashFieldTtls.isFieldTtlType(rdbType) && !raw;
            if (losesFieldTtls && !fieldTtlsKept(rdbType, valueStart)) {
                // every field has expired: no key, as a Redis 7.4 loading it would soon have none
                return;
            }
            boolean sent = false;
            try {
                sent = send(db, key, rdbType, expireAtMs, valueStart, valueBytes, fits, raw);
            } finally {
                if (losesFieldTtls) {
                    // the counts of fieldTtlsKept go with a key that was sent
                    r.fieldTtls.settle(sent);
                }
            }
            if (sent) {
                r.keysSent++;
                r.sentPerDb.merge(db, 1L, Long::sum);
                pace(r.keysSent, options.rate(), start);
            }
        }

        /**
         * Sends the current record as its stored bytes ({@code raw}), re-encoded, decoded by the engine or as
         * commands.
         *
         * @return false if nothing was sent (the key exists and may not be replaced, or has no element left)
         */
        private boolean send(long db, byte[] key, int rdbType, long expireAtMs, long valueStart, long valueBytes,
                             boolean fits, boolean raw) throws IOException {
            if (db != currentDb) {
                command(SELECT, Long.toString(db).getBytes(StandardCharsets.US_ASCII));
                currentDb = db;
            }
            byte[] payload = null;
            if (raw) {
                try (InputStream value = records.open(valueStart, recordEnd)) {
                    payload = RawRestorePayload.of(rdbType, value, valueBytes,
                            Math.min(records.rdbVersion(), targetVersion));
                }
                r.sentRaw++;
            } else if (fits && layouts.targetType(rdbType) >= 0) {
                payload = reencoded(db, key, rdbType, valueStart);
                if (payload != null) {
                    r.sentReencoded++;
                }
            } else if (fits) {
                RdbEntry e = decode();
                if (e == null) {
                    return false;
                }
                payload = DumpPayload.create(e.type(), e.value(), true, options.maxRestoreBytes());
            }
            if (payload == null) {
                return asCommands(db, key, expireAtMs);
            }
            byte[] ttl = Long.toString(Math.max(0, expireAtMs)).getBytes(StandardCharsets.US_ASCII);
            if (options.replace()) {
                command(RESTORE, key, ttl, payload, REPLACE, ABSTTL);
            } else {
                command(RESTORE, key, ttl, payload, ABSTTL);
            }
            return true;
        }

        /**
         * Counts what an RDB 12 hash with field TTLs loses on its way to a target that cannot hold them (or as
         * commands, which carry none): the TTLs of its live fields, its fields already expired.
         *
         * @return whether any field is left to send
         */
        private boolean fieldTtlsKept(int rdbType, long valueStart) {
            HashFieldTtls.FieldFate fate = HashFieldTtls.fate(rdbType, records.reader(valueStart, recordEnd), now);
            if (fate.anyLost()) {
                r.fieldTtls.hashFieldTtls(fate.ttlsDropped(), fate.expired(), fate.kept() == 0);
            }
            return fate.kept() > 0;
        }

        /**
         * The DUMP payload of the current record re-encoded from its stored bytes as the target's RDB version holds
         * it ({@link ValueReencoder}), stamped with that version; null when it grows past --max-restore-bytes
         * (then it goes as commands; at most that much was held to find out).
         */
        private byte[] reencoded(long db, byte[] key, int rdbType, long valueStart) {
            LimitedBytes bytes = new LimitedBytes(options.maxRestoreBytes());
            RdbWriter out = new RdbWriter(bytes, true);
            ValueReencoder reencoder = new ValueReencoder(targetVersion, out, now);
            List<Map<String, Object>> changes = new java.util.ArrayList<>();
            try {
                out.writeByte(reencoder.targetType(rdbType));
                if (!reencoder.writeValue(rdbType, key, () -> records.reader(valueStart, recordEnd), change -> {
                    Map<String, Object> placed = new LinkedHashMap<>();
                    placed.put("db", db);
                    placed.putAll(change);
                    changes.add(placed);
                })) {
                    // checked by fieldTtlsKept: the file changed under us
                    throw new IllegalStateException("the record at offset " + recordStart
                            + " no longer reads the same");
                }
                out.writeLittleEndian(targetVersion, 2);
                out.writeLittleEndian(out.crc(), 8);
                out.flush();
            } catch (LimitedBytes.TooBig e) {
                return null;
            }
            for (Map<String, Object> change : changes) {
                r.valuesChangedCount++;
                if (r.valuesChanged.size() < RespConnection.ERROR_SAMPLES) {
                    r.valuesChanged.add(change);
                }
            }
            return bytes.toByteArray();
        }

        /**
         * The current record decoded by engine-core: a type the target cannot load as stored and that has no
         * element-by-element re-encoding for its RDB version (the pre-GA module layout, type 6).
         */
        private RdbEntry decode() throws IOException {
            if (decoder == null) {
                decoder = new RecordDecoder(records, types, now);
            }
            RdbEntry[] entry = new RdbEntry[1];
            decoder.decode(recordStart, recordEnd,
                    new dev.cinnabar.core.rdb.RdbVisitor() {
                        @Override
                        public void entry(RdbEntry e) {
                            entry[0] = e;
                        }
                    });
            return entry[0];
        }

        /**
         * A value too big for one RESTORE, as commands made from a second walk of its record (see
         * {@link RestoreCommands}), then PEXPIREAT. With --replace a DEL goes first; without it the key must
         * not exist (asked with EXISTS, after the pipeline drained: commands would add to an existing key where
         * RESTORE refuses it). The key is visible while it is being built.
         *
         * @return false if not sent (the key exists; counted as a BUSYKEY error)
         */
        private boolean asCommands(long db, byte[] key, long expireAtMs) throws IOException {
            if (options.replace()) {
                command(DEL, key);
            } else {
                target.drain();
                Object exists = target.call(EXISTS, key);
                if (!(exists instanceof Long n) || n != 0) {
                    r.busyBeforeCommands++;
                    if (r.ownErrors.size() < RespConnection.ERROR_SAMPLES) {
                        r.ownErrors.add(new RespConnection.ErrorSample("restore", RdbFileReader.quote(key),
                                exists instanceof RespConnection.RespError err ? err.message()
                                        : "BUSYKEY Target key name already exists. (checked before sending it as commands)"));
                    }
                    return false;
                }
            }
            RestoreCommands commands = new RestoreCommands(argv -> {
                try {
                    command(argv.toArray(new byte[0][]));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, now);
            RdbCheckReport walk = RdbChecker.check(records.oneRecord(db, recordStart, recordEnd), commands);
            if (walk.failure() != null) {
                // the first walk verified this record: only a file changed under us gets here
                throw new IOException("the record at offset " + recordStart + " no longer reads: "
                        + walk.failure().reason());
            }
            if (!commands.madeValue()) {
                // every field of an RDB 12 hash had expired: no key (a --replace DEL removed the old one, as a load would)
                return false;
            }
            if (expireAtMs >= 0) {
                command(PEXPIREAT, key, Long.toString(expireAtMs).getBytes(StandardCharsets.US_ASCII));
            }
            r.sentAsCommands++;
            return true;
        }

        /** Sends one command of the current record; forgets the offsets of commands answered meanwhile. */
        private void command(byte[]... argv) throws IOException {
            target.send(argv);
            unanswered.add(recordStart);
            forgetAnswered();
        }

        void forgetAnswered() {
            while (unanswered.size() > target.sent() - target.replies()) {
                unanswered.poll();
            }
        }
    }

    /** A payload being built, refused past a limit: a value too big for one RESTORE costs at most that. */
    private static final class LimitedBytes extends java.io.ByteArrayOutputStream {
        /** Thrown by a write past the limit. */
        static final class TooBig extends RuntimeException {
            TooBig() {
                super(null, null, false, false);
            }
        }

        private final long limit;

        LimitedBytes(long limit) {
            this.limit = limit;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (count + (long) len > limit) {
                throw new TooBig();
            }
            super.write(b, off, len);
        }

        @Override
        public void write(int b) {
            if (count + 1L > limit) {
                throw new TooBig();
            }
            super.write(b);
        }
    }

    /** Sleeps while more keys were sent than the rate allows by now. */
    private static void pace(long sent, double rate, long startNanos) {
        if (rate <= 0) {
            return;
        }
        long due = startNanos + (long) (sent / rate * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 1_000_000) {
            try {
                Thread.sleep(wait / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void check(Result r) {
        StringBuilder s = new StringBuilder();
        TreeSet<Long> dbs = new TreeSet<>(r.sentPerDb.keySet());
        for (long db : dbs) {
            long before = r.before.getOrDefault(db, 0L);
            long after = r.after.getOrDefault(db, 0L);
            long sent = r.sentPerDb.get(db);
            if (before == 0) {
                boolean ok = after == sent - errorsIn(r);
                r.countOk &= ok || r.errors > 0 && after <= sent;
                s.append("db ").append(db).append(": sent ").append(sent).append(", DBSIZE ").append(after)
                        .append(ok ? " OK" : " MISMATCH").append("; ");
            } else {
                boolean ok = after >= before && after <= before + sent;
                r.countOk &= ok;
                s.append("db ").append(db).append(": sent ").append(sent).append(", DBSIZE ").append(before)
                        .append(" -> ").append(after).append(ok ? " (plausible; not empty before, exact check "
                        + "impossible)" : " MISMATCH").append("; ");
            }
        }
        r.countCheck = s.length() == 0 ? "nothing sent" : s.substring(0, s.length() - 2);
    }

    private static long errorsIn(Result r) {
        return r.errors;
    }

    /** DBSIZE of every database with keys, from INFO keyspace. */
    static Map<Long, Long> dbSizes(RespConnection c) throws IOException {
        Object reply = c.call("INFO", "keyspace");
        if (reply instanceof RespConnection.RespError e) {
            throw new IOException("INFO keyspace: " + e.message());
        }
        Map<Long, Long> m = new TreeMap<>();
        for (String line : RespConnection.text(reply).split("\r?\n")) {
            if (line.startsWith("db") && line.contains(":keys=")) {
                int colon = line.indexOf(':');
                String rest = line.substring(colon + 1 + "keys=".length());
                int comma = rest.indexOf(',');
                m.put(Long.parseLong(line.substring(2, colon)), Long.parseLong(comma < 0 ? rest : rest.substring(0, comma)));
            }
        }
        return m;
    }
}
