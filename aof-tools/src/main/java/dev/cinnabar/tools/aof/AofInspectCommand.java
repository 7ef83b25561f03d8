// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.aof;

import dev.cinnabar.core.rdb.RdbFileReader;
import dev.cinnabar.tools.rdb.ExitCodes;
import dev.cinnabar.tools.rdb.Progress;
import dev.cinnabar.tools.rdb.ProgressOptions;
import dev.cinnabar.tools.rdb.ReportOptions;
import dev.cinnabar.tools.rdb.ToolEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code cinnabar aof inspect PATH}: what an AOF holds and what of it would fail on replay. */
@Command(name = "inspect", header = "Summarize an AOF: command histogram, writes per db and per key, #TS timeline, files, replay failures.",
        mixinStandardHelpOptions = true,
        description = {"Walks the AOF as 'aof check' does (manifest, base, incremental files in load order) and reports "
                + "a command histogram, write commands and key writes per database (exact), the --top keys written "
                + "by the most commands (keys found through each command's key specs, as the server finds them; "
                + "the output says whether the counts are exact: they are up to max(100000, 100 x N) distinct keys, "
                + "upper bounds past that), the #TS: timeline (first, last, count), size "
                + "and commands per file, and the commands that would fail on replay: unknown to the engine's "
                + "command table, or with a wrong number of arguments."},
        footer = {"", "Examples:", "  cinnabar aof inspect appendonlydir", "  cinnabar aof inspect --json appendonly.aof | jq .histogram",
                "  cinnabar aof inspect --top 50 --json appendonlydir | jq .top_keys_by_writes",
                "", "Exit codes: 0 intact and every command replayable, 1 damaged or with commands that would fail, "
                + "2 usage or I/O error."})
public final class AofInspectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", description = "An appendonlydir, its manifest, or a single AOF file.")
    Path path;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10",
            description = "Keys in the list of the most written keys (default: ${DEFAULT-VALUE}).")
    int top;

    @Mixin
    ReportOptions reporting;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() {
        if (top < 0) {
            return ExitCodes.usageOrIo(reporting.err(), "--top must be 0 or more");
        }
        AofReport report;
        AofInspector inspector;
        // the engine lends its command table (plugins' commands included), to find each command's keys
        try (ToolEngine tool = new ToolEngine(null)) {
            inspector = new AofInspector(tool.engine.commands(), top);
            try (Progress p = progress.start(AofLayout.bytes(path))) {
                report = AofChecker.check(path, inspector);
            }
        } catch (IOException e) {
            return ExitCodes.usageOrIo(reporting.err(), "can't read " + path + ": " + e.getMessage());
        }
        reporting.print(() -> toMap(inspector, report), out -> print(out, inspector, report));
        return report.ok() && inspector.failingCount() == 0 ? ExitCodes.OK : ExitCodes.CORRUPT;
    }

    private Map<String, Object> toMap(AofInspector in, AofReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", path.toString());
        m.put("ok", r.ok());
        m.put("commands", in.commands());
        m.put("histogram", in.histogram());
        m.put("writes_per_db", in.writesPerDb());
        m.put("key_writes_per_db", in.keyWritesPerDb());
        List<Map<String, Object>> keys = new ArrayList<>();
        for (TopKeyCounter.Entry e : in.topKeys()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("db", e.db());
            row.put("key", RdbFileReader.quote(e.key()));
            row.put("writes", e.count());
            row.put("overcount_at_most", e.error());
            keys.add(row);
        }
        m.put("top_keys_by_writes", keys);
        m.put("top_keys_exact", in.topKeysExact());
        m.put("timestamps", in.timeline());
        List<Map<String, Object>> files = new ArrayList<>();
        for (AofInspector.FileStats f : in.files()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", f.name);
            row.put("role", f.role);
            row.put("size", f.size);
            row.put("commands", f.commands);
            files.add(row);
        }
        m.put("files", files);
        m.put("failing_on_replay", in.failingCount());
        m.put("failing_samples", in.failingSamples());
        return m;
    }

    private void print(PrintWriter out, AofInspector in, AofReport r) {
        out.println("AOF " + path + ": " + in.commands() + " commands" + (r.ok() ? "" : " (DAMAGED: run aof check)"));
        for (AofInspector.FileStats f : in.files()) {
            out.printf("  %s %s: %d bytes, %d commands%n", f.role, f.name, f.size, f.commands);
        }
        out.println("commands by count:");
        in.histogram().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey())).forEach(e -> out.printf("  %-24s %d%n", e.getKey(), e.getValue()));
        out.println("writes per db (exact):");
        in.writesPerDb().forEach((db, n) -> out.printf("  db %d: %d write commands, %d key writes%n", db, n,
                in.keyWritesPerDb().getOrDefault(db, 0L)));
        in.keyWritesPerDb().forEach((db, n) -> {
            if (!in.writesPerDb().containsKey(db)) {
                out.printf("  db %d: 0 write commands, %d key writes%n", db, n);
            }
        });
        if (top > 0) {
            out.println("top " + top + " keys by write commands" + (in.topKeysExact() ? " (exact counts):"
                    : " (approximate: more distinct keys than " + AofInspector.trackedKeys(top)
                    + ", counts are upper bounds):"));
            for (TopKeyCounter.Entry e : in.topKeys()) {
                out.printf("  db %d %s: %d%s%n", e.db(), RdbFileReader.quote(e.key()), e.count(),
                        e.error() > 0 ? " (of which up to " + e.error() + " may be other keys')" : "");
            }
        }
        Map<String, Long> ts = in.timeline();
        out.println(ts.get("count") == 0 ? "#TS: none" : "#TS: " + ts.get("count") + " distinct, first " + ts.get("first")
                + ", last " + ts.get("last"));
        out.println("would fail on replay: " + in.failingCount());
        in.failingSamples().forEach(f -> out.printf("  %s offset %d: %s: %s%n", f.file(), f.offset(), f.command(), f.reason()));
    }
}
