// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.aof;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The incremental AOF file being appended to, with its in-memory buffer ({@code aof_buf}): commands are
 * encoded into the buffer as they are propagated and written to the file once per event-loop turn, before
 * replies go out ({@code flushAppendOnlyFile}). Fsync follows {@link FsyncPolicy}: inline for ALWAYS, on
 * the shared fsync thread once a second for EVERYSEC. A failed or short write is cut back off the file so
 * it never ends in a partial command; the buffer keeps the bytes and the next flush retries. Engine thread
 * only, except the fsync task.
 */
final class AppendOnlyFile implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("cinnabar.aof");
    /** Buffers up to this size are kept for reuse after a flush (Redis: 4000 bytes). */
    private static final int KEEP_BUFFER = 4096;
    /** AOF_WRITE_LOG_ERROR_RATE: seconds between two logs of the same write error. */
    private static final int ERROR_LOG_SECONDS = 30;

    private final String name;
    private final FileChannel channel;
    private final ExecutorService fsyncThread;
    private final AtomicInteger pendingFsyncs;
    private final AofEncoder buffer = new AofEncoder(KEEP_BUFFER);
    private final Consumer<String> fatal;
    private int selectedDb = -1;
    private long currentTimestamp;
    /** Bytes in this file (aof_last_incr_size): where a failed write is cut back to. */
    private long size;
    private long fsyncedSize;
    private long lastFsyncSecond;
    private String writeError;
    private long lastErrorLog;
    private volatile String fsyncError;

    /**
     * @param fatal called when ALWAYS cannot guarantee an acknowledged write is on disk (Redis exits)
     */
    AppendOnlyFile(Path path, boolean truncate, ExecutorService fsyncThread, AtomicInteger pendingFsyncs,
            Consumer<String> fatal) throws IOException {
        this.name = path.getFileName().toString();
        this.channel = truncate
                ? FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)
                : FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        this.size = channel.size();
        channel.position(size);
        this.fsyncedSize = size;
        this.fsyncThread = Objects.requireNonNull(fsyncThread, "fsyncThread is null");
        this.pendingFsyncs = Objects.requireNonNull(pendingFsyncs, "pendingFsyncs is null");
        this.fatal = Objects.requireNonNull(fatal, "fatal is null");
    }

    String name() {
        return name;
    }

    /** Bytes in the file (not counting the buffer). */
    long size() {
        return size;
    }

    int buffered() {
        return buffer.length();
    }

    /** The error of the last write when it failed ({@code aof_last_write_status:err}), else null. */
    String writeError() {
        return writeError != null ? writeError : fsyncError;
    }

    /** The next feed writes SELECT whatever database it is for (after a rewrite starts, as Redis). */
    void forceSelect() {
        selectedDb = -1;
    }

    /** Appends one propagated command to the buffer (feedAppendOnlyFile). */
    void feed(int db, byte[][] argv, boolean timestamps, long nowSeconds) {
        if (timestamps && currentTimestamp < nowSeconds) {
            currentTimestamp = nowSeconds;
            buffer.timestamp(nowSeconds);
        }
        if (db != selectedDb) {
            buffer.select(db);
            selectedDb = db;
        }
        buffer.command(argv);
    }

    /**
     * Writes the buffer to the file and fsyncs per {@code policy} (flushAppendOnlyFile). Returns false if
     * the write failed (the bytes stay buffered). Under ALWAYS a failure is fatal.
     *
     * @param skipFsync no-appendfsync-on-rewrite while a rewrite runs
     */
    boolean flush(FsyncPolicy policy, long nowSeconds, boolean skipFsync) {
        if (buffer.length() > 0 && !write(policy, nowSeconds)) {
            return false;
        }
        if (skipFsync || fsyncedSize == size) {
            return true;
        }
        if (policy == FsyncPolicy.ALWAYS) {
            try {
                channel.force(false);
                fsyncedSize = size;
                lastFsyncSecond = nowSeconds;
            } catch (IOException e) {
                fatal.accept("Can't persist AOF for fsync error when the AOF fsync policy is 'always': "
                        + e.getMessage() + ". Exiting...");
                return false;
            }
        } else if (policy == FsyncPolicy.EVERYSEC && nowSeconds > lastFsyncSecond && pendingFsyncs.get() == 0) {
            backgroundFsync();
            fsyncedSize = size;
            lastFsyncSecond = nowSeconds;
        }
        return true;
    }

    private boolean write(FsyncPolicy policy, long nowSeconds) {
        ByteBuffer bytes = ByteBuffer.wrap(buffer.array(), 0, buffer.length());
        long before = size;
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            int written = bytes.position();
            boolean cutBack = false;
            try {
                channel.truncate(before);
                channel.position(before);
                cutBack = true;
            } catch (IOException t) {
                logError(nowSeconds, "Could not remove short write from the append-only file. The AOF may "
                        + "need aof-load-truncated at the next start. ftruncate: " + t.getMessage());
            }
            if (!cutBack && written > 0) {
                size += written;
                buffer.consume(written);
            }
            if (policy == FsyncPolicy.ALWAYS) {
                fatal.accept("Can't recover from AOF write error when the AOF fsync policy is 'always': "
                        + e.getMessage() + ". Exiting...");
                return false;
            }
            if (writeError == null) {
                logError(nowSeconds, "Error writing to the AOF file " + name + ": " + e.getMessage());
            }
            writeError = e.getMessage() == null ? e.toString() : e.getMessage();
            return false;
        }
        size += buffer.length();
        buffer.clear(KEEP_BUFFER);
        if (writeError != null) {
            LOG.log(System.Logger.Level.WARNING, "AOF write error looks solved, Redis can write again.");
            writeError = null;
        }
        return true;
    }

    private void logError(long nowSeconds, String message) {
        if (nowSeconds - lastErrorLog > ERROR_LOG_SECONDS) {
            lastErrorLog = nowSeconds;
            LOG.log(System.Logger.Level.WARNING, message);
        }
    }

    /** An fsync on the fsync thread (Redis's bio AOF fsync job). */
    private void backgroundFsync() {
        pendingFsyncs.incrementAndGet();
        fsyncThread.execute(() -> {
            try {
                if (channel.isOpen()) {
                    channel.force(false);
                }
                fsyncError = null;
            } catch (IOException e) {
                fsyncError = e.getMessage();
                LOG.log(System.Logger.Level.WARNING, "Fail to fsync the AOF file: " + e.getMessage());
            } finally {
                pendingFsyncs.decrementAndGet();
            }
        });
    }

    /** Flushes what is buffered and fsyncs now (stopping AOF, shutdown); errors are logged. */
    void flushAndSync() {
        if (buffer.length() > 0) {
            write(FsyncPolicy.NO, Long.MAX_VALUE);
        }
        try {
            channel.force(false);
            fsyncedSize = size;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Fail to fsync the AOF file " + name + ": " + e.getMessage());
        }
    }

    /**
     * Closes the file; a file closed for a newer one is fsynced first on the fsync thread
     * ({@code aof_background_fsync_and_close}).
     */
    void closeInBackground() {
        pendingFsyncs.incrementAndGet();
        fsyncThread.execute(() -> {
            try {
                channel.force(false);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Fail to fsync the AOF file " + name + ": " + e.getMessage());
            } finally {
                pendingFsyncs.decrementAndGet();
                closeQuietly();
            }
        });
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing " + name + " failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
