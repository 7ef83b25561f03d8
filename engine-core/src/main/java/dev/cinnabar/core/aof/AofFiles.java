// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.aof;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** File operations the AOF needs to be crash-safe: atomic manifest replacement and directory fsync. */
final class AofFiles {
    private AofFiles() {
    }

    /**
     * Writes the manifest as {@code writeAofManifestFile}: to the temp name, fsync, rename over the
     * manifest, fsync the directory. A crash leaves either the old or the new manifest.
     */
    static void writeManifest(AofPaths paths, AofManifest manifest) throws IOException {
        Path temp = paths.inDir(AofManifest.tempFileName(paths.appendFilename()));
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(manifest.format().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(temp, paths.manifest(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDir(paths.aofDir());
    }

    /** fsync of a directory, so a rename or a new file in it survives a crash (a no-op where unsupported). */
    static void fsyncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows")) {
                throw e;
            }
        }
    }
}
