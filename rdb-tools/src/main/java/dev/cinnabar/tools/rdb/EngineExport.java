// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.persistence.KeyspaceImage;
import dev.cinnabar.core.rdb.RdbFileWriter;
import dev.cinnabar.core.resp.RespValue;
import dev.cinnabar.spi.ValueType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes what an embedded engine holds, with the engine's own writers: an RDB file (its RDB writer), a
 * multi-part AOF directory (its AOF rewrite, started by turning appendonly on), or commands to a live
 * server (each value's own AOF-rewrite commands, as the rewrite writes them, then PEXPIREAT). The engine
 * for {@link #toAof} must have been opened with {@link #settings}.
 */
public final class EngineExport {
    private static final byte[] SET = "SET".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SELECT = "SELECT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PEXPIREAT = "PEXPIREAT".getBytes(StandardCharsets.US_ASCII);

    private EngineExport() {
    }

    /**
     * The settings of an offline engine: no saving, no AOF yet; {@code dir} is {@code aofDir}'s parent and
     * {@code appenddirname} its name when an AOF directory is to be written (else {@code scratch}).
     */
    public static Map<String, String> settings(Path scratch, Path aofDir) {
        Map<String, String> s = new HashMap<>();
        s.put("save", "");
        s.put("appendonly", "no");
        if (aofDir != null) {
            Path abs = aofDir.toAbsolutePath();
            s.put("dir", abs.getParent().toString());
            s.put("appenddirname", abs.getFileName().toString());
        } else {
            s.put("dir", scratch.toAbsolutePath().toString());
        }
        return s;
    }

    /** Writes every database to {@code file} as an RDB (through a temp file renamed over it). */
    public static long toRdb(Engine engine, Path file) throws IOException {
        return onEngine(engine, () -> OutputFiles.write(file, out -> {
            try (KeyspaceImage image = engine.snapshot()) {
                RdbFileWriter.forEngine(out, engine).write(image, RdbFileWriter.standardAux(engine, false),
                        engine.functionLibraries());
            }
        }));
    }

    /**
     * Writes a multi-part AOF directory (base, empty incremental file, manifest) by turning appendonly on,
     * which rewrites the engine's data as the server does, and waits for the rewrite to end.
     *
     * @throws IOException if the directory already holds a manifest or the rewrite fails
     */
    public static void toAof(Engine engine, Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        OutputFiles.requireNoAofManifest(abs);
        if (!abs.toString().equals(Path.of(engine.config().get("dir")).resolve(
                engine.config().get("appenddirname")).toAbsolutePath().toString())) {
            throw new IllegalStateException("the engine was not opened with EngineExport.settings for " + dir);
        }
        RespValue r = engine.execute("CONFIG", "SET", "appendonly", "yes");
        if (r instanceof RespValue.Error e) {
            throw new IOException("can't start the AOF rewrite: " + e);
        }
        while (true) {
            RespValue v = engine.execute("INFO", "persistence");
            String info = v instanceof RespValue.Bulk b ? b.text() : v.toString();
            if (info.contains("aof_rewrite_in_progress:0") && info.contains("aof_rewrite_scheduled:0")
                    && info.contains("aof_enabled:1")) {
                if (!info.contains("aof_last_bgrewrite_status:ok")) {
                    throw new IOException("the AOF rewrite into " + dir + " failed (see the log above)");
                }
                break;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        engine.execute("CONFIG", "SET", "appendonly", "no");
    }

    /**
     * Deletes every key outside {@code filter} (engine thread). Filtering the end state rather than the
     * input keeps commands that touch several keys (RENAME, SMOVE …) right.
     *
     * @return keys deleted
     */
    public static long retain(Engine engine, KeyFilter filter) {
        return retain(engine, filter, null);
    }

    /** As {@link #retain(Engine, KeyFilter)}, keeping only values of the type named {@code type} if given. */
    public static long retain(Engine engine, KeyFilter filter, String type) {
        if (filter.isAll() && type == null) {
            return 0;
        }
        long deleted = 0;
        for (int i = 0; i < engine.databaseCount(); i++) {
            dev.cinnabar.core.keyspace.Database db = engine.database(i);
            if (!filter.matchesDb(i)) {
                deleted += db.size();
                db.clear();
                continue;
            }
            if (!filter.filtersKeys() && type == null) {
                continue;
            }
            java.util.List<byte[]> doomed = new java.util.ArrayList<>();
            long cursor = 0;
            do {
                cursor = db.scan(cursor, 1000, key -> {
                    if (!filter.matchesKey(key) || (type != null
                            && !engine.types().of(db.peek(key)).name().equalsIgnoreCase(type))) {
                        doomed.add(key);
                    }
                });
            } while (cursor != 0);
            for (byte[] key : doomed) {
                if (db.remove(key)) {
                    deleted++;
                }
            }
        }
        return deleted;
    }

    /** What {@link #toServer} sent. */
    public record Sent(long keys, long commands, long errors, java.util.List<RespConnection.ErrorSample> samples) {
    }

    /**
     * Sends every key to a live server as commands (SELECT, the value's rewrite commands, PEXPIREAT),
     * pipelined; keys already expired are not sent.
     */
    public static Sent toServer(Engine engine, RespConnection target) throws IOException {
        AtomicLong keys = new AtomicLong();
        onEngine(engine, () -> {
            long now = System.currentTimeMillis();
            try (KeyspaceImage image = engine.snapshot()) {
                for (int db = 0; db < image.databaseCount(); db++) {
                    if (image.size(db) == 0) {
                        continue;
                    }
                    target.send(SELECT, Integer.toString(db).getBytes(StandardCharsets.US_ASCII));
                    image.forEach(db, (key, value, type, expireAt, lru) -> {
                        if (expireAt != 0 && expireAt <= now) {
                            return;
                        }
                        try {
                            commands(key, value, type, target);
                            if (expireAt != 0) {
                                target.send(PEXPIREAT, key, Long.toString(expireAt).getBytes(StandardCharsets.US_ASCII));
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        keys.incrementAndGet();
                    });
                }
            }
            target.drain();
            return null;
        });
        return new Sent(keys.get(), target.sent(), target.errors(), target.errorSamples());
    }

    @SuppressWarnings("unchecked")
    private static void commands(byte[] key, Object value, ValueType<?> type, RespConnection target)
            throws IOException {
        if (value instanceof byte[] string) {
            target.send(SET, key, string);
            return;
        }
        try {
            ((ValueType<Object>) type).rewrite(key, value, argv -> {
                try {
                    target.send(argv);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Work that must run on the engine thread. */
    @FunctionalInterface
    public interface EngineWork<T> {
        T run() throws IOException;
    }

    /** Runs {@code work} on the engine thread and waits for it (at once when called there). */
    public static <T> T onEngine(Engine engine, EngineWork<T> work) throws IOException {
        if (engine.loop().inEventLoop()) {
            return work.run();
        }
        try {
            return engine.loop().submit(() -> {
                try {
                    return work.run();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(c);
        }
    }
}
