// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.persistence;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.rdb.RdbFileWriter;
import dev.cinnabar.core.rdb.RdbFormatException;
import dev.cinnabar.core.rdb.RdbLoader;
import dev.cinnabar.spi.RedisError;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The one place that knows what persistence is doing, as Redis's {@code server.child_*}, {@code loading}
 * and {@code lastbgsave_*} state: the background job slot (BGSAVE or AOF rewrite, one at a time, as
 * Redis's single fork child), the loading state, the startup load order, RDB saves (SAVE, BGSAVE, save
 * points, SHUTDOWN, FLUSHALL, DEBUG RELOAD) and the MISCONF condition. Engine thread unless a method says
 * otherwise.
 */
public final class Persistence {
    private static final System.Logger LOG = System.getLogger("cinnabar.persistence");
    /** CONFIG_BGSAVE_RETRY_DELAY: after a failed BGSAVE, save points wait 5 s before trying again. */
    static final long BGSAVE_RETRY_DELAY_MILLIS = 5_000;
    /** Input buffer of a load, bytes. */
    private static final int LOAD_BUFFER = 64 * 1024;
    /** Redis's shared.bgsaveerr, without the leading '-'. */
    public static final String MISCONF_RDB = "MISCONF Redis is configured to save RDB snapshots, but it's "
            + "currently unable to persist to disk. Commands that may modify the data set are disabled, because "
            + "this instance is configured to report errors during writes if RDB snapshotting fails "
            + "(stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.";
    /** The reply of a failed SAVE or DEBUG RELOAD save: Redis's shared.err, a bare "-ERR". */
    public static final RedisError SAVE_FAILED = new RedisError(dev.cinnabar.spi.ErrorCode.ERR, "");

    /** What runs in the job slot. */
    public enum JobKind {
        /** BGSAVE (Redis's CHILD_TYPE_RDB). */
        RDB,
        /** BGREWRITEAOF (CHILD_TYPE_AOF). */
        AOF_REWRITE
    }

    /** The job in the slot and what became of it. */
    private static final class Running {
        final JobKind kind;
        final BackgroundJob job;
        final long startMillis;
        Thread thread;
        volatile Throwable error;

        Running(JobKind kind, BackgroundJob job, long startMillis) {
            this.kind = kind;
            this.job = job;
            this.startMillis = startMillis;
        }
    }

    private final Engine engine;
    private final AtomicLong jobNumbers = new AtomicLong();
    private Running running;
    private boolean lastBgsaveOk = true;
    private long lastBgsaveTryMillis;
    private long lastBgsaveSeconds = -1;
    private long rdbSaves;
    private long dirtyBeforeBgsave;
    private boolean bgsaveScheduled;
    private volatile boolean loading;
    private long loadingStartMillis;
    private long loadingTotalBytes;
    private long lastLoadKeysLoaded;
    private long lastLoadKeysExpired;
    private final List<Supplier<String>> diskErrorChecks = new ArrayList<>();
    private String savePointsText;
    private long[] savePoints = new long[0];

    public Persistence(Engine engine) {
        this.engine = Objects.requireNonNull(engine, "engine is null");
    }

