// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.aof;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.aof.AofCommandReader;
import dev.cinnabar.core.aof.AofFormatException;
import dev.cinnabar.core.aof.AofReplayer;
import dev.cinnabar.core.aof.AofTruncatedException;
import dev.cinnabar.core.rdb.RdbFormatException;
import dev.cinnabar.core.rdb.RdbLoader;
import dev.cinnabar.tools.rdb.EngineExport;
import dev.cinnabar.tools.rdb.KeyFilter;
import dev.cinnabar.tools.rdb.Progress;
import dev.cinnabar.tools.rdb.UnsyncBufferedInput;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * Replays an AOF (base, then incremental files) into an embedded engine as the server loads it, with
 * engine-core's {@link AofReplayer} (the AOF fake client) and, for an RDB preamble, its {@link RdbLoader}.
 * Optionally stops before the first command whose {@code #TS:} annotation is later than a point in time
 * (the last annotation seen, carried from one file to the next). A transaction open at that point is
 * dropped whole: it took effect at its EXEC, which is later. After the replay, the keys outside the
 * filter are deleted (filtering the end state, not the commands, keeps RENAME, SMOVE, MOVE … right).
 *
 * <p>Keys' TTLs are judged by the replay's time, not today's: the engine's clock is set to the last
 * {@code #TS:} seen while commands run (the time the server ran them, to the second, so no key expires
 * earlier than it did there), and at the end the keys expired at the point in time reconstructed (the
 * {@code --until} time, else the last annotation) are deleted. An AOF without annotations keeps the wall
 * clock, as before: its keys are judged by today's time.
 *
 * <p>A torn tail of the last file is accepted and reported (Redis with {@code aof-load-truncated yes});
 * any other damage stops the replay. Runs the whole replay on the engine thread.
 */
public final class AofReplay {
    /** Failing commands kept verbatim; the others are counted. */
    static final int FAILURE_SAMPLES = 20;
    private static final byte[] RDB_MAGIC = "REDIS".getBytes(US_ASCII);

    /**
     * @param untilSeconds replay commands annotated at or before this Unix time; -1 for all
     * @param filter       which keys to keep at the end
     */
    public record Options(long untilSeconds, KeyFilter filter) {
        public Options {
            Objects.requireNonNull(filter, "filter is null");
        }
    }

    /** A command that failed on replay, or the damage that stopped it. */
    public record Problem(String file, long offset, String reason) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", file);
            m.put("offset", offset);
            m.put("reason", reason);
            return m;
        }
    }

    /** What one file gave. */
    public record FileResult(String name, String role, long size, long commands, long preambleKeys, long stoppedAt) {
    }

    /** What the replay did. */
    public static final class Result {
        final List<FileResult> files = new ArrayList<>();
        long commands;
        long timestampsSeen;
        long firstTimestamp = -1;
        long lastTimestampApplied = -1;
        /** The annotation that stopped the replay (later than --until), -1 if it ran to the end. */
        long stoppedAtTimestamp = -1;
        String stoppedInFile;
        long stoppedAtOffset = -1;
        long droppedMultiCommands;
        final List<Problem> failures = new ArrayList<>();
        long failureCount;
        Problem truncatedTail;
        Problem damage;
        long keysDeletedByFilter;
        /** The time keys were judged by at the end (Unix ms); -1 for the wall clock (no annotations). */
        long judgedAtMillis = -1;
        long keysExpiredAtEnd;
        long keys;

        public boolean damaged() {
            return damage != null;
        }

        public Problem damage() {
            return damage;
        }

        public long failureCount() {
            return failureCount;
        }

        public List<Problem> failures() {
            return failures;
        }

        public long commands() {
            return commands;
        }

        public long keys() {
            return keys;
        }

        /** The Unix time (ms) the remaining keys' TTLs were judged by; -1 when the wall clock was used. */
        public long judgedAtMillis() {
            return judgedAtMillis;
        }

        public long timestampsSeen() {
            return timestampsSeen;
        }

        public long stoppedAtTimestamp() {
            return stoppedAtTimestamp;
        }

        public List<FileResult> files() {
            return files;
        }

        public Problem truncatedTail() {
            return truncatedTail;
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            List<Map<String, Object>> fs = new ArrayList<>();
            for (FileResult f : files) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("name", f.name());
                x.put("role", f.role());
                x.put("size", f.size());
                x.put("commands", f.commands());
                x.put("preamble_keys", f.preambleKeys());
                x.put("stopped_at_offset", f.stoppedAt() < 0 ? null : f.stoppedAt());
                fs.add(x);
            }
            m.put("files", fs);
            m.put("commands", commands);
            m.put("timestamps_seen", timestampsSeen);
            m.put("first_timestamp", firstTimestamp < 0 ? null : firstTimestamp);
            m.put("last_timestamp_applied", lastTimestampApplied < 0 ? null : lastTimestampApplied);
            if (stoppedAtTimestamp >= 0) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("timestamp", stoppedAtTimestamp);
                s.put("file", stoppedInFile);
                s.put("offset", stoppedAtOffset);
                s.put("dropped_multi_commands", droppedMultiCommands);
                m.put("stopped", s);
            } else {
                m.put("stopped", null);
            }
            m.put("replay_failures", failureCount);
            m.put("replay_failure_samples", failures.stream().map(Problem::toMap).toList());
            m.put("truncated_tail", truncatedTail == null ? null : truncatedTail.toMap());
            m.put("damage", damage == null ? null : damage.toMap());
            m.put("keys_deleted_by_filter", keysDeletedByFilter);
            m.put("ttl_judged_at_ms", judgedAtMillis < 0 ? null : judgedAtMillis);
            m.put("keys_expired_at_end", keysExpiredAtEnd);
            m.put("keys", keys);
            return m;
        }
    }

    private final Engine engine;
    private final Options options;
    private final Result result = new Result();
    private long carriedTimestamp = -1;
    private long lastCountedTimestamp = -1;
    private boolean stop;
    /** The engine's clock while replaying: the last {@code #TS:} seen in ms, -1 for the wall clock. */
    private long replayMillis = -1;

    private AofReplay(Engine engine, Options options) {
        this.engine = engine;
        this.options = options;
    }

    /**
     * Replays {@code layout} into {@code engine} (which should be empty, with appendonly off), then deletes
     * the keys outside the filter.
     *
     * @throws IOException when a file cannot be read
     */
    public static Result replay(Engine engine, AofLayout layout, Options options) throws IOException {
        AofReplay r = new AofReplay(Objects.requireNonNull(engine, "engine is null"),
                Objects.requireNonNull(options, "options is null"));
        // keys must not vanish under the replay by the clock; each is judged when it is used, as on load
        try {
            engine.loop().submit(() -> {
                engine.coreConfig().activeExpireEnabled = false;
                engine.clock(() -> r.replayMillis >= 0 ? r.replayMillis : System.currentTimeMillis());
                r.run(layout);
                return null;
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        }
        return r.result;
    }

    private void run(AofLayout layout) {
        List<AofLayout.Part> parts = layout.parts();
        for (int i = 0; i < parts.size() && !stop && result.damage == null; i++) {
            AofLayout.Part part = parts.get(i);
            if (!Files.isRegularFile(part.path())) {
                result.damage = new Problem(part.name(), -1, "the manifest lists it but it does not exist");
                return;
            }
            try {
                replayFile(part, i == 0, i == parts.size() - 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (result.damage == null) {
            expireAtEnd();
            applyFilter();
        }
        for (int db = 0; db < engine.databaseCount(); db++) {
            result.keys += engine.database(db).size();
        }
    }

    private void replayFile(AofLayout.Part part, boolean first, boolean last) throws IOException {
        long size = Files.size(part.path());
        AofReplayer replayer = new AofReplayer(engine);
        long commands = 0;
        long preambleKeys = 0;
        long stoppedAt = -1;
        long multiCommands = 0;
        try (InputStream in = new UnsyncBufferedInput(Progress.track(Files.newInputStream(part.path())), 1 << 16)) {
            long start = 0;
            in.mark(RDB_MAGIC.length);
            byte[] head = in.readNBytes(RDB_MAGIC.length);
            in.reset();
            if (Arrays.equals(head, RDB_MAGIC)) {
                RdbLoader.Options o = RdbLoader.Options.aofPreamble(engine);
                try {
                    RdbLoader.Result r = RdbLoader.load(engine, in, part.name(), first ? o : o.merging());
                    start = r.bytesRead();
                    preambleKeys = r.keysLoaded();
                } catch (RdbFormatException e) {
                    result.damage = new Problem(part.name(), e.offset(), "RDB preamble: " + e.getMessage());
                    return;
                }
            }
            AofCommandReader reader = new AofCommandReader(in, part.name(), start, size);
            try {
                while (true) {
                    byte[][] argv = reader.next();
                    if (argv == null) {
                        break;
                    }
                    long ts = reader.lastTimestamp() >= 0 ? reader.lastTimestamp() : carriedTimestamp;
                    if (ts >= 0 && ts != lastCountedTimestamp) {
                        result.timestampsSeen++;
                        lastCountedTimestamp = ts;
                        if (result.firstTimestamp < 0) {
                            result.firstTimestamp = ts;
                        }
                    }
                    carriedTimestamp = ts;
                    if (ts >= 0 && ts * 1000 != replayMillis && !(options.untilSeconds() >= 0
                            && ts > options.untilSeconds())) {
                        replayMillis = ts * 1000;
                        engine.tick();
                    }
                    if (options.untilSeconds() >= 0 && ts > options.untilSeconds()) {
                        stoppedAt = reader.lastCommandStart();
                        result.stoppedAtTimestamp = ts;
                        result.stoppedInFile = part.name();
                        result.stoppedAtOffset = stoppedAt;
                        if (replayer.inMulti()) {
                            result.droppedMultiCommands = multiCommands;
                            replayer.resetMulti();
                        }
                        stop = true;
                        break;
                    }
                    boolean multi = AofReplayer.isMulti(argv);
                    if (multi && !replayer.inMulti()) {
                        multiCommands = 0;
                    } else if (replayer.inMulti()) {
                        multiCommands++;
                    }
                    try {
                        replayer.replay(argv);
                        if (ts >= 0) {
                            result.lastTimestampApplied = ts;
                        }
                    } catch (RuntimeException e) {
                        failed(part.name(), reader.lastCommandStart(), e.getMessage() == null ? e.toString()
                                : e.getMessage());
                    }
                    commands++;
                }
                if (!stop && replayer.inMulti()) {
                    tornTail(part, last, size, reader.offset(), "end of file inside MULTI ("
                            + multiCommands + " queued commands dropped)");
                    replayer.resetMulti();
                }
            } catch (AofTruncatedException e) {
                if (replayer.inMulti()) {
                    replayer.resetMulti();
                }
                tornTail(part, last, size, e.offset(), "unexpected end of file inside a command; last complete "
                        + "command ends at offset " + e.validUpTo());
            } catch (AofFormatException e) {
                result.damage = new Problem(part.name(), e.offset(), e.getMessage());
            }
        } finally {
            result.commands += commands;
            result.files.add(new FileResult(part.name(), part.role(), size, commands, preambleKeys, stoppedAt));
        }
    }

    private void tornTail(AofLayout.Part part, boolean last, long size, long offset, String what) {
        Problem p = new Problem(part.name(), offset, what);
        if (last) {
            result.truncatedTail = p;
        } else {
            result.damage = new Problem(part.name(), offset, what + " (not the last file: later files may "
                    + "depend on what is lost; repair with 'aof check --fix' first)");
        }
    }

    private void failed(String file, long offset, String reason) {
        result.failureCount++;
        if (result.failures.size() < FAILURE_SAMPLES) {
            result.failures.add(new Problem(file, offset, reason));
        }
    }

    /**
     * Deletes the keys expired at the point in time reconstructed: {@code --until} when given, else the
     * last annotation applied. Without annotations nothing is judged here (the wall clock judges the keys
     * when they are read, as before).
     */
    private void expireAtEnd() {
        if (result.timestampsSeen == 0) {
            return;
        }
        long at = options.untilSeconds() >= 0 ? options.untilSeconds() * 1000 : replayMillis;
        if (at < 0) {
            return;
        }
        replayMillis = at;
        engine.tick();
        result.judgedAtMillis = at;
        for (int i = 0; i < engine.databaseCount(); i++) {
            dev.cinnabar.core.keyspace.Database db = engine.database(i);
            if (db.expiresSize() == 0) {
                continue;
            }
            // collected first: a lookup deletes an expired key, which would disturb the scan
            List<byte[]> keys = new ArrayList<>();
            long cursor = 0;
            do {
                cursor = db.scan(cursor, 1000, keys::add);
            } while (cursor != 0);
            for (byte[] key : keys) {
                // the engine's clock is now the judging time: the lookup expires the key as a read would
                if (!db.exists(key)) {
                    result.keysExpiredAtEnd++;
                }
            }
        }
    }

    private void applyFilter() {
        result.keysDeletedByFilter += EngineExport.retain(engine, options.filter());
    }
}
