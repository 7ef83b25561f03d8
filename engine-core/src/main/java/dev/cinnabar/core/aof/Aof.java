// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.aof;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.config.ConfigRegistry;
import dev.cinnabar.core.persistence.KeyspaceImage;
import dev.cinnabar.core.persistence.Persistence;
import dev.cinnabar.core.rdb.RdbFileWriter;
import dev.cinnabar.core.rdb.RdbLoader;
import dev.cinnabar.spi.ConfigParam;
import dev.cinnabar.spi.RedisError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The append-only file of one engine, as Redis 7.0's {@code aof.c} runs it: its config parameters, the
 * startup load, feeding propagated writes into the current incremental file, flushing before replies,
 * BGREWRITEAOF and automatic rewrites, switching {@code appendonly} at runtime, and the aof_* INFO fields.
 * Engine thread only, except where a method says otherwise.
 */
public final class Aof {
    private static final System.Logger LOG = System.getLogger("cinnabar.aof");

    /** aof_state. */
    enum State { OFF, ON, WAIT_REWRITE }

    private final Engine engine;
    private final ExecutorService fsyncThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cinnabar-aof-fsync");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger pendingFsyncs = new AtomicInteger();
    private State state = State.OFF;
    private boolean started;
    private boolean loading;
    private FsyncPolicy policy = FsyncPolicy.EVERYSEC;
    private boolean timestamps;
    private boolean rdbPreamble = true;
    private boolean loadTruncated = true;
    private boolean noFsyncOnRewrite;
    private boolean disableAutoGc;
    private long autoRewritePercentage = 100;
    private long autoRewriteMinSize = 64L << 20;
    private AofPaths paths;
    private AofManifest manifest;
    private AppendOnlyFile file;
    /** Bytes of the base and incremental files (aof_current_size). */
    private long baseAndIncrBefore;
    /** aof_rewrite_base_size: the size right after the last rewrite, the auto rewrite's reference. */
    private long rewriteBaseSize;
    private AofRewriteJob rewrite;
    private long rewriteStartMillis = -1;
    private boolean rewriteScheduled;
    private long lastRewriteSeconds = -1;
    private boolean lastRewriteOk = true;
    private long rewrites;
    private long consecutiveFailures;
    private long nextAutoRewriteMillis;
    private int limitMinutes;
    /** A BGSAVE holds the one background job slot. */
    private final BooleanSupplier otherJobRunning;
    private Consumer<String> fatal = Aof::exitProcess;
    private AofLoader.PreambleLoader preambleLoader = (e, in, source) ->
            RdbLoader.load(e, in, source, RdbLoader.Options.aofPreamble(e)).bytesRead();

    public Aof(Engine engine) {
        this.engine = Objects.requireNonNull(engine, "engine is null");
        this.otherJobRunning = () -> engine.persistence().activeJob() == Persistence.JobKind.RDB;
        engine.persistence().addDiskErrorCheck(this::writeError);
    }

    /** Attaches the behaviour of the AOF parameters of Redis's table. */
    public void register(ConfigRegistry config) {
        config.register(ConfigParam.ofBool("appendonly", false, this::appendonlyChanged));
        config.register(ConfigParam.ofEnum("appendfsync", "everysec", List.of("everysec", "always", "no"),
                v -> policy = FsyncPolicy.of(v)));
        config.register(ConfigParam.ofBool("aof-timestamp-enabled", false, v -> timestamps = "yes".equals(v)));
        config.register(ConfigParam.ofBool("aof-use-rdb-preamble", true, v -> rdbPreamble = "yes".equals(v)));
        config.register(ConfigParam.ofBool("aof-load-truncated", true, v -> loadTruncated = "yes".equals(v)));
        config.register(ConfigParam.ofBool("no-appendfsync-on-rewrite", false,
                v -> noFsyncOnRewrite = "yes".equals(v)));
        config.register(ConfigParam.ofBool("aof-disable-auto-gc", false, v -> {
            disableAutoGc = "yes".equals(v);
            if (!disableAutoGc && started && state == State.ON && rewrite == null) {
                deleteHistory();
            }
        }));
        config.register(ConfigParam.ofInt("auto-aof-rewrite-percentage", 100, 0, Integer.MAX_VALUE,
                v -> autoRewritePercentage = Long.parseLong(v)));
        config.register(ConfigParam.ofMemory("auto-aof-rewrite-min-size", 64L << 20, 0, Long.MAX_VALUE,
                v -> autoRewriteMinSize = Long.parseLong(v)));
    }

