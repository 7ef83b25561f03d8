// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.rdb.RdbFileWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cinnabar rdb import FILE.json|FILE.jsonl --to OUT.rdb}: the way back from {@code rdb convert --to json},
 * written key by key ({@link JsonDumpImporter}, {@link RdbImportWriter}, {@link ValueSpill}).
 */
@Command(name = "import", header = "Write an RDB file from the JSON or JSON Lines that 'rdb convert' writes.",
        mixinStandardHelpOptions = true,
        description = {"Reads the objects of 'rdb convert --to json|jsonl' (schema in docs/tools.md; either form, "
                + "detected from the first character) and writes the RDB key by key as it reads them: each key is "
                + "loaded into an embedded engine, written with the engine's writer as SAVE would, and deleted, so "
                + "memory holds one key, not the data set. A list, set, hash or sorted set of more than 8192 "
                + "elements or 8 MB is not loaded: its elements go to a temp file beside OUT.rdb as they are read, "
                + "and it is written in the plain encoding SAVE uses for such a value, so memory stays bounded even "
                + "for a key of millions of elements; a stream of more than 8192 entries or 8 MB likewise leaves "
                + "the engine once past that size, its nodes going to a temp file as Redis 7.0 lays them out. "
                + "Keys whose "
                + "expire_at_ms has passed are dropped, as a server drops them on load. Streams come back with "
                + "their entries, counters and consumer groups. Keys without a value (module values, which the JSON "
                + "does not carry) are counted as skipped. A key given twice in a database is refused (exit 1), as "
                + "is an element given twice in a value written from its temp file."},
        footer = {"", "Examples:", "  cinnabar rdb convert dump.rdb --to jsonl --out dump.jsonl",
                "  cinnabar rdb import dump.jsonl --to restored.rdb",
                "", "Exit codes: 0 imported, 1 the input does not follow the schema or gives a key twice (line and "
                + "column said; nothing written), 2 usage or I/O error, 3 written, but keys were skipped or hash field TTLs dropped."})
public final class RdbImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The JSON or JSON Lines file ('-' for stdin).")
    String input;

    @Option(names = "--to", required = true, paramLabel = "OUT.rdb", description = "The RDB file to write (replaced).")
    Path out;

    @Mixin
    ProgressOptions progress;

    @Mixin
    ReportOptions reporting;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Path file = input.equals("-") ? null : Path.of(input);
        if (file != null && !Files.isReadable(file)) {
            return ExitCodes.usageOrIo(err, "can't read " + file);
        }
        try (ToolEngine tool = new ToolEngine(null);
             Progress p = progress.start(ProgressOptions.sizeOf(file));
             InputStream in = new BufferedInputStream(Progress.track(file == null ? System.in
                     : Files.newInputStream(file)), 1 << 16)) {
            JsonDumpImporter.Result r = importTo(tool.engine, in, out, JsonDumpImporter.SPILL_ELEMENTS,
                    JsonDumpImporter.SPILL_BYTES);
            if (reporting.json) {
                JsonReport.print(reporting.out(), report(r, null));
            } else {
                err.println("imported " + r.keys() + " keys into " + out
                        + (r.expired() > 0 ? " (" + r.expired() + " of them already expired, dropped)" : "")
                        + (r.skipped() > 0 ? ", skipped " + r.skipped() + " without a value (module values)" : ""));
                if (r.fieldTtlsDropped() > 0 || r.fieldsExpired() > 0) {
                    err.println("hash field TTLs dropped: " + r.fieldTtlsDropped() + " fields kept without their TTL "
                            + "(an RDB of Redis 7.0 cannot hold one)" + (r.fieldsExpired() > 0 ? ", "
                            + r.fieldsExpired() + " fields already expired left out" : ""));
                }
            }
            return r.skipped() > 0 || r.fieldTtlsDropped() > 0 || r.fieldsExpired() > 0 ? ExitCodes.PARTIAL
                    : ExitCodes.OK;
        } catch (JsonDumpImporter.BadInputException e) {
            err.println("BAD INPUT: " + e.getMessage() + " (nothing written)");
            if (reporting.json) {
                JsonReport.print(reporting.out(), report(null, e.getMessage()));
            }
            return ExitCodes.CORRUPT;
        } catch (IOException | RuntimeException e) {
            return ExitCodes.usageOrIo(err, e.toString());
        }
    }

    /** The --json report: what was imported, or why nothing was. */
    private Map<String, Object> report(JsonDumpImporter.Result r, String badInput) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", input);
        m.put("output", out.toString());
        m.put("ok", r != null);
        if (r == null) {
            m.put("error", badInput);
            return m;
        }
        m.put("keys", r.keys());
        m.put("expired_dropped", r.expired());
        m.put("skipped_without_value", r.skipped());
        m.put("field_ttls_dropped", r.fieldTtlsDropped());
        m.put("fields_expired", r.fieldsExpired());
        return m;
    }

    /**
     * Writes {@code out} from the JSON of {@code in}, key by key ({@link JsonDumpImporter} with an
     * {@link RdbImportWriter}), through a temp file renamed over it: nothing is written when the input is bad.
     *
     * @param spillElements a list, set, hash or sorted set of more elements is spilled to a temp file, not loaded
     * @param spillBytes    likewise for more element bytes
     */
    static JsonDumpImporter.Result importTo(Engine engine, InputStream in, Path out, long spillElements,
                                            long spillBytes) throws IOException, JsonDumpImporter.BadInputException {
        return importTo(engine, in, out, spillElements, spillBytes,
                EngineExport.onEngine(engine, () -> RdbFileWriter.standardAux(engine, false)));
    }

    /** As above, with the aux fields given (tests compare two files byte for byte). */
    static JsonDumpImporter.Result importTo(Engine engine, InputStream in, Path out, long spillElements,
                                            long spillBytes, Map<String, String> aux)
            throws IOException, JsonDumpImporter.BadInputException {
        int listFill = EngineExport.onEngine(engine,
                () -> Integer.parseInt(engine.config().get("list-max-listpack-size")));
        Path dir = out.toAbsolutePath().getParent();
        JsonDumpImporter.Result[] result = new JsonDumpImporter.Result[1];
        try {
            OutputFiles.write(out, stream -> {
                try (DuplicateCheck keys = DuplicateCheck.forHeap(dir)) {
                    RdbImportWriter writer = new RdbImportWriter(stream, engine, aux, keys);
                    JsonDumpImporter importer = new JsonDumpImporter(engine, writer, dir, spillElements, spillBytes,
                            listFill);
                    // on the engine thread: each of the commands a key takes then runs at once, where from
                    // another thread each would wait for the engine thread to take it up
                    result[0] = EngineExport.onEngine(engine, () -> {
                        try {
                            return importer.load(in);
                        } catch (JsonDumpImporter.BadInputException e) {
                            throw new BadInput(e);
                        }
                    });
                    if (writer.keyRepeated()) {
                        throw new JsonDumpImporter.BadInputException("a key appears twice in a database (an RDB "
                                + "holds a key once); past the first keys, which are named at once, a repeat is "
                                + "found only at the end, without its line");
                    }
                    writer.finish();
                } catch (JsonDumpImporter.BadInputException e) {
                    throw new BadInput(e);
                }
            });
        } catch (BadInput e) {
            throw e.bad;
        }
        return result[0];
    }

    /** Carries bad input out of the file writer, which then deletes its temp file. */
    private static final class BadInput extends IOException {
        final JsonDumpImporter.BadInputException bad;

        BadInput(JsonDumpImporter.BadInputException bad) {
            super(bad.getMessage());
            this.bad = bad;
        }
    }
}
