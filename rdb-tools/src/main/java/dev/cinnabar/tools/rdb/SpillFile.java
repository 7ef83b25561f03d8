// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.RdbWriter;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The temp file a big value's body waits in while {@code rdb import} reads it: an RDB value starts with a
 * count known only at its end, so the body is written here ({@link #body}) and copied after the count
 * ({@link #copyTo}). Deleted once copied, or on {@link #close} when the value is dropped.
 */
final class SpillFile implements Closeable {
    private final Path file;
    private final OutputStream stream;
    private final RdbWriter body;
    private boolean closed;

    /** @param dir where the temp file goes (beside the output, which will hold the value anyway) */
    SpillFile(Path dir) throws IOException {
        this.file = Files.createTempFile(dir, "temp-import-", ".spill");
        try {
            this.stream = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        // compressed as the output is, so the copied body is what the engine's writer would write
        this.body = new RdbWriter(stream, true);
    }

    /** Where the body is written. */
    RdbWriter body() {
        return body;
    }

    /** Copies the body to {@code out} and deletes the file. */
    void copyTo(RdbWriter out) throws IOException {
        body.flush();
        stream.close();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.writeRaw(buffer, 0, n);
            }
        }
        close();
    }

    /** Deletes the file (a value dropped, or a failed import). */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stream.close();
        } catch (IOException e) {
            // the body is thrown away: a failed flush loses nothing
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
