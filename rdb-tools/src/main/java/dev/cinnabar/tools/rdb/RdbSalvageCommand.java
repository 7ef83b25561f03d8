// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.RdbFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code cinnabar rdb salvage FILE --to OUT.rdb}: everything readable from a damaged dump. */
@Command(name = "salvage", header = "Recover every readable key of a damaged RDB file into a new one.",
        mixinStandardHelpOptions = true,
        description = {"Reads FILE record by record; where a record is damaged it is skipped and reading "
                + "resumes at the first later byte where records parse again (the end of the "
                + "file, or 8 keys in a row). A record whose damaged length swallowed the records after it is "
                + "found by the records hidden in its bytes (a chain of records inside it that meets the walk again). "
                + "Reports every byte range left out, with the key of the record that started it when its "
                + "name is readable. Each good record is copied to OUT as it is found (an RDB 11 file is "
                + "re-encoded as RDB 10, which Redis 7.0 loads; expiries and function libraries kept; a key met twice "
                + "is written once). FILE is not changed. A value with a flipped byte that still parses is only "
                + "caught by the checksum, which is reported.",
                "Memory: the last 128 KB of record positions and the largest single value (plus, on a damaged "
                + "file, 16 bytes per key to drop duplicates); files up to 2 GB."},
        footer = {"", "Examples:", "  cinnabar rdb salvage dump.rdb --to dump.salvaged.rdb",
                "  cinnabar rdb salvage dump.rdb --to out.rdb --json | jq '.lost[] | {start, end, key}'",
                "", "Exit codes: 0 nothing lost (OUT written), 1 not even the header is readable (nothing written), "
                + "2 usage or I/O error, 3 OUT written but some records were lost (listed), the checksum differs, duplicate keys were dropped, "
                + "or the field TTLs of an RDB 12 file were dropped (RDB 10 has none)."})
public final class RdbSalvageCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The damaged RDB file.")
    Path file;

    @Option(names = "--to", required = true, paramLabel = "OUT", description = "The RDB file to write.")
    Path to;

    @Mixin
    ReportOptions reporting;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() {
        PrintWriter err = reporting.err();
        if (!Files.isReadable(file)) {
            return ExitCodes.usageOrIo(err, "can't read " + file);
        }
        if (to.toAbsolutePath().equals(file.toAbsolutePath())) {
            return ExitCodes.usageOrIo(err, "--to must be another file than FILE");
        }
        try (ToolEngine tool = new ToolEngine(null)) {
            RdbSalvager.Report r;
            try (Progress p = progress.start(ProgressOptions.sizeOf(file))) {
                r = RdbSalvager.salvage(tool.engine.types()::forRdbType, file, to);
            }
            long bytes = r.outBytes();
            boolean intact = r.lost().isEmpty() && !Boolean.FALSE.equals(r.checksumOk()) && r.duplicates() == 0;
            boolean clean = intact && !r.fieldTtls().any();
            reporting.print(() -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("file", file.toString());
                m.putAll(r.toMap());
                m.put("out", to.toString());
                m.put("out_bytes", bytes);
                return m;
            }, out -> {
                out.println("salvaged " + r.keys() + " keys from " + file + " (" + r.toMap().get("file_size")
                        + " bytes, RDB version " + r.toMap().get("rdb_version") + ") into " + to + " (" + bytes + " bytes)");
                for (RdbSalvager.Lost l : r.lost()) {
                    out.println("  LOST bytes " + l.start() + ".." + l.end() + " (" + (l.end() - l.start()) + " bytes)"
                            + (l.key() != null ? ", starting with key " + l.key() : ", key unreadable") + ": " + l.reason());
                }
                if (r.duplicates() > 0) {
                    out.println("  DUPLICATE KEYS dropped: " + r.duplicates() + " (a damaged record named a key read before)");
                }
                if (Boolean.FALSE.equals(r.checksumOk()) && r.lost().isEmpty()) {
                    out.println("  CHECKSUM MISMATCH: every record parsed, but some value holds a changed byte");
                }
                if (r.fieldTtls().any()) {
                    out.println("  DROPPED field TTLs: " + r.fieldTtls().ttlsDropped() + " hash fields in "
                            + r.fieldTtls().keysWithTtls() + " keys kept without their TTL (RDB 10 cannot hold field "
                            + "TTLs, a Redis 7.4 / RDB 12 feature); " + r.fieldTtls().fieldsExpired()
                            + " fields already expired left out, " + r.fieldTtls().keysAllExpired()
                            + " hashes with no field left not written");
                }
                out.println(clean ? "nothing lost" : intact ? "nothing damaged; field TTLs dropped as above"
                        : r.lost().size() + " damaged ranges, " + r.bytesLost() + " bytes left out");
            });
            return clean ? ExitCodes.OK : ExitCodes.PARTIAL;
        } catch (RdbFormatException e) {
            err.println("CORRUPT: " + e.getMessage() + ": nothing can be salvaged");
            return ExitCodes.CORRUPT;
        } catch (IOException e) {
            return ExitCodes.usageOrIo(err, e.getMessage());
        }
    }
}