    /** What to do when {@code appendfsync always} cannot keep its promise; default: exit as Redis. */
    public void onFatal(Consumer<String> handler) {
        this.fatal = Objects.requireNonNull(handler, "handler is null");
    }

    private static void exitProcess(String reason) {
        LOG.log(System.Logger.Level.ERROR, reason);
        // replies of this batch are already in client buffers and cannot be recalled: stop before they go out
        Runtime.getRuntime().halt(1);
    }

    /** True while a rewrite job runs (aof_rewrite_in_progress). Engine thread. */
    public boolean rewriteInProgress() {
        return rewrite != null;
    }

    public boolean enabled() {
        return state != State.OFF;
    }

    /** True while the startup load replays the AOF: nothing it runs is appended again. */
    public boolean loading() {
        return loading;
    }

    private AofPaths paths() {
        return new AofPaths(Path.of(engine.config().get("dir")), engine.config().get("appenddirname"),
                engine.config().get("appendfilename"));
    }

    /**
     * At startup, after the config is applied: with {@code appendonly yes} loads the AOF (upgrading a
     * legacy file), then opens the incremental file, creating a base first for an empty dataset
     * (loadDataFromDisk + aofOpenIfNeededOnServerStart); the RDB file is then not read.
     *
     * @throws AofFormatException the AOF cannot be loaded: the server must not start
     */
    public void startup() {
        started = true;
        if (!engine.config().getBool("appendonly")) {
            return;
        }
        paths = paths();
        AofLoader.Result result;
        loading = true;
        engine.persistence().loadingStarted(0);
        try {
            result = new AofLoader(engine, paths, loadTruncated, preambleLoader).load();
        } finally {
            loading = false;
            engine.persistence().loadingStopped();
        }
        manifest = result.manifest();
        baseAndIncrBefore = result.totalSize();
        rewriteBaseSize = result.baseSize();
        state = State.ON;
        openOnStart();
    }