    /**
     * Engine thread, once at startup before anyone is served: runs the save path over the (empty) data
     * set into nowhere, so the first BGSAVE does not spend tens of milliseconds of the engine thread on
     * loading and linking its classes.
     */
    public void primeSavePath() {
        try (ProgressImage image = new ProgressImage(engine.snapshot())) {
            RdbSettings.of(engine).write(java.io.OutputStream.nullOutputStream(), image);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "priming the save path failed", e);
        }
    }

    // ---- configuration ----------------------------------------------------------------------------

    /** {@code dir}/{@code dbfilename}. */
    public Path rdbPath() {
        return Path.of(engine.config().get("dir")).resolve(engine.config().get("dbfilename"));
    }

    /** The {@code save} parameter as seconds, changes pairs; empty when saving is off. */
    long[] savePoints() {
        String text = engine.config().get("save");
        if (!text.equals(savePointsText)) {
            String[] parts = text.isBlank() ? new String[0] : text.trim().split("\\s+");
            long[] parsed = new long[parts.length];
            for (int i = 0; i < parts.length; i++) {
                parsed[i] = Long.parseLong(parts[i]);
            }
            savePoints = parsed;
            savePointsText = text;
        }
        return savePoints;
    }

    /** Redis's {@code server.saveparamslen > 0}. */
    public boolean savePointsConfigured() {
        return savePoints().length > 0;
    }

    // ---- the background job slot ------------------------------------------------------------------

    /** True while BGSAVE or an AOF rewrite runs (Redis's {@code hasActiveChildProcess}). */
    public boolean hasActiveJob() {
        return running != null;
    }

    /** The kind of job running, or null. */
    public JobKind activeJob() {
        return running == null ? null : running.kind;
    }

    /**
     * Starts {@code job} on a thread of its own if the slot is free; its {@link BackgroundJob#finished}
     * runs on the engine thread when it ends. Returns false, starting nothing, when a job already runs.
     */
    public boolean startJob(JobKind kind, BackgroundJob job) {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(job, "job is null");
        if (running != null) {
            return false;
        }
        Running r = new Running(kind, job, System.currentTimeMillis());
        Thread thread = new Thread(() -> {
            try {
                job.run();
            } catch (Throwable t) {
                r.error = t;
            }
            try {
                engine.loop().execute(() -> jobEnded(r));
            } catch (RejectedExecutionException e) {
                // the engine closed meanwhile: nobody is left to tell
            }
        }, "cinnabar-" + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-"
                + jobNumbers.incrementAndGet());
        thread.setDaemon(true);
        r.thread = thread;
        running = r;
        thread.start();
        return true;
    }

    private void jobEnded(Running r) {
        if (running != r) {
            return; // already ended by cancelJob
        }
        running = null;
        try {
            r.job.finished(r.error);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "background job completion failed", e);
        }
    }

    /**
     * Stops the running job, waits for its thread and completes it now (Redis's {@code killRDBChild} /
     * {@code killAppendOnlyChild} followed by the done handler). No-op when the slot is free.
     */
    public void cancelJob() {
        Running r = running;
        if (r == null) {
            return;
        }
        r.job.cancel();
        try {
            r.thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        jobEnded(r);
    }

    /** Waits until no job runs, completing it on this (the engine) thread. For SHUTDOWN and tests. */
    public void awaitJob() {
        Running r = running;
        if (r == null) {
            return;
        }
        try {
            r.thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        jobEnded(r);
    }

    // ---- RDB saving -------------------------------------------------------------------------------

    /** SAVE's own bookkeeping ({@code saveCommand}): counted in rdb_saves, then {@link #saveNow}. */
    public boolean saveCommand() {
        rdbSaves++;
        return saveNow();
    }

    /**
     * Writes the RDB file on the engine thread (Redis's {@code rdbSave}); on success the dirty counter is
     * reset, LASTSAVE moves and a previous BGSAVE error is cleared. Failures are logged and leave the
     * previous file intact.
     */
    public boolean saveNow() {
        try (KeyspaceImage image = engine.snapshot()) {
            Path target = rdbPath();
            Path temp = target.resolveSibling("temp-" + ProcessHandle.current().pid() + ".rdb");
            RdbSettings settings = RdbSettings.of(engine);
            AtomicFileWriter.write(temp, target, out -> settings.write(out, image));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Write error saving DB on disk: " + reason(e));
            return false;
        }
        LOG.log(System.Logger.Level.INFO, "DB saved on disk");
        engine.stats().dirty = 0;
        engine.stats().lastSaveMillis = System.currentTimeMillis();
        lastBgsaveOk = true;
        return true;
    }

    /**
     * BGSAVE [SCHEDULE] ({@code bgsaveCommand}): the status reply, or a RedisError. {@code inExec}: inside
     * MULTI/EXEC a BGSAVE is always scheduled, as Redis does.
     */
    public String bgsaveCommand(boolean schedule, boolean inExec) {
        if (activeJob() == JobKind.RDB) {
            throw RedisError.err("Background save already in progress");
        }
        if (hasActiveJob() || inExec) {
            if (schedule || inExec) {
                bgsaveScheduled = true;
                return "Background saving scheduled";
            }
            throw RedisError.err("Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE "
                    + "SCHEDULE in order to schedule a BGSAVE whenever possible.");
        }
        if (!startBgsave()) {
            throw SAVE_FAILED;
        }
        return "Background saving started";
    }

    /**
     * Starts a background save of an image taken now ({@code rdbSaveBackground}); false if a job runs.
     * The file is written on the job's thread while commands go on (DESIGN invariant 5).
     */
    public boolean startBgsave() {
        if (hasActiveJob()) {
            return false;
        }
        rdbSaves++;
        dirtyBeforeBgsave = engine.stats().dirty;
        lastBgsaveTryMillis = System.currentTimeMillis();
        RdbSettings settings = RdbSettings.of(engine);
        Path target = rdbPath();
        Path temp = target.resolveSibling("temp-" + ProcessHandle.current().pid() + "-bgsave.rdb");
        ProgressImage image = new ProgressImage(engine.snapshot());
        BackgroundJob job = new BackgroundJob() {
            @Override
            public void run() throws IOException {
                // logged here, not on the engine thread: a synchronous log line costs it milliseconds
                LOG.log(System.Logger.Level.INFO, "Background saving started");
                try (image) {
                    AtomicFileWriter.write(temp, target, out -> settings.write(out, image));
                }
            }

            @Override
            public void finished(Throwable error) {
                bgsaveDone(error, image.cancelled());
            }

            @Override
            public void cancel() {
                image.cancel();
            }

            @Override
            public long keysProcessed() {
                return image.visited();
            }

            @Override
            public long keysTotal() {
                return image.total();
            }
        };
        startJob(JobKind.RDB, job);
        return true;
    }

    /** {@code backgroundSaveDoneHandlerDisk}: a cancelled save is not an error, as a SIGUSR1-killed child. */
    private void bgsaveDone(Throwable error, boolean cancelled) {
        long now = System.currentTimeMillis();
        if (error == null) {
            LOG.log(System.Logger.Level.INFO, "Background saving terminated with success");
            engine.stats().dirty -= dirtyBeforeBgsave;
            engine.stats().lastSaveMillis = now;
            lastBgsaveOk = true;
        } else if (cancelled) {
            LOG.log(System.Logger.Level.WARNING, "Background saving cancelled");
        } else {
            LOG.log(System.Logger.Level.WARNING, "Background saving error: " + reason(error));
            lastBgsaveOk = false;
        }
        lastBgsaveSeconds = (now - lastBgsaveTryMillis) / 1000;
    }

    /**
     * The save points and the scheduled BGSAVE, checked at every cron tick as Redis's {@code serverCron}:
     * a point fires when at least its changes happened and more than its seconds passed since the last
     * save, and, after a failed BGSAVE, only once the retry delay has passed.
     */
    public void cron() {
        if (loading) {
            return;
        }
        long now = System.currentTimeMillis();
        boolean mayRetry = lastBgsaveOk || now - lastBgsaveTryMillis > BGSAVE_RETRY_DELAY_MILLIS;
        if (!hasActiveJob()) {
            long[] points = savePoints();
            long sinceSave = now / 1000 - engine.stats().lastSaveMillis / 1000;
            for (int i = 0; i + 1 < points.length; i += 2) {
                if (engine.stats().dirty >= points[i + 1] && sinceSave > points[i] && mayRetry) {
                    LOG.log(System.Logger.Level.INFO, points[i + 1] + " changes in " + points[i]
                            + " seconds. Saving...");
                    startBgsave();
                    break;
                }
            }
        }
        if (!hasActiveJob() && bgsaveScheduled && mayRetry && startBgsave()) {
            bgsaveScheduled = false;
        }
    }

    /**
     * FLUSHALL ({@code flushAllDataAndResetRDB}): a running BGSAVE is killed, and with save points an
     * (empty) RDB is saved at once, so a restart does not bring the flushed keys back.
     */
    public void flushedAll() {
        if (activeJob() == JobKind.RDB) {
            cancelJob();
        }
        if (savePointsConfigured()) {
            saveNow();
        }
    }

    /**
     * SHUTDOWN's persistence steps ({@code prepareForShutdown}): a running job is stopped, then the RDB is
     * saved when asked ({@code save}) or when save points exist, unless {@code nosave}. Returns false, and
     * the server must go on, when that save fails without {@code force}.
     */
    public boolean prepareShutdown(boolean save, boolean nosave, boolean force) {
        if (hasActiveJob()) {
            LOG.log(System.Logger.Level.WARNING, "There is a child saving an .rdb. Killing it!");
            cancelJob();
        }
        if (!nosave && (save || savePointsConfigured())) {
            LOG.log(System.Logger.Level.INFO, "Saving the final RDB snapshot before exiting.");
            if (!saveNow()) {
                if (!force) {
                    LOG.log(System.Logger.Level.WARNING, "Error trying to save the DB, can't exit.");
                    return false;
                }
                LOG.log(System.Logger.Level.WARNING, "Error trying to save the DB. Exit anyway.");
            }
        }
        return true;
    }

    // ---- MISCONF ----------------------------------------------------------------------------------

    /**
     * The error that write commands (and PING) get while persistence is failing, or null (Redis's
     * {@code writeCommandsDeniedByDiskError}). Cheap when all is well: one field read.
     */
    public String diskError() {
        if (!lastBgsaveOk && savePointsConfigured() && engine.config().getBool("stop-writes-on-bgsave-error")) {
            return MISCONF_RDB;
        }
        for (int i = 0; i < diskErrorChecks.size(); i++) {
            String error = diskErrorChecks.get(i).get();
            if (error != null) {
                return error;
            }
        }
        return null;
    }

    /** Adds a condition that denies writes (the AOF's write errors); {@code check} returns the error line or null. */
    public void addDiskErrorCheck(Supplier<String> check) {
        diskErrorChecks.add(Objects.requireNonNull(check, "check is null"));
    }

    // ---- loading ----------------------------------------------------------------------------------

    /** True while a load runs: commands without the {@code loading} flag get -LOADING. Any thread. */
    public boolean loading() {
        return loading;
    }

    /**
     * Loads the data set as redis-server does before serving ({@code loadDataFromDisk}):
     * {@code dir}/{@code dbfilename} if it exists, unless {@code appendonly yes}, where the AOF is the data
     * set and the engine has loaded it as it opened. Any thread (runs on the engine thread). A file that
     * cannot be read throws {@link LoadFailedException} naming it and the offset; the databases are then
     * left empty.
     */
    public void loadAtStartup() {
        runOnEngine(() -> {
            if (engine.config().getBool("appendonly")) {
                return;
            }
            Path file = rdbPath();
            if (Files.exists(file)) {
                loadRdb(file);
            }
        });
    }

    /**
     * {@link #loadAtStartup} for a server that already listens, as redis-server answers -LOADING while it
     * loads: an RDB file is decoded on a thread of its own while commands without the {@code loading} flag
     * get -LOADING, then swapped in on the engine thread. (The AOF is replayed through the engine as it
     * opens.) Any thread.
     *
     * @return completes when the data set is in, or exceptionally with the {@link LoadFailedException} of
     *         a file that cannot be read (the databases then stay empty)
     */
    public CompletableFuture<Void> loadAtStartupWhileServing() {
        // decided on the engine thread, where the config lives
        List<RdbLoader.Options> rdb = new ArrayList<>();
        Path file = rdbPath();
        runOnEngine(() -> {
            if (!engine.config().getBool("appendonly") && Files.exists(file)) {
                rdb.add(RdbLoader.Options.forEngine(engine));
                loadingStarted(fileSize(file));
            }
        });
        if (rdb.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        RdbLoader.Options options = rdb.get(0);
        Thread loader = new Thread(() -> {
            try {
                RdbLoader.Staged staged = readRdb(file, options);
                engine.loop().execute(() -> {
                    loaded(staged.install(engine));
                    loadingStopped();
                    done.complete(null);
                });
            } catch (LoadFailedException e) {
                engine.loop().execute(() -> {
                    loadingStopped();
                    done.completeExceptionally(e);
                });
            }
        }, "cinnabar-rdb-load");
        loader.setDaemon(true);
        loader.start();
        return done;
    }

    /**
     * Replaces the data set with the RDB file {@code file}, all or nothing, counting the loaded and expired
     * keys for INFO. Engine thread.
     */
    public RdbLoader.Result loadRdb(Path file) {
        loadingStarted(fileSize(file));
        try {
            RdbLoader.Result result = readRdb(file, RdbLoader.Options.forEngine(engine)).install(engine);
            loaded(result);
            return result;
        } finally {
            loadingStopped();
        }
    }

    /** Decodes {@code file} into staging databases; any thread. */
    private RdbLoader.Staged readRdb(Path file, RdbLoader.Options options) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), LOAD_BUFFER)) {
            return RdbLoader.read(engine, in, file.toString(), options);
        } catch (RdbFormatException e) {
            throw new LoadFailedException("Failed loading " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new LoadFailedException("Failed loading " + file + ": " + AtomicFileWriter.describe(e), e);
        }
    }

    private void loaded(RdbLoader.Result result) {
        lastLoadKeysLoaded = result.keysLoaded();
        lastLoadKeysExpired = result.keysExpired();
        LOG.log(System.Logger.Level.INFO, "Done loading RDB, keys loaded: " + result.keysLoaded()
                + ", keys expired: " + result.keysExpired() + ".");
    }

    /** Marks a load (RDB or AOF) as begun, for -LOADING and INFO's loading_* fields. */
    public void loadingStarted(long totalBytes) {
        loadingStartMillis = System.currentTimeMillis();
        loadingTotalBytes = totalBytes;
        loading = true;
    }

    public void loadingStopped() {
        loading = false;
    }

    /**
     * DEBUG RELOAD [NOSAVE]: save (unless {@code save} is false), then replace the data set with the file.
     *
     * @throws RedisError as Redis: a bare ERR when the save fails, "Error trying to load the RDB dump"
     */
    public void debugReload(boolean save) {
        if (save && !saveNow()) {
            throw SAVE_FAILED;
        }
        Path file = rdbPath();
        try {
            if (!Files.exists(file)) {
                throw new LoadFailedException("no file " + file, null);
            }
            loadRdb(file);
        } catch (LoadFailedException e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
            throw RedisError.err("Error trying to load the RDB dump");
        }
        LOG.log(System.Logger.Level.WARNING, "DB reloaded by DEBUG RELOAD");
    }

    // ---- INFO -------------------------------------------------------------------------------------

    /**
     * INFO persistence from current_fork_perc to rdb_last_load_keys_loaded, in Redis 7.0's order.
     */
    public void rdbInfo(BiConsumer<String, Object> out) {
        long now = System.currentTimeMillis();
        Running r = running;
        long processed = r == null ? 0 : r.job.keysProcessed();
        long total = r == null ? 0 : r.job.keysTotal();
        boolean saving = r != null && r.kind == JobKind.RDB;
        out.accept("current_fork_perc", String.format(java.util.Locale.ROOT, "%.2f",
                total == 0 ? 0.0 : processed * 100.0 / total));
        out.accept("current_save_keys_processed", processed);
        out.accept("current_save_keys_total", total);
        out.accept("rdb_changes_since_last_save", engine.stats().dirty);
        out.accept("rdb_bgsave_in_progress", saving ? 1 : 0);
        out.accept("rdb_last_save_time", engine.stats().lastSaveMillis / 1000);
        out.accept("rdb_last_bgsave_status", lastBgsaveOk ? "ok" : "err");
        out.accept("rdb_last_bgsave_time_sec", lastBgsaveSeconds);
        out.accept("rdb_current_bgsave_time_sec", saving ? (now - r.startMillis) / 1000 : -1);
        out.accept("rdb_saves", rdbSaves);
        // no fork, no copy-on-write pages
        out.accept("rdb_last_cow_size", 0);
        out.accept("rdb_last_load_keys_expired", lastLoadKeysExpired);
        out.accept("rdb_last_load_keys_loaded", lastLoadKeysLoaded);
    }

    /** The loading_* fields Redis adds at the end of the section while it loads; none otherwise. */
    public void loadingInfo(BiConsumer<String, Object> out) {
        if (!loading) {
            return;
        }
        out.accept("loading_start_time", loadingStartMillis / 1000);
        out.accept("loading_total_bytes", loadingTotalBytes);
        out.accept("loading_rdb_used_mem", 0);
        out.accept("loading_loaded_bytes", 0);
        out.accept("loading_loaded_perc", "0.00");
        out.accept("loading_eta_seconds", 1);
    }

    public boolean bgsaveScheduled() {
        return bgsaveScheduled;
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private void runOnEngine(Runnable task) {
        if (engine.loop().inEventLoop()) {
            task.run();
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        engine.loop().execute(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        try {
            done.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String reason(Throwable e) {
        if (e instanceof UncheckedIOException u) {
            e = u.getCause();
        }
        return e instanceof IOException io ? AtomicFileWriter.describe(io) : String.valueOf(e);
    }

    /** How the RDB file is written, read from the config on the engine thread when the save starts. */
    private record RdbSettings(boolean compress, boolean checksum, RdbFileWriter.KeyUsage usage,
                               Map<String, String> aux, List<byte[]> functions) {
        static RdbSettings of(Engine engine) {
            return new RdbSettings(!"no".equals(engine.config().get("rdbcompression")),
                    !"no".equals(engine.config().get("rdbchecksum")),
                    RdbFileWriter.KeyUsage.forPolicy(engine.config().get("maxmemory-policy")),
                    RdbFileWriter.standardAux(engine, false), engine.functionLibraries());
        }

        void write(java.io.OutputStream out, KeyspaceImage image) throws IOException {
            try {
                new RdbFileWriter(out, compress, checksum, usage, System.currentTimeMillis())
                        .write(image, aux, functions);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }
}
