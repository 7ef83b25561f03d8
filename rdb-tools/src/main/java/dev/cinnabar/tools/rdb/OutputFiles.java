// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.persistence.AtomicFileWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** How the tools write their outputs, so that a failed or interrupted run never leaves a half-written one. */
public final class OutputFiles {
    private OutputFiles() {
    }

    /**
     * Writes {@code target} through {@code temp-<name>.<pid>} beside it, renamed over it once complete
     * ({@link AtomicFileWriter}).
     *
     * @return the bytes written
     */
    public static long write(Path target, AtomicFileWriter.Content content) throws IOException {
        Path abs = target.toAbsolutePath();
        Path temp = abs.resolveSibling("temp-" + abs.getFileName() + "." + ProcessHandle.current().pid());
        return AtomicFileWriter.write(temp, abs, content);
    }

    /** Refuses a directory that already holds an AOF manifest: a new AOF must not mix with an old one. */
    public static void requireNoAofManifest(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            if (s.anyMatch(p -> p.getFileName().toString().endsWith(".manifest"))) {
                throw new IOException(dir + " already holds an AOF manifest: give a new directory");
            }
        }
    }
}
