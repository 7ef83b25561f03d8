// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.aof;

import dev.cinnabar.tools.rdb.ToolEngine;
import dev.cinnabar.tools.rdb.EngineExport;
import dev.cinnabar.tools.rdb.ExitCodes;
import dev.cinnabar.tools.rdb.KeyFilter;
import dev.cinnabar.tools.rdb.Progress;
import dev.cinnabar.tools.rdb.ProgressOptions;
import dev.cinnabar.tools.rdb.RdbChecker;
import dev.cinnabar.tools.rdb.RdbJsonWriter;
import dev.cinnabar.tools.rdb.WriterOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code cinnabar aof get KEY --at TIME PATH}: a key's value as it was at a point in time. */
@Command(name = "get", header = "Print a key's value as it was at a point in time (JSON).",
        mixinStandardHelpOptions = true,
        description = {"Replays PATH up to --at (as 'aof replay --until') and prints the key as one JSON line per "
                + "database holding it, in the 'rdb convert --to jsonl' schema (db, key, type, expire_at_ms, "
                + "value). Without --at the whole AOF is replayed (the key's last value).",
                "The key's TTL is judged at --at (without --at, at the AOF's last #TS: annotation), not by "
                + "today's clock: a key that had expired by then does not exist. An AOF without #TS: annotations "
                + "keeps today's behaviour: the key is judged by this machine's clock."},
        footer = {"", "Examples:", "  cinnabar aof get user:42 --at '2026-12-03 06:59:00' appendonlydir",
                "  cinnabar aof get cart:7 --at 1764745140 --db 3 appendonly.aof",
                "", "Exit codes: 0 printed, 1 the AOF is damaged, 2 usage or I/O error, 4 the key did not exist "
                + "at that time."})
public final class AofGetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KEY", description = "The key (exact bytes of its UTF-8 text).")
    String key;

    @Parameters(index = "1", paramLabel = "PATH", description = "An appendonlydir, its manifest, or a single AOF file.")
    Path path;

    @Option(names = "--at", paramLabel = "TIME", description = "Unix seconds or ISO-8601 (UTC unless an offset is given).")
    String at;

    @Option(names = "--db", paramLabel = "N", description = "Only this database.")
    Long db;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        long atSeconds;
        try {
            atSeconds = at == null ? -1 : AofTimestamp.parse(at);
        } catch (IllegalArgumentException e) {
            return ExitCodes.usageOrIo(err, e.getMessage());
        }
        try (ToolEngine session = new ToolEngine(null)) {
            AofReplay.Result r;
            try (Progress p = progress.start(AofLayout.bytes(path))) {
                r = AofReplay.replay(session.engine, AofLayout.resolve(path), new AofReplay.Options(atSeconds,
                        KeyFilter.exactly(db, key.getBytes(StandardCharsets.UTF_8))));
            }
            if (r.damaged()) {
                err.println("DAMAGED: " + r.damage().file() + " at offset " + r.damage().offset() + ": "
                        + r.damage().reason());
                return ExitCodes.CORRUPT;
            }
            if (atSeconds >= 0 && r.timestampsSeen() == 0) {
                err.println("WARNING: the AOF has no #TS annotations: this is the key's last value");
            }
            if (r.keys() == 0) {
                err.println("the key did not exist" + (atSeconds >= 0 ? " at " + AofTimestamp.format(atSeconds) : ""));
                return ExitCodes.NOT_FOUND;
            }
            Path rdb = session.scratch.resolve("key.rdb");
            EngineExport.toRdb(session.engine, rdb);
            OutputStream stdout = new BufferedOutputStream(new WriterOutputStream(spec.commandLine().getOut()), 1 << 16);
            RdbJsonWriter writer = new RdbJsonWriter(stdout, true);
            RdbChecker.check(rdb, writer);
            writer.finish();
            stdout.flush();
            return ExitCodes.OK;
        } catch (IOException e) {
            return ExitCodes.usageOrIo(err, e.getMessage());
        }
    }
}
