// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.aof;

import dev.cinnabar.tools.rdb.ExitCodes;
import dev.cinnabar.tools.rdb.JsonReport;
import dev.cinnabar.tools.rdb.Progress;
import dev.cinnabar.tools.rdb.ProgressOptions;
import dev.cinnabar.tools.rdb.ReportOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code cinnabar aof check PATH}: validates every command of an AOF, optionally cutting a torn tail. */
@Command(name = "check", header = "Verify an AOF (directory, manifest or single file); --fix it; cut it at a time.",
        mixinStandardHelpOptions = true,
        description = {"PATH is an appendonlydir (its manifest, then the base and incremental files in load order), "
                + "a manifest, or a single AOF file with or without an RDB preamble. Every command's RESP framing "
                + "is validated (#TS: annotations allowed), an RDB preamble is checked as 'rdb check' does, and the "
                + "last valid offset of each file is reported.",
                "--fix truncates the first damaged file after its last valid command, in any position. When it is "
                + "not the last file, every later incremental file is dropped too (its commands were logged against "
                + "the state the lost tail made): renamed to NAME.bak and taken out of the manifest, which is "
                + "rewritten atomically (copy in MANIFEST.bak). A missing file is dropped the same way. The cut "
                + "file is copied to NAME.bak first. A damaged RDB preamble is not cut into (use 'rdb salvage').",
                "--truncate-to-timestamp TIME cuts the same way before the first command annotated (#TS:) later "
                + "than TIME (a MULTI it belongs to goes whole)."},
        footer = {"", "Examples:", "  cinnabar aof check /var/lib/redis/appendonlydir",
                "  cinnabar aof check --fix appendonlydir/appendonly.aof.manifest",
                "  cinnabar aof check --json appendonly.aof",
                "  cinnabar aof check --truncate-to-timestamp '2026-12-03 06:59:00' appendonlydir",
                "", "Exit codes: 0 intact (or repaired by --fix, or cut by --truncate-to-timestamp), 1 corrupt or "
                + "truncated (not repaired), or the cut was refused, 2 usage or I/O error."})
public final class AofCheckCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", description = "An appendonlydir, its manifest, or a single AOF file.")
    Path path;

    @Option(names = "--fix", description = "Truncate the first damaged file at its last valid command, drop later files (backups kept).")
    boolean fix;

    @Option(names = "--truncate-to-timestamp", paramLabel = "TIME",
            description = "Cut before the first command annotated later than TIME (Unix seconds or ISO-8601).")
    String truncateTo;

    @Mixin
    ReportOptions reporting;

    @Mixin
    ProgressOptions progress;

    /**
     * {@code cinnabar aof check PATH} without options, run without picocli (whose reflective model of the
     * command costs a short check more than its work): the same report and exit code.
     */
    public static int run(Path path, PrintWriter out, PrintWriter err) {
        AofCheckCommand command = new AofCheckCommand();
        command.path = path;
        command.reporting = ReportOptions.text(out, err);
        command.progress = ProgressOptions.byDefault(err);
        return command.call();
    }

    @Override
    public Integer call() {
        PrintWriter out = reporting.out();
        PrintWriter err = reporting.err();
        long until = -1;
        if (truncateTo != null) {
            if (fix) {
                return ExitCodes.usageOrIo(err, "--fix and --truncate-to-timestamp are exclusive (fix first, then cut)");
            }
            try {
                until = AofTimestamp.parse(truncateTo);
            } catch (IllegalArgumentException e) {
                return ExitCodes.usageOrIo(err, e.getMessage());
            }
        }
        try {
            AofReport report;
            try (Progress p = progress.start(AofLayout.bytes(path))) {
                report = AofChecker.check(path);
            }
            AofChecker.FixResult fixed = null;
            AofReport after = null;
            if (fix && !report.ok()) {
                fixed = AofChecker.fix(report);
            } else if (until >= 0) {
                fixed = AofChecker.truncateToTimestamp(report, path, until);
            }
            if (fixed != null && fixed.fixed()) {
                after = AofChecker.check(path);
            }
            int code = (after != null ? after.ok() : report.ok() && (fixed == null || !fixed.refused()))
                    ? ExitCodes.OK : ExitCodes.CORRUPT;
            if (reporting.json) {
                Map<String, Object> m = new LinkedHashMap<>(report.toMap());
                if (fixed != null) {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("fixed", fixed.fixed());
                    f.put("refused", fixed.refused());
                    f.put("message", fixed.message());
                    f.put("file", fixed.file() == null ? null : fixed.file().toString());
                    f.put("backup", fixed.backup() == null ? null : fixed.backup().toString());
                    f.put("new_size", fixed.fixed() && fixed.file() != null ? fixed.newSize() : null);
                    f.put("dropped", fixed.dropped());
                    f.put("manifest_backup", fixed.manifestBackup() == null ? null : fixed.manifestBackup().toString());
                    f.put("ok_after", after != null && after.ok());
                    m.put("fix", f);
                }
                JsonReport.print(out, m);
            } else {
                print(out, report);
                if (fixed != null) {
                    out.println((fixed.fixed() ? (fix ? "FIXED: " : "TRUNCATED: ")
                            : fixed.refused() ? "NOT DONE: " : "NOTHING DONE: ") + fixed.message());
                    if (after != null) {
                        out.println(after.ok() ? "re-check: OK" : "re-check: still damaged");
                    }
                } else if (!report.ok()) {
                    out.println("run with --fix to cut the damaged file at its last valid command (later files are dropped)");
                }
            }
            out.flush();
            return code;
        } catch (IOException e) {
            return ExitCodes.usageOrIo(err, e.getMessage());
        }
    }

    private static void print(PrintWriter out, AofReport r) {
        out.println("Checking AOF " + r.input() + (r.manifest() != null ? " (manifest " + r.manifest().getFileName()
                + ", " + r.files().size() + " files)" : ""));
        if (r.manifestError() != null) {
            out.println("manifest: CORRUPT: " + r.manifestError());
        }
        for (AofFileReport f : r.files()) {
            StringBuilder s = new StringBuilder("  ").append(f.role()).append(' ').append(f.name()).append(": ");
            if (f.status() == AofFileReport.Status.MISSING) {
                out.println(s.append("MISSING"));
                continue;
            }
            s.append(f.size()).append(" bytes");
            if (f.preamble() != null) {
                s.append(", RDB preamble");
                if (f.preamble().ok()) {
                    s.append(' ').append(f.preamble().bytesRead()).append(" bytes (").append(f.preamble().keys())
                            .append(" keys)");
                }
            }
            s.append(", ").append(f.commands()).append(" commands");
            if (f.lastTimestamp() >= 0) {
                s.append(", last #TS:").append(f.lastTimestamp());
            }
            out.println(s.append(", ").append(f.status()));
            if (!f.ok()) {
                out.println("    " + f.error() + " at offset " + f.errorOffset());
                out.println("    last valid command ends at offset " + f.validUpTo() + " ("
                        + (f.size() - f.validUpTo()) + " bytes after it)");
            }
        }
        out.println(r.ok() ? "OK" : "DAMAGED");
    }
}
