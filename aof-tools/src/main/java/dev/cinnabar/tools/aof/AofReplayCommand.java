// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.aof;

import dev.cinnabar.tools.rdb.EngineExport;
import dev.cinnabar.tools.rdb.ExitCodes;
import dev.cinnabar.tools.rdb.KeyFilter;
import dev.cinnabar.tools.rdb.KeyFilterOptions;
import dev.cinnabar.tools.rdb.Progress;
import dev.cinnabar.tools.rdb.ProgressOptions;
import dev.cinnabar.tools.rdb.ReportOptions;
import dev.cinnabar.tools.rdb.RespConnection;
import dev.cinnabar.tools.rdb.ToolEngine;
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

/** {@code cinnabar aof replay PATH}: point-in-time recovery through an embedded engine. */
@Command(name = "replay", header = "Replay an AOF into an embedded engine (point-in-time recovery) and write the result.",
        mixinStandardHelpOptions = true, resourceBundle = "dev.cinnabar.tools.aof.AofReplayCommand",
        description = {"Loads PATH (an appendonlydir, a manifest or a single AOF) as the server would: the base "
                + "(RDB preamble or commands), then each incremental file, through the same engine. --until stops "
                + "before the first command whose #TS: annotation is later (the annotations need "
                + "aof-timestamp-enabled yes on the server); a MULTI open at that point is dropped whole. "
                + "--db/--key/--key-regex keep only those keys of the end state. Then writes the result: "
                + "--to-rdb FILE, --to-aof DIR (a new multi-part AOF written by the engine's rewrite), or "
                + "--to HOST:PORT (pipelined commands; error replies are counted and listed). Without an output "
                + "the replay is only reported.",
                "Keys' TTLs are judged by the replay's time, not today's: while commands run, by the last #TS: "
                + "annotation seen; at the end, keys expired at --until (else at the last annotation) are deleted. "
                + "An AOF without #TS: annotations keeps today's behaviour: keys are judged by this machine's clock.",
                "A torn tail of the last file is accepted (as aof-load-truncated yes) and reported; any other "
                + "damage stops the replay and nothing is written."},
        footer = {"", "Examples:",
                "  cinnabar aof replay appendonlydir --until '2026-12-03 06:59:00' --to-rdb before-the-flush.rdb",
                "  cinnabar aof replay appendonlydir --until 1764745140 --key 'user:*' --to 127.0.0.1:6380",
                "  cinnabar aof replay appendonly.aof --db 2 --to-aof /tmp/db2-aof --json",
                "", "Exit codes: 0 replayed and written, 1 the AOF is damaged (nothing written), 2 usage or I/O "
                + "error, 3 done with problems (commands that failed on replay, a torn tail, error replies from "
                + "--to, --until without any #TS annotation)."})
