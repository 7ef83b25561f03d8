// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code cinnabar rdb convert FILE --to json|jsonl|resp}: the keys of a dump in another format. */
@Command(name = "convert", header = "Convert an RDB file to JSON, JSON Lines or RESP commands.",
        mixinStandardHelpOptions = true,
        description = {"Walks the file once (verifying it as 'rdb check' does) and writes every key as it is decoded, "
                + "element by element, so memory stays bounded whatever a value's size. jsonl: one object per key "
                + "(db, key, type, expire_at_ms, value; see docs/tools.md for the schema); json: the same objects in "
                + "one array; resp: SELECT, SET/RPUSH/SADD/ZADD/HSET in chunks and PEXPIREAT, for redis-cli --pipe. "
                + "Streams and module values are skipped and counted (resp) or written with a null value (json)."},
        footer = {"", "Examples:", "  cinnabar rdb convert dump.rdb --to jsonl --out dump.jsonl",
                "  cinnabar rdb convert dump.rdb --to resp | redis-cli --pipe",
                "", "Exit codes: 0 converted, 1 the file is corrupt (keys before the damage were written), "
                + "2 usage or I/O error."})
public final class RdbConvertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The RDB file.")
    Path file;

    @Option(names = "--to", required = true, paramLabel = "FORMAT", description = "json, jsonl or resp.")
    String to;

    @Option(names = "--out", paramLabel = "PATH", description = "Write here instead of stdout.")
    Path outPath;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (!to.equals("json") && !to.equals("jsonl") && !to.equals("resp")) {
            err.println("error: --to must be json, jsonl or resp, not '" + to + "'");
            return ExitCodes.USAGE_OR_IO;
        }
        if (!Files.isReadable(file)) {
            err.println("error: can't read " + file);
            return ExitCodes.USAGE_OR_IO;
        }
        try (OutputStream out = new BufferedOutputStream(outPath == null
                ? new FileOutputStream(FileDescriptor.out) { @Override public void close() { } }
                : Files.newOutputStream(outPath), 1 << 16)) {
            RdbConverter converter = to.equals("resp") ? new RdbRespWriter(out) : new RdbJsonWriter(out, to.equals("jsonl"));
            RdbCheckReport report = RdbChecker.check(file, converter);
            converter.finish();
            out.flush();
            err.println("converted " + converter.keysWritten() + " keys"
                    + (converter.keysSkipped() > 0 ? ", skipped " + converter.keysSkipped()
                    + " (streams and module values have no " + to + " form here)" : ""));
            if (!report.ok()) {
                err.println("CORRUPT at offset " + report.failure().offset() + ": " + report.failure().reason()
                        + " (keys before it were written)");
                return ExitCodes.CORRUPT;
            }
            return ExitCodes.OK;
        } catch (IOException | UncheckedIOException e) {
            err.println("error: " + e);
            return ExitCodes.USAGE_OR_IO;
        }
    }
}
