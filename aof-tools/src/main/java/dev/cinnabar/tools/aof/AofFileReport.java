// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.aof;

import dev.cinnabar.tools.rdb.RdbCheckReport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link AofChecker} found in one AOF file.
 *
 * @param name          the file's name (as the manifest lists it, or the path of a single file)
 * @param role          "base", "incr" or "file" (a single AOF without a manifest)
 * @param size          its length in bytes; -1 if it is missing
 * @param preamble      the check of its RDB preamble, null if it has none
 * @param commands      complete commands read (MULTI and EXEC included)
 * @param validUpTo     where the last valid command ends: what {@code --fix} keeps
 * @param lastTimestamp the last {@code #TS:} annotation read, Unix seconds; -1 if none
 * @param status        the verdict
 * @param error         what was wrong, null if {@link Status#OK}
 * @param errorOffset   where it was found, -1 if no offset applies
 */
public record AofFileReport(String name, String role, long size, RdbCheckReport preamble, long commands,
        long validUpTo, long lastTimestamp, Status status, String error, long errorOffset) {
    public AofFileReport {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(role, "role is null");
        Objects.requireNonNull(status, "status is null");
    }

    /** A file's verdict. */
    public enum Status {
        /** Every byte is part of a valid command (or of a valid RDB preamble). */
        OK,
        /** The file ends inside a command or inside a MULTI block: cutting the tail repairs it. */
        TRUNCATED,
        /** Bytes that are not a valid command, or a corrupt RDB preamble. */
        CORRUPT,
        /** The manifest lists it but it does not exist. */
        MISSING
    }

    public boolean ok() {
        return status == Status.OK;
    }

    /** As nested maps, for a JSON writer. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("role", role);
        m.put("size", size);
        m.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
        m.put("rdb_preamble", preamble == null ? null : preamble.toMap(name));
        m.put("commands", commands);
        m.put("valid_up_to", validUpTo);
        m.put("last_timestamp", lastTimestamp < 0 ? null : lastTimestamp);
        m.put("error", error);
        m.put("error_offset", errorOffset < 0 ? null : errorOffset);
        return m;
    }
}
