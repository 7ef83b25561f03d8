// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.aof.AofManifest;
import dev.cinnabar.core.persistence.AtomicFileWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code rdb convert FILE --to aof --out DIR}: a multi-part AOF directory laid out as the server's rewrite
 * leaves it after {@code CONFIG SET appendonly yes} (aof-use-rdb-preamble yes, appendfilename appendonly.aof):
 * {@code appendonly.aof.1.base.rdb} (an RDB with aux aof-base 1), an empty {@code appendonly.aof.1.incr.aof},
 * and the manifest listing both. The base is written key by key from the file (see {@link KeptEntries}), so
 * memory holds one value at a time; the manifest goes last, so a failed run leaves no AOF a server would load.
 */
final class RdbToAof {
    static final String APPEND_FILENAME = "appendonly.aof";

    private RdbToAof() {
    }

    /**
     * @param kept the keys to write, already counted ({@link KeptEntries#count})
     * @throws IOException if {@code dir} already holds a manifest, or on I/O errors
     */
    static void write(Path file, ToolEngine tool, KeptEntries kept, Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        OutputFiles.requireNoAofManifest(abs);
        Files.createDirectories(abs);
        AofManifest manifest = new AofManifest(APPEND_FILENAME);
        Path base = abs.resolve(manifest.newBase(true));
        Path incr = abs.resolve(manifest.newIncr());
        OutputFiles.write(base, out -> RdbToOlderRdb.write(file, tool, kept, out, 10, true));
        OutputFiles.write(incr, out -> {
        });
        Path manifestFile = abs.resolve(AofManifest.fileName(APPEND_FILENAME));
        AtomicFileWriter.write(abs.resolve(AofManifest.tempFileName(APPEND_FILENAME)), manifestFile,
                out -> out.write(manifest.format().getBytes(StandardCharsets.UTF_8)));
    }
}
