// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.aof;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the AOF lives: {@code dir} (config), the AOF directory {@code dir/appenddirname} and the names
 * derived from {@code appendfilename}. Both names are immutable config in Redis 7.0; {@code dir} is read
 * when the AOF opens.
 */
public record AofPaths(Path dir, String appendDirname, String appendFilename) {
    public AofPaths {
        Objects.requireNonNull(dir, "dir is null");
        Objects.requireNonNull(appendDirname, "appendDirname is null");
        Objects.requireNonNull(appendFilename, "appendFilename is null");
    }

    public Path aofDir() {
        return dir.resolve(appendDirname);
    }

    public Path inDir(String fileName) {
        return aofDir().resolve(fileName);
    }

    public String manifestName() {
        return AofManifest.fileName(appendFilename);
    }

    public Path manifest() {
        return inDir(manifestName());
    }

    /** A pre-7.0 single-file AOF: {@code dir/appendfilename}. */
    public Path legacyFile() {
        return dir.resolve(appendFilename);
    }
}