    private void openOnStart() {
        try {
            Files.createDirectories(paths.aofDir());
            if (manifest.isEmpty()) {
                String baseName = manifest.newBase(rdbPreamble);
                Path temp = paths.dir().resolve("temp-rewriteaof-" + ProcessHandle.current().pid() + ".aof");
                new AofRewriteJob(engine.snapshot(), temp, rewriteOptions(), (j, e) -> { }).run();
                Files.move(temp, paths.inDir(baseName), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                LOG.log(System.Logger.Level.INFO, "Creating AOF base file {0} on server start", baseName);
            }
            boolean created = manifest.incr().isEmpty();
            String incrName = manifest.lastIncr();
            file = new AppendOnlyFile(paths.inDir(incrName), false, fsyncThread, pendingFsyncs, fatal);
            // the loaded total already counts the incr file opened for appending: count it once
            baseAndIncrBefore = Math.max(0, baseAndIncrBefore - file.size());
            AofFiles.writeManifest(paths, manifest);
            LOG.log(System.Logger.Level.INFO, "{0} AOF incr file {1} on server start",
                    created ? "Creating" : "Opening", incrName);
        } catch (IOException e) {
            throw new UncheckedIOException("Can't open the append-only files in " + paths.aofDir(), e);
        }
    }

    private AofRewriteJob.Options rewriteOptions() {
        return new AofRewriteJob.Options(rdbPreamble, engine.config().getBool("rdbcompression"),
                engine.config().getBool("rdbchecksum"), timestamps,
                rdbPreamble ? RdbFileWriter.standardAux(engine, true) : java.util.Map.of(),
                engine.functionLibraries());
    }

    /** A propagated write (the engine's propagation listener). */
    public void propagate(int db, byte[][] argv) {
        if (loading || file == null) {
            return;
        }
        if (state == State.ON || (state == State.WAIT_REWRITE && rewrite != null)) {
            file.feed(db, argv, timestamps, engine.now() / 1000);
        }
    }

    /** Before replies go out: write the buffer, fsync per policy (beforeSleep's flushAppendOnlyFile). */
    public void beforeReplies() {
        if (file != null) {
            file.flush(policy, engine.now() / 1000, noFsyncOnRewrite && (rewrite != null || otherJobRunning.getAsBoolean()));
        }
    }

    /** True when replies wait for an fsync ({@code appendfsync always} with the AOF on). */
    public boolean groupsFsyncs() {
        return policy == FsyncPolicy.ALWAYS && file != null;
    }

    /**
     * The MISCONF reply for writes while the last AOF write failed
     * ({@code writeCommandsGetDiskErrorMessage}), or null when writes are accepted.
     */
    public String writeError() {
        String error = file == null || state == State.OFF ? null : file.writeError();
        return error == null ? null : "MISCONF Errors writing to the AOF file: " + error;
    }

    /** serverCron's AOF part: retry a failed write, fsync everysec, scheduled and automatic rewrites. */
    public void cron() {
        long now = System.currentTimeMillis();
        if (file != null) {
            file.flush(policy, now / 1000, noFsyncOnRewrite && rewrite != null);
        }
        if (rewrite != null || engine.persistence().hasActiveJob()) {
            return;
        }
        if (rewriteScheduled && !limited(now)) {
            startRewrite();
            return;
        }
        if (state == State.ON && autoRewritePercentage > 0) {
            long size = currentSize();
            long base = rewriteBaseSize == 0 ? 1 : rewriteBaseSize;
            long growth = (size * 100 / base) - 100;
            if (size > autoRewriteMinSize && growth >= autoRewritePercentage && !limited(now)) {
                LOG.log(System.Logger.Level.INFO, "Starting automatic rewriting of AOF on {0}% growth", growth);
                startRewrite();
            }
        }
    }

    /**
     * aofRewriteLimited: after three consecutive failures, automatic rewrites wait 1, 2, 4 … up to 60
     * minutes between attempts.
     */
    private boolean limited(long now) {
        if (consecutiveFailures < 3) {
            limitMinutes = 0;
            nextAutoRewriteMillis = 0;
            return false;
        }
        if (nextAutoRewriteMillis != 0) {
            if (now < nextAutoRewriteMillis) {
                return true;
            }
            nextAutoRewriteMillis = 0;
            return false;
        }
        limitMinutes = limitMinutes == 0 ? 1 : Math.min(60, limitMinutes * 2);
        nextAutoRewriteMillis = now + limitMinutes * 60_000L;
        LOG.log(System.Logger.Level.WARNING, "Background AOF rewrite has repeatedly failed and triggered the "
                + "limit, will retry in {0} minutes", limitMinutes);
        return true;
    }

    /** BGREWRITEAOF. */
    public String bgrewriteaof(boolean inExec) {
        if (rewrite != null) {
            throw RedisError.err("Background append only file rewriting already in progress");
        }
        if (engine.persistence().hasActiveJob() || inExec) {
            rewriteScheduled = true;
            consecutiveFailures = 0;
            return "Background append only file rewriting scheduled";
        }
        if (!startRewrite()) {
            throw RedisError.err("Can't execute an AOF background rewriting. Please check the server logs for "
                    + "more information.");
        }
        return "Background append only file rewriting started";
    }

    /**
     * rewriteAppendOnlyFileBackground: flush, switch new writes to a new incremental file (a temporary
     * one while AOF is being turned on), take the image and write the base on the job's thread.
     */
    private boolean startRewrite() {
        if (rewrite != null || engine.persistence().hasActiveJob()) {
            return false;
        }
        if (paths == null) {
            paths = paths();
        }
        if (manifest == null) {
            manifest = AofLoader.readManifest(paths);
        }
        try {
            Files.createDirectories(paths.aofDir());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Can't open or create append-only dir " + paths.aofDir() + ": "
                    + e.getMessage());
            lastRewriteOk = false;
            return false;
        }
        if (!openNewIncr()) {
            lastRewriteOk = false;
            return false;
        }
        rewrites++;
        Path temp = paths.dir().resolve("temp-rewriteaof-bg-" + ProcessHandle.current().pid() + "-" + rewrites
                + ".aof");
        KeyspaceImage image = engine.snapshot();
        AofRewriteJob job = new AofRewriteJob(image, temp, rewriteOptions(), this::rewriteDone);
        if (!engine.persistence().startJob(Persistence.JobKind.AOF_REWRITE, job)) {
            image.close();
            return false;
        }
        rewrite = job;
        rewriteScheduled = false;
        rewriteStartMillis = System.currentTimeMillis();
        LOG.log(System.Logger.Level.INFO, "Background append only file rewriting started");
        return true;
    }

