// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import dev.cinnabar.core.Engine;

import java.io.InputStream;
import java.util.Map;
import java.util.Objects;

/**
 * Loads an RDB stream into an engine's databases, all or nothing. Engine thread.
 */
public final class RdbLoader {
    /**
     * What a load did.
     *
     * @param keysLoaded   keys stored
     * @param keysExpired  keys skipped because their expiry had passed (Redis's rdb_last_load_keys_expired)
     * @param auxFields    the file's AUX fields in file order
     * @param bytesRead    bytes consumed, from "REDIS" to the end of the checksum
     * @param rdbVersion   the file's RDB version
     */
    public record Result(long keysLoaded, long keysExpired, Map<String, String> auxFields, long bytesRead,
            int rdbVersion) {
        public Result {
            Objects.requireNonNull(auxFields, "auxFields is null");
        }
    }

    private RdbLoader() {
    }

    /**
     * Reads a whole RDB from {@code in} (starting at "REDIS") and replaces the engine's databases with
     * its content, dropping keys whose expiry has passed as a master does. Stops right after the EOF
     * opcode and its checksum, so an AOF with an RDB preamble can go on reading from {@code in}; pass a
     * buffered stream. On malformed data throws {@link RdbFormatException} naming {@code source} and the
     * byte offset, and the engine's databases are as they were.
     */
    public static Result load(Engine engine, InputStream in, String source) {
        throw new UnsupportedOperationException("not yet");
    }
}
