// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.aof;

import dev.cinnabar.tools.rdb.Progress;
import dev.cinnabar.tools.rdb.ProgressOptions;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.cinnabar.core.aof.AofEncoder;
import dev.cinnabar.tools.rdb.ExitCodes;
import dev.cinnabar.tools.rdb.KeyFilter;
import dev.cinnabar.tools.rdb.KeyFilterOptions;
import dev.cinnabar.tools.rdb.RdbCheckReport;
import dev.cinnabar.tools.rdb.RdbChecker;
import dev.cinnabar.tools.rdb.RdbJsonWriter;
import dev.cinnabar.tools.rdb.RdbRespWriter;
import dev.cinnabar.tools.rdb.ToolEngine;
import dev.cinnabar.tools.rdb.WriterOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** {@code cinnabar aof convert PATH --to jsonl|resp}: the commands of an AOF in another format. */
@Command(name = "convert", header = "Convert the commands of an AOF to JSON Lines or plain RESP.",
        mixinStandardHelpOptions = true,
        description = {"Walks PATH (an appendonlydir, a manifest or a single AOF) in load order, verifying it as "
                + "'aof check' does. jsonl: one object per command: file, offset (where the command starts), db (the "
                + "database it runs in: each file starts in db 0, SELECT changes it), ts (the last #TS: "
                + "annotation before it, Unix seconds, carried across files; null before any) and argv (byte "
                + "strings: a JSON string when valid UTF-8, else {\"base64\": ...}). An RDB preamble is one object "
                + "{\"file\", \"rdb_preamble\": {\"bytes\", \"keys\"}}; 'rdb convert' on that file gives its keys. "
                + "resp: the whole AOF as commands for redis-cli --pipe, an RDB preamble converted as "
                + "'rdb convert --to resp' does (each file's commands follow a SELECT 0).",
                "--db, --key, --key-regex (jsonl only): only the commands that touch those databases and keys, "
                + "found as the server finds a command's keys: the history of a key. FLUSHALL and SWAPDB always "
                + "count, FLUSHDB in a selected database; MULTI/EXEC, which name no key, are left out."},
        footer = {"", "Examples:", "  cinnabar aof convert appendonlydir --to jsonl | jq -c 'select(.argv[0]==\"DEL\")'",
                "  cinnabar aof convert appendonlydir --to resp | redis-cli -p 6380 --pipe",
                "  cinnabar aof convert appendonlydir --to jsonl --key 'user:42'   # every change of one key",
                "", "Exit codes: 0 converted, 1 the AOF is damaged (commands before the damage were written), "
                + "2 usage or I/O error."})
public final class AofConvertCommand implements Callable<Integer> {
    private static final byte[] RDB_MAGIC = "REDIS".getBytes(StandardCharsets.US_ASCII);

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", description = "An appendonlydir, its manifest, or a single AOF file.")
    Path path;

    @Option(names = "--to", required = true, paramLabel = "FORMAT", description = "jsonl or resp.")
    String to;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of stdout.")
    Path outPath;

