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

/** {@code cinnabar rdb restore FILE --to HOST:PORT}: load a dump into a live server. */
@Command(name = "restore", header = "Load an RDB file into a live server (Cinnabar or Redis) with pipelined RESTORE.",
        mixinStandardHelpOptions = true,
        description = {"Sends every key of FILE as RESTORE key expire-at payload ABSTTL [REPLACE], pipelined (--window "
                + "commands in flight), at most --rate keys a second. Keys already expired are not sent. At the end the "
                + "target's key count per database is compared with what was sent (exactly when the database was empty "
                + "before). If the connection breaks, the report gives the file offset to pass to --resume-from.",
                "A value whose RDB type the target can load (its RDB version, from INFO server's redis_version: 10 for "
                + "Redis 7.0, 11 for 7.2, 12 for 7.4) goes as its record's bytes in the file, not decoded; one it cannot "
                + "load (an RDB 11 set listpack, an RDB 12 hash with field TTLs into Redis 7.0 …) is re-encoded "
                + "from its stored bytes, element by element, into a type the target's version holds, as convert "
                + "--rdb-version N does: hash field TTLs are dropped and counted (field_ttls_dropped), fields "
                + "already expired are left out.",
                "Without --replace a key that exists is a BUSYKEY error (counted, the first ones listed).",
                "A value whose DUMP payload exceeds --max-restore-bytes goes as commands instead, made element by "
                + "element from the file (SET and APPENDs of 1 MB, or RPUSH/SADD/ZADD/HSET of 128 items, a stream's "
                + "XADDs, XSETID, XGROUP and XCLAIMs; then PEXPIREAT; with --replace a DEL first, without it an "
                + "EXISTS check first), so no command comes near the target's proto-max-bulk-len and none blocks "
                + "it for long (a re-encoded value that grows past the limit goes the same way). Memory: one RESTORE "
                + "payload (at most --max-restore-bytes) or one batch of elements, whatever the size of a value."},
        footer = {"", "Examples:", "  cinnabar rdb restore dump.rdb --to 127.0.0.1:6379",
                "  cinnabar rdb restore dump.rdb --to redis://10.0.0.7:6380 --replace --rate 20000 --key 'user:*'",
                "  cinnabar rdb restore dump.rdb --to 10.0.0.7:6380 --resume-from 73014562",
                "  cinnabar rdb restore dump.rdb --to 10.0.0.7:6380 --replace --max-restore-bytes 16m",
                "", "Exit codes: 0 every key restored and counted, 1 the file is corrupt (keys before the damage were "
                + "sent), 2 usage or I/O error (a broken connection: see resume_from), 3 error replies or a count "
                + "that does not add up."})
public final class RdbRestoreCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The RDB file.")
    Path file;

    @Option(names = "--to", required = true, paramLabel = "HOST:PORT", description = "The server (redis://host:port also).")
    String to;

    @Option(names = "--replace", description = "Replace keys that exist (RESTORE … REPLACE).")
    boolean replace;

    @Option(names = "--rate", paramLabel = "KEYS/S", defaultValue = "0", description = "Keys a second at most (0: no limit).")
    double rate;

    @Option(names = "--window", paramLabel = "N", defaultValue = "1000",
            description = "Commands in flight at most (default ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--max-restore-bytes", paramLabel = "BYTES", defaultValue = "64m", converter = ByteSize.class,
            description = "Values with a bigger DUMP payload go as commands, not RESTORE (default ${DEFAULT-VALUE}; "
                    + "a number of bytes, or with a k, m or g suffix).")
    long maxRestoreBytes;

    @Option(names = "--resume-from", paramLabel = "OFFSET", defaultValue = "0",
            description = "Skip the records before this file offset (from a report's resume_from).")
    long resumeFrom;

    @Mixin
    KeyFilterOptions keys;

    @Mixin
    ReportOptions reporting;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() {
        PrintWriter out = reporting.out();
        PrintWriter err = reporting.err();
        KeyFilter filter;
        try {
            filter = keys.filter();
        } catch (IllegalArgumentException e) {
            return ExitCodes.usageOrIo(err, e.getMessage());
        }
        if (maxRestoreBytes < 1) {
            return ExitCodes.usageOrIo(err, "--max-restore-bytes must be at least 1");
        }
        if (!Files.isReadable(file)) {
            return ExitCodes.usageOrIo(err, "can't read " + file);
        }
        try (ToolEngine tool = new ToolEngine(null); RespConnection c = RespConnection.open(to, window)) {
            RdbRestore.Result r;
            int corrupt = ExitCodes.OK;
            String corruptMessage = null;
            try {
                try (Progress p = progress.start(ProgressOptions.sizeOf(file))) {
                    r = RdbRestore.restore(file, tool.engine.types(), c, new RdbRestore.Options(filter, replace, rate, resumeFrom, maxRestoreBytes));
                }
            } catch (RdbFormatException e) {
                c.drain();
                corrupt = ExitCodes.CORRUPT;
                corruptMessage = e.getMessage();
                r = null;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", file.toString());
            m.put("target", c.address());
            if (r != null) {
                m.putAll(r.toMap());
            }
            m.put("corrupt", corruptMessage);
            if (reporting.json) {
                JsonReport.print(out, m);
            } else {
                if (r != null) {
                    out.println("sent " + m.get("keys_sent") + " keys to " + c.address() + ": " + m.get("errors")
                            + " error replies" + ((Long) m.get("expired_skipped") > 0 ? ", " + m.get("expired_skipped")
                            + " expired keys not sent" : "") + ((Long) m.get("filtered_out") > 0 ? ", "
                            + m.get("filtered_out") + " filtered out" : "") + ((Long) m.get("sent_as_commands") > 0
                            ? ", " + m.get("sent_as_commands") + " too big for RESTORE sent as commands" : "")
                            + ((Long) m.get("sent_raw") > 0 ? ", " + m.get("sent_raw") + " as stored in the file" : "")
                            + ((Long) m.get("sent_reencoded") > 0 ? ", " + m.get("sent_reencoded")
                            + " re-encoded for the target's RDB version" : ""));
                    if (r.fieldTtls.result().any()) {
                        out.println(RdbVersionWriter.Report.fieldTtlsText(r.fieldTtls.result(), r.targetVersion));
                    }
                    for (Map<String, Object> change : r.valuesChanged) {
                        out.println("CHANGED db " + change.get("db") + " \"" + change.get("key") + "\": "
                                + change.get("what"));
                    }
                    for (Object s : (Iterable<?>) m.get("error_samples")) {
                        out.println("  " + s);
                    }
                    if (r.failure() != null) {
                        out.println("FAILED: " + r.failure() + "; resume with --resume-from " + m.get("resume_from"));
                    } else {
                        out.println("count check: " + m.get("count_check"));
                    }
                }
                if (corruptMessage != null) {
                    out.println("CORRUPT: " + corruptMessage + " (keys before it were sent)");
                }
            }
            out.flush();
            if (corrupt != ExitCodes.OK) {
                return corrupt;
            }
            if (r.failure() != null) {
                return ExitCodes.USAGE_OR_IO;
            }
            return r.ok() ? ExitCodes.OK : ExitCodes.PARTIAL;
        } catch (IOException e) {
            return ExitCodes.usageOrIo(err, e.getMessage());
        }
    }
}
