// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.aof;

import dev.cinnabar.tools.rdb.ToolEngine;
import dev.cinnabar.tools.rdb.EngineExport;
import dev.cinnabar.tools.rdb.ExitCodes;
import dev.cinnabar.tools.rdb.JsonReport;
import dev.cinnabar.tools.rdb.ReportOptions;
import dev.cinnabar.tools.rdb.KeyFilter;
import dev.cinnabar.tools.rdb.Progress;
import dev.cinnabar.tools.rdb.ProgressOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code cinnabar aof rewrite PATH --to DIR}: offline BGREWRITEAOF. */
@Command(name = "rewrite", header = "Compact an AOF offline into a new directory (new base + manifest).",
        mixinStandardHelpOptions = true,
        description = {"Replays PATH into an embedded engine (as 'aof replay') and writes DIR with the engine's own "
                + "AOF rewrite, as BGREWRITEAOF would: a base (RDB preamble, or commands with --no-preamble), an "
                + "empty incremental file and the manifest, named after --append-filename. PATH is not touched; "
                + "DIR must not hold a manifest yet. Point a server's dir/appenddirname at DIR to use it."},
        footer = {"", "Examples:", "  cinnabar aof rewrite /var/lib/redis/appendonlydir --to /var/lib/redis/compacted",
                "  cinnabar aof rewrite appendonly.aof --to newdir --no-preamble --json",
                "", "Exit codes: 0 rewritten, 1 the AOF is damaged (nothing written), 2 usage or I/O error, "
                + "3 rewritten with problems (commands that failed on replay, a torn tail)."})
public final class AofRewriteCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", description = "An appendonlydir, its manifest, or a single AOF file.")
    Path path;

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "The new AOF directory.")
    Path to;

    @Option(names = "--no-preamble", description = "Write the base as commands (aof-use-rdb-preamble no).")
    boolean noPreamble;

    @Option(names = "--append-filename", paramLabel = "NAME", defaultValue = "appendonly.aof",
            description = "appendfilename of the server that will load DIR (default ${DEFAULT-VALUE}).")
    String appendFilename;

    @Mixin
    ReportOptions reporting;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() {
        PrintWriter out = reporting.out();
        PrintWriter err = reporting.err();
        try {
            AofLayout layout = AofLayout.resolve(path);
            Map<String, String> extra = Map.of("aof-use-rdb-preamble", noPreamble ? "no" : "yes",
                    "appendfilename", appendFilename);
            try (ToolEngine session = new ToolEngine(to, extra)) {
                AofReplay.Result r;
                try (Progress p = progress.start(AofLayout.bytes(path))) {
                    r = AofReplay.replay(session.engine, layout, new AofReplay.Options(-1, KeyFilter.ALL));
                }
                Map<String, Object> report = new LinkedHashMap<>();
                report.put("input", path.toString());
                report.putAll(r.toMap());
                if (!r.damaged()) {
                    EngineExport.toAof(session.engine, to);
                    List<Map<String, Object>> files = new java.util.ArrayList<>();
                    long total = 0;
                    try (Stream<Path> s = Files.list(to)) {
                        for (Path p : s.sorted().toList()) {
                            long size = Files.size(p);
                            total += size;
                            files.add(Map.of("name", p.getFileName().toString(), "bytes", size));
                        }
                    }
                    long before = 0;
                    for (AofReplay.FileResult f : r.files()) {
                        before += f.size();
                    }
                    report.put("written", files);
                    report.put("bytes_before", before);
                    report.put("bytes_after", total);
                    if (!reporting.json) {
                        out.println("replayed " + r.commands() + " commands into " + r.keys() + " keys");
                        out.println("wrote " + to + ":");
                        for (Map<String, Object> f : files) {
                            out.println("  " + f.get("name") + " " + f.get("bytes") + " bytes");
                        }
                        out.println(before + " bytes -> " + total + " bytes");
                    }
                }
                if (reporting.json) {
                    JsonReport.print(out, report);
                } else if (r.damaged()) {
                    out.println("DAMAGED: " + r.damage().file() + " at offset " + r.damage().offset() + ": "
                            + r.damage().reason() + "; nothing written");
                } else if (r.truncatedTail() != null || r.failureCount() > 0) {
                    out.println("WARNING: " + (r.truncatedTail() != null ? "torn tail in " + r.truncatedTail().file()
                            + " at offset " + r.truncatedTail().offset() + "; " : "") + r.failureCount()
                            + " commands failed on replay (see --json)");
                }
                out.flush();
                if (r.damaged()) {
                    return ExitCodes.CORRUPT;
                }
                return r.truncatedTail() != null || r.failureCount() > 0 ? ExitCodes.PARTIAL : ExitCodes.OK;
            }
        } catch (IOException e) {
            return ExitCodes.usageOrIo(err, e.getMessage());
        }
    }
}