    @Mixin
    KeyFilterOptions keys;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (!to.equals("jsonl") && !to.equals("resp")) {
            return ExitCodes.usageOrIo(err, "--to must be jsonl or resp, not '" + to + "'");
        }
        KeyFilter filter;
        try {
            filter = keys.filter();
        } catch (IllegalArgumentException e) {
            return ExitCodes.usageOrIo(err, e.getMessage());
        }
        if (!filter.isAll() && !to.equals("jsonl")) {
            return ExitCodes.usageOrIo(err, "--db, --key and --key-regex apply to --to jsonl; for the filtered data "
                    + "as commands use 'aof replay --key ... --to-aof DIR' or 'rdb convert --key ... --to resp'");
        }
        if (filter.isAll()) {
            return convert(err, null);
        }
        // the command table (plugins' commands included) comes with an engine, which nothing else here needs
        try (ToolEngine tool = new ToolEngine(null)) {
            return convert(err, new CommandFilter(tool.engine.commands(), filter));
        } catch (IOException e) {
            return ExitCodes.usageOrIo(err, e.getMessage());
        }
    }

    private int convert(PrintWriter err, CommandFilter selected) {
        // closed before the summary line too, so that the line does not overwrite it
        try (Progress p = progress.start(AofLayout.bytes(path));
             OutputStream out = new BufferedOutputStream(outPath == null
                ? new WriterOutputStream(spec.commandLine().getOut()) : Files.newOutputStream(outPath), 1 << 16)) {
            AofLayout layout = AofLayout.resolve(path);
            Converter conv = new Converter(out, to.equals("jsonl"), selected);
            boolean ok = true;
            for (AofLayout.Part part : layout.parts()) {
                if (!Files.isRegularFile(part.path())) {
                    err.println("MISSING: " + part.name() + " (listed in the manifest)");
                    ok = false;
                    break;
                }
                conv.startFile(part);
                AofFileReport r = AofChecker.checkFile(part.path(), part.name(), part.role(), conv);
                conv.flushPending();
                if (!r.ok()) {
                    err.println(r.status() + ": " + part.name() + " at offset " + r.errorOffset() + ": " + r.error()
                            + " (commands before it were written)");
                    ok = false;
                    break;
                }
            }
            conv.finish();
            out.flush();
            if (p != null) {
                p.close();
            }
            err.println("converted " + conv.commands + " commands" + (conv.preambleKeys > 0
                    ? " and " + conv.preambleKeys + " keys of RDB preambles" : ""));
            return ok ? ExitCodes.OK : ExitCodes.CORRUPT;
        } catch (IOException | UncheckedIOException e) {
            return ExitCodes.usageOrIo(err, e.getMessage());
        }
    }

    /** Writes each command as the walk reports it. */
    private static final class Converter implements AofVisitor {
        private final OutputStream out;
        private final boolean jsonl;
        private final JsonGenerator json;
        /** Null for every command. */
        private final CommandFilter selected;
        private final AofEncoder enc = new AofEncoder(1 << 16);
        private String file;
        private long db;
        private long ts = -1;
        long commands;
        long preambleKeys;

        Converter(OutputStream out, boolean jsonl, CommandFilter selected) throws IOException {
            this.out = out;
            this.jsonl = jsonl;
            this.selected = selected;
            this.json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
            json.setRootValueSeparator(null);
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        }

        void startFile(AofLayout.Part part) throws IOException {
            file = part.name();
            db = 0;
            byte[] head;
            try (InputStream in = Files.newInputStream(part.path())) {
                head = in.readNBytes(RDB_MAGIC.length);
            }
            if (!Arrays.equals(head, RDB_MAGIC)) {
                if (!jsonl) {
                    enc.command("SELECT".getBytes(StandardCharsets.US_ASCII), new byte[] {'0'});
                }
                return;
            }
            if (jsonl) {
                RdbCheckReport r = RdbChecker.check(part.path());
                json.writeStartObject();
                json.writeStringField("file", file);
                json.writeObjectFieldStart("rdb_preamble");
                json.writeNumberField("bytes", r.bytesRead());
                json.writeNumberField("keys", r.keys());
                json.writeEndObject();
                json.writeEndObject();
                json.writeRaw('\n');
                preambleKeys += r.keys();
            } else {
                json.flush();
                RdbRespWriter w = new RdbRespWriter(out);
                RdbChecker.check(part.path(), w);
                w.finish();
                preambleKeys += w.keysWritten();
                // the preamble's SELECTs leave its last db selected: the commands after it start in db 0
                enc.command("SELECT".getBytes(StandardCharsets.US_ASCII), new byte[] {'0'});
            }
        }

        @Override
        public void command(byte[][] argv, long offset, long lastTsSeen) {
            if (lastTsSeen >= 0) {
                ts = lastTsSeen;
            }
            if (argv.length == 2 && new String(argv[0], StandardCharsets.US_ASCII).equalsIgnoreCase("select")) {
                try {
                    db = Long.parseLong(new String(argv[1], StandardCharsets.US_ASCII));
                } catch (NumberFormatException e) {
                    // replay would fail on it too; the db stays as it was
                }
            }
            if (selected != null && !selected.selects(argv, db)) {
                return;
            }
            commands++;
            try {
                if (jsonl) {
                    json.writeStartObject();
                    json.writeStringField("file", file);
                    json.writeNumberField("offset", offset);
                    json.writeNumberField("db", db);
                    if (ts >= 0) {
                        json.writeNumberField("ts", ts);
                    } else {
                        json.writeNullField("ts");
                    }
                    json.writeArrayFieldStart("argv");
                    for (byte[] a : argv) {
                        RdbJsonWriter.writeBytes(json, a);
                    }
                    json.writeEndArray();
                    json.writeEndObject();
                    json.writeRaw('\n');
                } else {
                    enc.command(argv);
                    if (enc.length() >= 1 << 16) {
                        flushPending();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void flushPending() throws IOException {
            json.flush();
            if (enc.length() > 0) {
                out.write(enc.toByteArray());
                enc.clear(1 << 17);
            }
        }

        void finish() throws IOException {
            flushPending();
        }
    }
}