public final class AofReplayCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", description = "An appendonlydir, its manifest, or a single AOF file.")
    Path path;

    @Option(names = "--until", paramLabel = "TIME",
            description = "Stop before commands annotated later: Unix seconds or ISO-8601 (UTC unless an offset is given).")
    String until;

    @Mixin
    KeyFilterOptions keys;

    @Option(names = "--to-rdb", paramLabel = "FILE", description = "Write the result as an RDB file.")
    Path toRdb;

    @Option(names = "--to-aof", paramLabel = "DIR", description = "Write the result as a new multi-part AOF directory.")
    Path toAof;

    @Option(names = "--to", paramLabel = "HOST:PORT", description = "Send the result to a live server (redis://host:port/db also).")
    String to;

    @Option(names = "--window", paramLabel = "N", defaultValue = "1000",
            description = "Commands in flight at most with --to (default ${DEFAULT-VALUE}).")
    int window;

    @Mixin
    ReportOptions reporting;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() {
        PrintWriter err = reporting.err();
        long untilSeconds;
        KeyFilter filter;
        try {
            untilSeconds = until == null ? -1 : AofTimestamp.parse(until);
            filter = keys.filter();
        } catch (IllegalArgumentException e) {
            return ExitCodes.usageOrIo(err, e.getMessage());
        }
        try (ToolEngine session = new ToolEngine(toAof)) {
            AofLayout layout = AofLayout.resolve(path);
            AofReplay.Result r;
            try (Progress p = progress.start(AofLayout.bytes(path))) {
                r = AofReplay.replay(session.engine, layout, new AofReplay.Options(untilSeconds, filter));
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("input", path.toString());
            report.put("until", untilSeconds < 0 ? null : untilSeconds);
            report.putAll(r.toMap());
            boolean problems = r.failureCount() > 0 || r.truncatedTail() != null
                    || (untilSeconds >= 0 && r.timestampsSeen() == 0);
            Map<String, Object> outputs = new LinkedHashMap<>();
            if (!r.damaged()) {
                if (toRdb != null) {
                    long bytes = EngineExport.toRdb(session.engine, toRdb);
                    outputs.put("rdb", Map.of("file", toRdb.toString(), "bytes", bytes));
                }
                if (toAof != null) {
                    EngineExport.toAof(session.engine, toAof);
                    outputs.put("aof", Map.of("dir", toAof.toString()));
                }
                if (to != null) {
                    try (RespConnection c = RespConnection.open(to, window)) {
                        EngineExport.Sent sent = EngineExport.toServer(session.engine, c);
                        Map<String, Object> s = new LinkedHashMap<>();
                        s.put("address", c.address());
                        s.put("keys", sent.keys());
                        s.put("commands", sent.commands());
                        s.put("errors", sent.errors());
                        s.put("error_samples", sent.samples().stream().map(x -> Map.of("command", x.command(),
                                "key", String.valueOf(x.key()), "error", x.error())).toList());
                        outputs.put("server", s);
                        problems |= sent.errors() > 0;
                    }
                }
            }
            report.put("outputs", outputs);
            reporting.print(() -> report, out -> print(out, r, untilSeconds, outputs));
            if (r.damaged()) {
                return ExitCodes.CORRUPT;
            }
            return problems ? ExitCodes.PARTIAL : ExitCodes.OK;
        } catch (IOException e) {
            return ExitCodes.usageOrIo(err, e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static void print(PrintWriter out, AofReplay.Result r, long until, Map<String, Object> outputs) {
        for (AofReplay.FileResult f : r.files()) {
            out.println("  " + f.role() + " " + f.name() + ": " + f.size() + " bytes, "
                    + (f.preambleKeys() > 0 ? f.preambleKeys() + " keys from the RDB preamble, " : "")
                    + f.commands() + " commands replayed"
                    + (f.stoppedAt() >= 0 ? ", stopped at offset " + f.stoppedAt() : ""));
        }
        Map<String, Object> m = r.toMap();
        out.println("replayed " + r.commands() + " commands; #TS annotations: " + r.timestampsSeen()
                + (m.get("first_timestamp") != null ? ", first " + ts((Long) m.get("first_timestamp")) : "")
                + (m.get("last_timestamp_applied") != null ? ", last applied " + ts((Long) m.get("last_timestamp_applied")) : ""));
        if (r.stoppedAtTimestamp() >= 0) {
            Map<String, Object> s = (Map<String, Object>) m.get("stopped");
            out.println("stopped before " + s.get("file") + " offset " + s.get("offset") + ": annotated "
                    + ts(r.stoppedAtTimestamp()) + ", after --until " + ts(until)
                    + ((Long) s.get("dropped_multi_commands") > 0 ? " (an open MULTI with " + s.get("dropped_multi_commands")
                    + " commands dropped)" : ""));
        } else if (until >= 0) {
            out.println(r.timestampsSeen() == 0
                    ? "WARNING: --until given but the AOF has no #TS annotations (aof-timestamp-enabled no): replayed everything"
                    : "the AOF ends before --until " + ts(until) + ": replayed everything");
        }
        if (r.truncatedTail() != null) {
            out.println("WARNING: torn tail in " + r.truncatedTail().file() + " at offset " + r.truncatedTail().offset()
                    + ": " + r.truncatedTail().reason() + " (the incomplete command was not replayed)");
        }
        if (r.failureCount() > 0) {
            out.println("commands that failed on replay: " + r.failureCount());
            for (AofReplay.Problem p : r.failures()) {
                out.println("  " + p.file() + " offset " + p.offset() + ": " + p.reason());
            }
        }
        if (r.damaged()) {
            out.println("DAMAGED: " + r.damage().file() + " at offset " + r.damage().offset() + ": "
                    + r.damage().reason());
            out.println("nothing written; run 'cinnabar aof check' for the full report");
            return;
        }
        if ((Long) m.get("keys_deleted_by_filter") > 0) {
            out.println("filter: " + m.get("keys_deleted_by_filter") + " keys left out");
        }
        out.println("keys: " + r.keys());
        for (Map.Entry<String, Object> o : outputs.entrySet()) {
            Map<String, Object> v = (Map<String, Object>) o.getValue();
            switch (o.getKey()) {
                case "rdb" -> out.println("wrote " + v.get("file") + " (" + v.get("bytes") + " bytes)");
                case "aof" -> out.println("wrote AOF directory " + v.get("dir"));
                default -> {
                    out.println("sent " + v.get("keys") + " keys to " + v.get("address") + " in " + v.get("commands")
                            + " commands, " + v.get("errors") + " error replies");
                    for (Object x : (Iterable<Object>) v.get("error_samples")) {
                        Map<String, Object> e = (Map<String, Object>) x;
                        out.println("  " + e.get("command") + " " + e.get("key") + ": " + e.get("error"));
                    }
                }
            }
        }
    }

    private static String ts(long seconds) {
        return seconds + " (" + AofTimestamp.format(seconds) + ")";
    }
}
