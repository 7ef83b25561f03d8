// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code cinnabar rdb convert FILE --to json|jsonl|resp|aof|csv-memory|sqlite|rdb}: the keys of a dump in another format. */
@Command(name = "convert", header = "Convert an RDB file to JSON, JSON Lines, RESP commands, a multi-part AOF, a memory CSV, SQLite or an older RDB version.",
        mixinStandardHelpOptions = true,
        description = {"Walks the file once (verifying it as 'rdb check' does) and writes every key as it is decoded, "
                + "element by element, so memory stays bounded whatever a value's size. jsonl: one object per key "
                + "(db, key, type, expire_at_ms, value; see docs/tools.md for the schema); json: the same objects in "
                + "one array; resp: SELECT, SET/RPUSH/SADD/ZADD/HSET in chunks and PEXPIREAT, for redis-cli --pipe, "
                + "and streams as Redis 7.0's AOF rewrite writes them (XADD per entry, XSETID, XGROUP CREATE, XCLAIM "
                + "per pending entry, XGROUP CREATECONSUMER; the target must be Redis 7.0 or later). json writes streams "
                + "with their entries, counters and consumer groups; a module value becomes a RESTORE of its stored "
                + "bytes (resp: a server with the module loads it) or is written with a null value (json).",
                "aof: a new multi-part AOF directory (--out DIR, which must not hold a manifest) as the server's "
                + "rewrite lays it out: an RDB base file (aof-base 1), an empty incremental file and the manifest, "
                + "written key by key after a verifying pass (expired keys are dropped as on load). csv-memory: one line per key with the memory Redis would use for it (MEMORY USAGE "
                + "estimate): database,type,key,size_in_bytes,encoding,num_elements,expiry; values over 1 MiB "
                + "serialized are estimated element by element (bounded memory), module values without their "
                + "plugin have an empty size.",
                "sqlite: a new SQLite database (--out FILE) with the tables keys, meta, strings, lists, sets, hashes, "
                + "zsets, streams, stream_entries, stream_groups, stream_consumers and stream_pending (schema in "
                + "docs/tools.md); module keys are in keys only.",
                "rdb: an RDB file of version --rdb-version (--out FILE) for an older Redis: listpack encodings become "
                + "plain ones, streams the 6.x layout; what the version cannot hold (functions before 10, streams "
                + "before 9, stream counters before 10) is left out and reported (--json for a JSON report; exit 3).",
                "Filters (--db, --key, --key-regex, --type, --expired exclude) apply to every format."},
        footer = {"", "Examples:", "  cinnabar rdb convert dump.rdb --to jsonl --out dump.jsonl",
                "  cinnabar rdb convert dump.rdb --to resp | redis-cli --pipe",
                "  cinnabar rdb convert dump.rdb --to aof --out /var/lib/redis/appendonlydir",
                "  cinnabar rdb convert dump.rdb --to sqlite --out dump.db && sqlite3 dump.db 'SELECT type, count(*) FROM keys GROUP BY type'",
                "  cinnabar rdb convert dump.rdb --to rdb --rdb-version 9 --out dump-6.2.rdb",
                "  cinnabar rdb convert dump.rdb --to csv-memory --expired exclude | sort -t, -k4 -n -r | head",
                "", "Exit codes: 0 converted, 1 the file is corrupt (keys before the damage were written), "
                + "2 usage or I/O error, 3 (rdb) written, with what the version cannot hold left out (see the report)."})
