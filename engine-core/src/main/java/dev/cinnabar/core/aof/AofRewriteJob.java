// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.aof;

import dev.cinnabar.core.persistence.BackgroundJob;
import dev.cinnabar.core.persistence.KeyspaceImage;
import dev.cinnabar.core.persistence.ProgressImage;
import dev.cinnabar.core.rdb.RdbFileWriter;
import dev.cinnabar.spi.ValueType;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * Writes a new AOF base file from a keyspace image on its own thread (what Redis's rewrite child does):
 * an RDB preamble ({@code aof-use-rdb-preamble yes}, aux aof-base=1) or commands as
 * {@code rewriteAppendOnlyFileRio} writes them: a {@code #TS:} line if enabled, FUNCTION LOAD for each
 * function library, then per non-empty
 * database SELECT and every key's commands followed by PEXPIREAT for a key with an expiry. The file is
 * fsynced before the job reports success; a cancelled or failed job deletes it.
 */
final class AofRewriteJob implements BackgroundJob {
    private static final System.Logger LOG = System.getLogger("cinnabar.aof");
    private static final byte[] SET = "SET".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FUNCTION = "FUNCTION".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LOAD = "LOAD".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PEXPIREAT = "PEXPIREAT".getBytes(StandardCharsets.US_ASCII);
    /** Commands are encoded into a buffer and written out when it holds this many bytes. */
    private static final int CHUNK = 1 << 16;

    /** How the job ended; called on the engine thread. */
    interface Done {
        void finished(AofRewriteJob job, Throwable error);
    }

    /** The options read on the engine thread when the rewrite started. */
    record Options(boolean rdbPreamble, boolean compress, boolean checksum, boolean timestamps,
                   Map<String, String> aux, List<byte[]> functions) {
    }

    private final ProgressImage image;
    private final Path temp;
    private final Options options;
    private final Done done;

    AofRewriteJob(KeyspaceImage image, Path temp, Options options, Done done) {
        this.image = new ProgressImage(Objects.requireNonNull(image, "image is null"));
        this.temp = Objects.requireNonNull(temp, "temp is null");
        this.options = Objects.requireNonNull(options, "options is null");
        this.done = Objects.requireNonNull(done, "done is null");
    }

    Path temp() {
        return temp;
    }

    /** Asks the job to stop at its next key (appendonly no, shutdown); it then deletes its file. */
    @Override
    public void cancel() {
        image.cancel();
    }

    boolean cancelled() {
        return image.cancelled();
    }

    /** Writes the file; throws on failure or cancellation, having deleted the partial file. */
    @Override
    public void run() throws IOException {
        Throwable error = null;
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), CHUNK);
            if (options.rdbPreamble()) {
                new RdbFileWriter(out, options.compress(), options.checksum())
                        .write(image, options.aux(), options.functions());
            } else {
                writeCommands(out);
            }
            out.flush();
            channel.force(true);
        } catch (IOException | RuntimeException | Error t) {
            error = t;
        } finally {
            image.close();
        }
        if (error != null || image.cancelled()) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "can't remove " + temp + ": " + e.getMessage());
            }
        }
        if (image.cancelled()) {
            throw new CancellationException("rewrite cancelled");
        }
        if (error instanceof IOException io) {
            throw io;
        }
        if (error instanceof RuntimeException re) {
            throw re;
        }
        if (error instanceof Error e) {
            throw e;
        }
    }

    @Override
    public void finished(Throwable error) {
        done.finished(this, error);
    }

    @Override
    public long keysProcessed() {
        return image.visited();
    }

    private void writeCommands(OutputStream out) throws IOException {
        AofEncoder enc = new AofEncoder(CHUNK);
        if (options.timestamps()) {
            enc.timestamp(System.currentTimeMillis() / 1000);
        }
        for (byte[] code : options.functions()) {
            enc.command(FUNCTION, LOAD, code);
        }
        for (int db = 0; db < image.databaseCount(); db++) {
            if (image.size(db) == 0) {
                continue;
            }
            enc.select(db);
            image.forEach(db, (key, value, type, expireAt, lru) -> {
                rewrite(enc, key, value, type);
                if (expireAt != 0) {
                    enc.command(PEXPIREAT, key, Long.toString(expireAt).getBytes(StandardCharsets.US_ASCII));
                }
                if (enc.length() >= CHUNK) {
                    drain(enc, out);
                }
            });
        }
        drain(enc, out);
    }

    @SuppressWarnings("unchecked")
    private static void rewrite(AofEncoder enc, byte[] key, Object value, ValueType<?> type) {
        if (value instanceof byte[] string) {
            // as rewriteAppendOnlyFileRio: strings are written by the rewrite itself
            enc.command(SET, key, string);
        } else {
            ((ValueType<Object>) type).rewrite(key, value, enc::command);
        }
    }

    private static void drain(AofEncoder enc, OutputStream out) {
        try {
            out.write(enc.array(), 0, enc.length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        enc.clear(CHUNK * 2);
    }
}
