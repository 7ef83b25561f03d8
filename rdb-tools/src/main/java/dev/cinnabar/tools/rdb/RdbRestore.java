// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.TypeRegistry;
import dev.cinnabar.core.rdb.DumpPayload;
import dev.cinnabar.core.rdb.RdbEntry;
import dev.cinnabar.core.rdb.RdbFileReader;
import dev.cinnabar.core.rdb.RdbVisitor;
import dev.cinnabar.spi.ValueType;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Loads an RDB file into a live server: each key as {@code RESTORE key expire-at payload ABSTTL [REPLACE]}
 * (the payload serialized by engine-core's DUMP codec, RDB version 10, which Redis 7.0 and later accept),
 * pipelined, at most {@code rate} keys a second. Keys already expired are not sent. Every key's record
 * offset is kept until the server has answered it, so a broken connection reports the offset to resume
 * from. At the end, the target's key count per database is compared with what was sent.
 */
public final class RdbRestore {
    private static final byte[] RESTORE = "RESTORE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SELECT = "SELECT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REPLACE = "REPLACE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ABSTTL = "ABSTTL".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXISTS = "EXISTS".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SET = "SET".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] APPEND = "APPEND".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PEXPIREAT = "PEXPIREAT".getBytes(StandardCharsets.US_ASCII);

    /** Default of {@code --max-restore-bytes}: well under proto-max-bulk-len (512 MB), and short RESTOREs. */
    public static final long DEFAULT_MAX_RESTORE_BYTES = 64L << 20;
    /** A string sent as commands goes as SET then APPENDs of this many bytes. */
    static final int STRING_CHUNK = 1 << 20;

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
        /** BUSYKEY found by this tool before sending a key as commands (no RESTORE to refuse it). */
        long busyBeforeCommands;
        final java.util.List<RespConnection.ErrorSample> ownErrors = new java.util.ArrayList<>();
        final Map<Long, Long> sentPerDb = new TreeMap<>();
        final Map<Long, Long> before = new TreeMap<>();
        final Map<Long, Long> after = new TreeMap<>();
        String countCheck;
        boolean countOk = true;
        Long resumeOffset;
        String failure;
        java.util.List<RespConnection.ErrorSample> samples = java.util.List.of();

        public boolean ok() {
            return failure == null && errors == 0 && countOk;
        }

        public String failure() {
            return failure;
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("keys_sent", keysSent);
            m.put("expired_skipped", expiredSkipped);
            m.put("filtered_out", filteredOut);
            m.put("errors", errors);
            m.put("sent_as_commands", sentAsCommands);
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

    public static Result restore(Path file, TypeRegistry types, RespConnection target, Options options)
            throws IOException {
        Result r = new Result();
        r.before.putAll(dbSizes(target));
        ArrayDeque<Long> unanswered = new ArrayDeque<>();
        long start = System.nanoTime();
        long now = System.currentTimeMillis();
        long[] currentDb = {-1};
        try (InputStream in = new BufferedInputStream(Progress.track(Files.newInputStream(file)), 1 << 16)) {
            new RdbFileReader(in, types).read(new RdbVisitor() {
                @Override
                public void entry(RdbEntry e) {
                    if (e.offset() < options.resumeFrom()) {
                        return;
                    }
                    if (!options.filter().matches(e.db(), e.key())) {
                        r.filteredOut++;
                        return;
                    }
                    if (e.expireAtMillis() >= 0 && e.expireAtMillis() <= now) {
                        r.expiredSkipped++;
                        return;
                    }
                    try {
                        if (e.db() != currentDb[0]) {
                            target.send(SELECT, Long.toString(e.db()).getBytes(StandardCharsets.US_ASCII));
                            unanswered.add(e.offset());
                            currentDb[0] = e.db();
                        }
                        byte[] payload = DumpPayload.create(e.type(), e.value(), true, options.maxRestoreBytes());
                        if (payload == null) {
                            if (!asCommands(e, target, options, r, unanswered)) {
                                return;
                            }
                        } else {
                            byte[] ttl = Long.toString(Math.max(0, e.expireAtMillis())).getBytes(StandardCharsets.US_ASCII);
                            if (options.replace()) {
                                target.send(RESTORE, e.key(), ttl, payload, REPLACE, ABSTTL);
                            } else {
                                target.send(RESTORE, e.key(), ttl, payload, ABSTTL);
                            }
                            unanswered.add(e.offset());
                        }
                        while (unanswered.size() > target.sent() - target.replies()) {
                            unanswered.poll();
                        }
                        r.keysSent++;
                        r.sentPerDb.merge(e.db(), 1L, Long::sum);
                        pace(r.keysSent, options.rate(), start);
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                }
            });
            target.drain();
        } catch (UncheckedIOException e) {
            while (unanswered.size() > target.sent() - target.replies()) {
                unanswered.poll();
            }
            r.failure = e.getCause().getMessage();
            r.resumeOffset = unanswered.peekFirst();
            return r;
        }
        r.errors = target.errors() + r.busyBeforeCommands;
        java.util.List<RespConnection.ErrorSample> samples = new java.util.ArrayList<>(r.ownErrors);
        samples.addAll(target.errorSamples());
        r.samples = samples.subList(0, Math.min(samples.size(), RespConnection.ERROR_SAMPLES));
        r.after.putAll(dbSizes(target));
        check(r);
        return r;
    }

    /**
     * A value too big for one RESTORE, as the commands an AOF rewrite writes for it (SET then APPENDs for a
     * string; RPUSH, SADD, ZADD, HSET of at most 64 items, or a stream's XADDs, XSETID, XGROUP and XCLAIMs),
     * then PEXPIREAT. With --replace a DEL goes first; without it the key must not exist (asked with EXISTS,
     * after the pipeline drained: commands would add to an existing key where RESTORE refuses it). The key
     * is visible while it is being built.
     *
     * @return false if not sent (the key exists; counted as a BUSYKEY error)
     */
    private static boolean asCommands(RdbEntry e, RespConnection target, Options options, Result r,
                                      ArrayDeque<Long> unanswered) throws IOException {
        if (options.replace()) {
            target.send(DEL, e.key());
            unanswered.add(e.offset());
        } else {
            target.drain();
            Object exists = target.call(EXISTS, e.key());
            if (!(exists instanceof Long n) || n != 0) {
                r.busyBeforeCommands++;
                if (r.ownErrors.size() < RespConnection.ERROR_SAMPLES) {
                    r.ownErrors.add(new RespConnection.ErrorSample("restore", RdbFileReader.quote(e.key()),
                            exists instanceof RespConnection.RespError err ? err.message()
                                    : "BUSYKEY Target key name already exists. (checked before sending it as commands)"));
                }
                return false;
            }
        }
        try {
            if (e.value() instanceof byte[] string) {
                int first = Math.min(string.length, STRING_CHUNK);
                target.send(SET, e.key(), java.util.Arrays.copyOfRange(string, 0, first));
                unanswered.add(e.offset());
                for (int at = first; at < string.length; at += STRING_CHUNK) {
                    target.send(APPEND, e.key(), java.util.Arrays.copyOfRange(string, at,
                            Math.min(string.length, at + STRING_CHUNK)));
                    unanswered.add(e.offset());
                }
            } else {
                rewrite(e.type(), e.key(), e.value(), argv -> {
                    try {
                        target.send(argv);
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                    unanswered.add(e.offset());
                    // a value of millions of items is thousands of commands: forget the answered ones as we go
                    while (unanswered.size() > target.sent() - target.replies()) {
                        unanswered.poll();
                    }
                });
            }
        } catch (UncheckedIOException ex) {
            throw ex.getCause();
        }
        if (e.expireAtMillis() >= 0) {
            target.send(PEXPIREAT, e.key(), Long.toString(e.expireAtMillis()).getBytes(StandardCharsets.US_ASCII));
            unanswered.add(e.offset());
        }
        r.sentAsCommands++;
        return true;
    }

    @SuppressWarnings("unchecked")
    private static void rewrite(ValueType<?> type, byte[] key, Object value, ValueType.CommandSink sink) {
        ((ValueType<Object>) type).rewrite(key, value, sink);
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