public final class RdbConvertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The RDB file.")
    Path file;

    @Option(names = "--to", required = true, paramLabel = "FORMAT", description = "json, jsonl, resp, aof, csv-memory, sqlite or rdb.")
    String to;

    @Option(names = "--out", paramLabel = "PATH", description = "Write here instead of stdout (the directory for aof).")
    Path outPath;

    @Mixin
    KeyFilterOptions keys;

    @Option(names = "--type", paramLabel = "T", description = "Only keys of this type: string, list, set, zset, hash, stream.")
    String type;

    @Option(names = "--expired", paramLabel = "include|exclude", defaultValue = "include",
            description = "Keys whose expiry has passed (default ${DEFAULT-VALUE}).")
    String expired;

    @Option(names = "--rdb-version", paramLabel = "N", defaultValue = "10",
            description = "For --to rdb: the RDB version to write, 7 to 11 (Redis 3.2, 4.0, 5.0-6.2, 7.0, 7.2; "
                    + "default ${DEFAULT-VALUE}).")
    int rdbVersion;

    @Mixin
    ReportOptions report;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() {
        // rdb and aof read the file twice: a verifying count, then the write
        boolean twoPasses = to.equals("rdb") || to.equals("aof");
        try (Progress p = progress.start(twoPasses ? ProgressOptions.sizeOf(file, file) : ProgressOptions.sizeOf(file))) {
            return convert();
        }
    }

    private Integer convert() {
        PrintWriter err = spec.commandLine().getErr();
        if (!java.util.Set.of("json", "jsonl", "resp", "aof", "csv-memory", "sqlite", "rdb").contains(to)) {
            return ExitCodes.usageOrIo(err, "--to must be json, jsonl, resp, aof, csv-memory, sqlite or rdb, not '" + to + "'");
        }
        if (!Files.isReadable(file)) {
            return ExitCodes.usageOrIo(err, "can't read " + file);
        }
        KeyFilter filter;
        boolean excludeExpired;
        try {
            filter = keys.filter();
            excludeExpired = KeyFilterOptions.excludeExpired(expired);
        } catch (IllegalArgumentException e) {
            return ExitCodes.usageOrIo(err, e.getMessage());
        }
        if (to.equals("rdb")) {
            return RdbToOlderRdb.run(file, outPath, rdbVersion, filter, type, report, err);
        }
        if (to.equals("aof")) {
            return toAof(filter, err);
        }
        if (to.equals("csv-memory")) {
            return toCsv(filter, excludeExpired, err);
        }
        if (to.equals("sqlite")) {
            return toSqlite(filter, excludeExpired, err);
        }
        try (OutputStream out = new BufferedOutputStream(outPath == null
                ? new WriterOutputStream(spec.commandLine().getOut()) : Files.newOutputStream(outPath), 1 << 16);
             FileRecords records = new FileRecords(file)) {
            FilteringVisitor converter = new FilteringVisitor(to.equals("resp") ? new RdbRespWriter(out, records)
                    : new RdbJsonWriter(out, to.equals("jsonl")), filter, type, excludeExpired, System.currentTimeMillis());
            RdbCheckReport report = RdbChecker.check(file, converter);
            converter.finish();
            out.flush();
            err.println("converted " + converter.keysWritten() + " keys"
                    + (converter.keysSkipped() > 0 ? ", skipped " + converter.keysSkipped()
                    + (to.equals("resp") ? " (pre-GA module values, type 6, have no resp form)"
                    : " (module values have no " + to + " form)") : "")
                    + (converter.filteredOut() > 0 ? ", filtered out " + converter.filteredOut() : ""));
            if (!report.ok()) {
                err.println("CORRUPT at offset " + report.failure().offset() + ": " + report.failure().reason()
                        + " (keys before it were written)");
                return ExitCodes.CORRUPT;
            }
            return ExitCodes.OK;
        } catch (IOException | UncheckedIOException e) {
            return ExitCodes.usageOrIo(err, e.toString());
        }
    }

    private Integer toAof(KeyFilter filter, PrintWriter err) {
        if (outPath == null) {
            return ExitCodes.usageOrIo(err, "--to aof needs --out DIR (the new AOF directory)");
        }
        KeptEntries kept = new KeptEntries(filter, type, System.currentTimeMillis());
        try {
            RdbCheckReport source = kept.count(file);
            if (!source.ok()) {
                err.println("CORRUPT at offset " + source.failure().offset() + ": " + source.failure().reason()
                        + " (nothing written; 'rdb salvage' first)");
                return ExitCodes.CORRUPT;
            }
            try (ToolEngine tool = new ToolEngine(null)) {
                RdbToAof.write(file, tool, kept, outPath);
            }
            err.println("converted " + kept.keys() + " keys into the AOF directory " + outPath);
            return ExitCodes.OK;
        } catch (dev.cinnabar.core.rdb.RdbFormatException e) {
            err.println("CORRUPT: " + e.getMessage() + " (nothing written; 'rdb salvage' first)");
            return ExitCodes.CORRUPT;
        } catch (IOException | RuntimeException e) {
            return ExitCodes.usageOrIo(err, e.getMessage());
        }
    }

    private Integer toSqlite(KeyFilter filter, boolean excludeExpired, PrintWriter err) {
        if (outPath == null) {
            return ExitCodes.usageOrIo(err, "--to sqlite needs --out FILE (the new database)");
        }
        try (RdbSqliteWriter sqlite = new RdbSqliteWriter(outPath)) {
            FilteringVisitor converter = new FilteringVisitor(sqlite, filter, type, excludeExpired,
                    System.currentTimeMillis());
            RdbCheckReport report = RdbChecker.check(file, converter);
            converter.finish();
            err.println("converted " + converter.keysWritten() + " keys into " + outPath
                    + (converter.keysSkipped() > 0 ? ", " + converter.keysSkipped()
                    + " stream or module keys in the keys table only" : "")
                    + (converter.filteredOut() > 0 ? ", filtered out " + converter.filteredOut() : ""));
            if (!report.ok()) {
                err.println("CORRUPT at offset " + report.failure().offset() + ": " + report.failure().reason()
                        + " (keys before it were written)");
                return ExitCodes.CORRUPT;
            }
            return ExitCodes.OK;
        } catch (java.sql.SQLException | RdbSqliteWriter.SqliteWriteException | IOException | UncheckedIOException e) {
            return ExitCodes.usageOrIo(err, e.getMessage());
        }
    }

    private Integer toCsv(KeyFilter filter, boolean excludeExpired, PrintWriter err) {
        try (ToolEngine tool = new ToolEngine(null);
             java.io.Writer w = outPath == null ? new java.io.FilterWriter(spec.commandLine().getOut()) {
                 @Override
                 public void close() throws IOException {
                     // stdout stays open for the rest of the command
                     flush();
                 }
             } : Files.newBufferedWriter(outPath)) {
            try {
                long n = MemoryCsvWriter.write(file, tool.engine, filter, type, excludeExpired, w);
                err.println("wrote " + n + " keys");
                return ExitCodes.OK;
            } catch (dev.cinnabar.core.rdb.RdbFormatException e) {
                err.println("CORRUPT: " + e.getMessage() + " (keys before it were written)");
                return ExitCodes.CORRUPT;
            }
        } catch (IOException | RuntimeException e) {
            return ExitCodes.usageOrIo(err, e.getMessage());
        }
    }
}
