// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import java.io.PrintWriter;

/** The exit codes of every {@code cinnabar rdb} and {@code cinnabar aof} command. Stable: scripts test them. */
public final class ExitCodes {
    /** The input is intact (or, with {@code --fix}, was repaired). */
    public static final int OK = 0;
    /** The input is corrupt or truncated; the report says where. */
    public static final int CORRUPT = 1;
    /** Bad arguments, or the input could not be read (missing file, permission, I/O error). */
    public static final int USAGE_OR_IO = 2;
    /**
     * The work was done, with problems the report lists: commands that failed on replay, a torn tail
     * accepted, error replies from a target server, records lost by salvage, --until on an AOF without
     * #TS annotations, a count check that does not add up, differences found by diff.
     */
    public static final int PARTIAL = 3;
    /** {@code aof get}: the key did not exist at that time. */
    public static final int NOT_FOUND = 4;

    private ExitCodes() {
    }

    /** Reports bad arguments or an unreadable input the way every tool does, and returns {@link #USAGE_OR_IO}. */
    public static int usageOrIo(PrintWriter err, String message) {
        err.println("error: " + message);
        return USAGE_OR_IO;
    }
}
