// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code cinnabar rdb check FILE}: verifies a whole RDB file without loading it. */
@Command(name = "check", header = "Verify an RDB file: structure, lengths, encodings, CRC64.",
        mixinStandardHelpOptions = true,
        description = {"Walks the whole file with bounded memory (no value is built) and verifies the header and "
                + "version (1 to 12), every opcode, length and string encoding, the integrity of every ziplist, "
                + "listpack, intset and zipmap, and the CRC64 trailer. Prints keys per database, type and encoding."},
        footer = {"", "Examples:", "  cinnabar rdb check dump.rdb", "  cinnabar rdb check --json dump.rdb | jq .error",
                "", "Exit codes: 0 the file is intact, 1 it is corrupt (offset, key and expectation are reported), "
                + "2 usage or I/O error."})
public final class RdbCheckCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The RDB file.")
    Path file;

    @Mixin
    ReportOptions reporting;

    @Mixin
    ProgressOptions progress;

    /**
     * {@code cinnabar rdb check FILE} without options, run without picocli (whose reflective model of the
     * command costs a short check more than its work): the same report and exit code.
     */
    public static int run(Path file, PrintWriter out, PrintWriter err) {
        RdbCheckCommand command = new RdbCheckCommand();
        command.file = file;
        command.reporting = ReportOptions.text(out, err);
        command.progress = ProgressOptions.byDefault(err);
        return command.call();
    }

    @Override
    public Integer call() {
        RdbCheckReport report;
        long size;
        try {
            size = Files.size(file);
            try (Progress p = progress.start(size)) {
                report = RdbChecker.check(file);
            }
        } catch (IOException e) {
            return ExitCodes.usageOrIo(reporting.err(), "can't read " + file + ": " + e);
        }
        long trailing = report.ok() ? size - report.bytesRead() : 0;
        reporting.print(() -> {
            Map<String, Object> m = report.toMap(file.toString());
            m.put("file_size", size);
            m.put("trailing_bytes", trailing);
            return m;
        }, out -> print(out, report, size, trailing));
        return report.ok() ? ExitCodes.OK : ExitCodes.CORRUPT;
    }

    private void print(PrintWriter out, RdbCheckReport r, long size, long trailing) {
        out.println("Checking RDB file " + file + " (" + size + " bytes)");
        if (r.rdbVersion() > 0) {
            out.println("RDB version " + r.rdbVersion());
        }
        r.aux().forEach((k, v) -> out.println("aux " + k + " = '" + v + "'"));
        r.databases().forEach((db, s) -> {
            out.println("db " + db + ": " + s.keys() + " keys, " + s.expires() + " with an expiry ("
                    + s.alreadyExpired() + " already expired)"
                    + (s.resizeKeys() >= 0 ? ", RESIZEDB said " + s.resizeKeys() + " keys" : ""));
            s.byEncoding().forEach((enc, n) -> out.println("  " + enc + ": " + n));
        });
        if (r.functions() > 0) {
            out.println("function libraries: " + r.functions());
        }
        if (r.moduleAux() > 0) {
            out.println("module AUX records: " + r.moduleAux());
        }
        if (r.emptyKeys() > 0) {
            out.println("empty keys (skipped by Redis on load): " + r.emptyKeys());
        }
        RdbCheckReport.FieldTtlStats ttls = r.fieldTtls();
        if (ttls.fields() > 0) {
            out.println("hash fields with a TTL (Redis 7.4): " + ttls.fields() + " in " + ttls.keys() + " keys ("
                    + ttls.alreadyExpired() + " already expired); Cinnabar loads them without their TTL");
            ttls.byEncoding().forEach((enc, n) -> out.println("  " + enc + ": " + n + " fields"));
        }
        if (r.ok()) {
            if (r.rdbVersion() >= 5) {
                out.println(r.storedChecksum() == 0 ? "CRC64 not stored (written with rdbchecksum no)"
                        : String.format("CRC64 %016x verified", r.storedChecksum()));
            }
            if (trailing > 0) {
                out.println("warning: " + trailing + " bytes after the end of the RDB at offset " + r.bytesRead()
                        + " (Redis ignores them)");
            }
            if (r.keysCheckedForDuplicates() < r.keys()) {
                out.println("warning: only the first " + r.keysCheckedForDuplicates() + " keys were checked for a key "
                        + "stored twice (the check takes up to a quarter of the heap: raise CINNABAR_HEAP)");
            }
            out.println("OK: " + r.keys() + " keys, " + r.bytesRead() + " bytes");
        } else {
            RdbCheckReport.Failure f = r.failure();
            out.println("CORRUPT at offset " + f.offset() + ": " + f.reason());
            out.println("  while: " + f.doing());
            if (f.key() != null) {
                out.println("  key: " + f.key() + " (RDB type " + f.rdbType() + ", " + RdbTypes.typeName(f.rdbType())
                        + "/" + RdbTypes.encodingName(f.rdbType()) + ")");
            }
            out.println("  keys verified before it: " + r.keys());
        }
    }
}