    /** openNewIncrAofForAppend: new writes go to a new incremental file from now on. */
    private boolean openNewIncr() {
        if (state == State.OFF) {
            return true;
        }
        if (file != null) {
            file.flush(policy, System.currentTimeMillis() / 1000, false);
        }
        AofManifest next = null;
        String name;
        if (state == State.WAIT_REWRITE) {
            name = AofManifest.tempIncrName(paths.appendFilename());
        } else {
            next = manifest.copy();
            name = next.newIncr();
        }
        AppendOnlyFile opened;
        try {
            opened = new AppendOnlyFile(paths.inDir(name), true, fsyncThread, pendingFsyncs, fatal);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Can't open the append-only file " + name + ": " + e.getMessage());
            return false;
        }
        if (next != null) {
            try {
                AofFiles.writeManifest(paths, next);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Can't persist the AOF manifest: " + e.getMessage());
                opened.close();
                return false;
            }
            manifest = next;
        }
        LOG.log(System.Logger.Level.INFO, "Creating AOF incr file {0} on background rewrite", name);
        if (file != null) {
            baseAndIncrBefore += file.size();
            file.closeInBackground();
        }
        file = opened;
        return true;
    }

    /** backgroundRewriteDoneHandler, on the engine thread. */
    private void rewriteDone(AofRewriteJob job, Throwable error) {
        if (rewrite != job) {
            return;
        }
        rewrite = null;
        lastRewriteSeconds = (System.currentTimeMillis() - rewriteStartMillis) / 1000;
        rewriteStartMillis = -1;
        if (error instanceof CancellationException) {
            return;
        }
        if (error != null) {
            LOG.log(System.Logger.Level.WARNING, "Background AOF rewrite failed: " + error, error);
            failed();
            return;
        }
        LOG.log(System.Logger.Level.INFO, "Background AOF rewrite terminated with success");
        AofManifest next = manifest.copy();
        String baseName = next.newBase(rdbPreamble);
        try {
            Files.move(job.temp(), paths.inDir(baseName), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            if (state == State.WAIT_REWRITE) {
                String incrName = next.newIncr();
                Files.move(paths.inDir(AofManifest.tempIncrName(paths.appendFilename())), paths.inDir(incrName),
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            next.markRewrittenIncrAsHistory(file != null);
            AofFiles.writeManifest(paths, next);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Error finishing the AOF rewrite: " + e.getMessage());
            try {
                Files.deleteIfExists(job.temp());
            } catch (IOException ignored) {
                // the next rewrite writes another temp file
            }
            failed();
            return;
        }
        manifest = next;
        if (state == State.WAIT_REWRITE) {
            state = State.ON;
        }
        baseAndIncrBefore = fileSize(baseName);
        rewriteBaseSize = currentSize();
        lastRewriteOk = true;
        consecutiveFailures = 0;
        deleteHistory();
        LOG.log(System.Logger.Level.INFO, "Background AOF rewrite finished successfully");
    }

    private void failed() {
        lastRewriteOk = false;
        consecutiveFailures++;
        if (state == State.WAIT_REWRITE) {
            // as Redis: retried from cron while AOF waits to be turned on
            rewriteScheduled = true;
        }
    }

    /** aofDelHistoryFiles: history files are deleted and the manifest forgets them. */
    private void deleteHistory() {
        if (disableAutoGc || manifest == null || manifest.history().isEmpty()) {
            return;
        }
        for (AofManifest.FileInfo f : manifest.history()) {
            LOG.log(System.Logger.Level.INFO, "Removing the history file {0} in the background", f.name());
            try {
                Files.deleteIfExists(paths.inDir(f.name()));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "can't remove " + f.name() + ": " + e.getMessage());
            }
        }
        AofManifest next = manifest.copy();
        next.clearHistory();
        try {
            AofFiles.writeManifest(paths, next);
            manifest = next;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Can't persist the AOF manifest: " + e.getMessage());
        }
    }

    private long fileSize(String name) {
        try {
            return Files.size(paths.inDir(name));
        } catch (IOException e) {
            return 0;
        }
    }

    /** aof_current_size: base and incremental files plus what the current file holds. */
    long currentSize() {
        return baseAndIncrBefore + (file == null ? 0 : file.size());
    }

    /** CONFIG SET appendonly: yes starts a rewrite that creates the files (startAppendOnly); no stops. */
    private void appendonlyChanged(String value) {
        if (!started) {
            return;
        }
        boolean on = "yes".equals(value);
        if (on && state == State.OFF) {
            startAppendOnly();
        } else if (!on && state != State.OFF) {
            stopAppendOnly();
        }
    }

    private void startAppendOnly() {
        paths = paths();
        manifest = AofLoader.readManifest(paths);
        state = State.WAIT_REWRITE;
        if (otherJobRunning.getAsBoolean()) {
            rewriteScheduled = true;
            LOG.log(System.Logger.Level.WARNING, "AOF was enabled but there is already another background "
                    + "operation. An AOF background was scheduled to start when possible.");
        } else {
            if (rewrite != null) {
                LOG.log(System.Logger.Level.WARNING, "AOF was enabled but there is already an AOF rewriting in "
                        + "background. Stopping background AOF and starting a rewrite now.");
                cancelRewrite();
            }
            if (!startRewrite()) {
                state = State.OFF;
                throw RedisError.err("Redis needs to enable the AOF but can't trigger a background AOF rewrite "
                        + "operation. Check the above logs for more info about the error.");
            }
        }
    }

    private void stopAppendOnly() {
        if (file != null) {
            file.flushAndSync();
            file.close();
            file = null;
        }
        state = State.OFF;
        rewriteScheduled = false;
        baseAndIncrBefore = 0;
        cancelRewrite();
    }

    /** killAppendOnlyChild: stops the rewrite job and forgets it (its temp file is deleted). */
    private void cancelRewrite() {
        if (rewrite != null) {
            AofRewriteJob job = rewrite;
            rewrite = null;
            rewriteStartMillis = -1;
            if (engine.persistence().activeJob() == Persistence.JobKind.AOF_REWRITE) {
                engine.persistence().cancelJob();
            } else {
                job.cancel();
            }
        }
    }

    /** Shutdown: write and fsync what is buffered, close the file, stop a rewrite. */
    public void close() {
        cancelRewrite();
        if (file != null) {
            file.flushAndSync();
            file.close();
            file = null;
        }
        fsyncThread.shutdown();
        try {
            fsyncThread.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The aof_* fields of INFO persistence in Redis 7.0's order. */
    public void info(BiConsumer<String, Object> out) {
        out.accept("aof_enabled", state != State.OFF ? 1 : 0);
        out.accept("aof_rewrite_in_progress", rewrite != null ? 1 : 0);
        out.accept("aof_rewrite_scheduled", rewriteScheduled ? 1 : 0);
        out.accept("aof_last_rewrite_time_sec", lastRewriteSeconds);
        out.accept("aof_current_rewrite_time_sec",
                rewriteStartMillis < 0 ? -1 : (System.currentTimeMillis() - rewriteStartMillis) / 1000);
        out.accept("aof_last_bgrewrite_status", lastRewriteOk ? "ok" : "err");
        out.accept("aof_rewrites", rewrites);
        out.accept("aof_rewrites_consecutive_failures", consecutiveFailures);
        out.accept("aof_last_write_status", file != null && file.writeError() != null ? "err" : "ok");
        out.accept("aof_last_cow_size", 0);
        out.accept("module_fork_in_progress", 0);
        out.accept("module_fork_last_cow_size", 0);
        if (state != State.OFF) {
            out.accept("aof_current_size", currentSize());
            out.accept("aof_base_size", rewriteBaseSize);
            out.accept("aof_pending_rewrite", rewriteScheduled ? 1 : 0);
            out.accept("aof_buffer_length", file == null ? 0 : file.buffered());
            out.accept("aof_pending_bio_fsync", pendingFsyncs.get());
            out.accept("aof_delayed_fsync", 0);
        }
    }
}
