// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.persistence;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Replaces a file so that a crash leaves either the old or the new content, never a mix (Redis's
 * {@code rdbSave}): write a temp file in the same directory, fsync it, rename it over the target, fsync
 * the directory so the rename itself is durable. On any failure the temp file is removed and the target
 * is untouched.
 */
public final class AtomicFileWriter {
    /** Output buffer in bytes: large sequential writes, as Redis's stdio buffer plus rio chunks. */
    private static final int BUFFER = 64 * 1024;

    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFileWriter() {
    }

    /**
     * Writes {@code target} through {@code temp} (both in the same directory).
     *
     * @return bytes written
     * @throws IOException naming the file that could not be written, renamed or synced
     */
    public static long write(Path temp, Path target, Content content) throws IOException {
        Objects.requireNonNull(temp, "temp is null");
        Objects.requireNonNull(target, "target is null");
        Objects.requireNonNull(content, "content is null");
        long size;
        try {
            try (FileChannel channel = openTemp(temp)) {
                CountingStream counted = new CountingStream(Channels.newOutputStream(channel));
                OutputStream out = new BufferedOutputStream(counted, BUFFER);
                content.writeTo(out);
                out.flush();
                // the data must be on disk before the rename makes it the file
                channel.force(true);
                size = counted.count;
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("Error moving temp DB file " + temp + " on the final destination " + target
                        + ": the file system cannot rename atomically", e);
            } catch (IOException e) {
                throw new IOException("Error moving temp DB file " + temp + " on the final destination " + target
                        + ": " + describe(e), e);
            }
        } catch (IOException | RuntimeException | Error e) {
            deleteQuietly(temp);
            throw e;
        }
        syncDirectory(target.toAbsolutePath().getParent());
        return size;
    }

    private static FileChannel openTemp(Path temp) throws IOException {
        try {
            return FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException("Failed opening the temp RDB file " + temp + " for saving: " + describe(e), e);
        }
    }

    /** Makes a rename in {@code dir} durable; a file system that cannot sync directories is accepted. */
    static void syncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some platforms cannot open a directory; the rename is still atomic, only its durability waits
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the directory itself may be gone: nothing left to clean up
        }
    }

    /** The reason of an I/O failure as strerror would phrase the common ones. */
    static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    /** Counts the bytes that reach the channel. */
    private static final class CountingStream extends OutputStream {
        private final OutputStream out;
        long count;

        CountingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
