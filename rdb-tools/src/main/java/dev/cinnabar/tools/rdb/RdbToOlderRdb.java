// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.RdbFormatException;
import dev.cinnabar.core.rdb.RdbEntry;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code rdb convert FILE --to rdb --rdb-version N --out OUT}: verifies the file, then writes it again key by key as
 * version N: a value whose stored type version N holds is copied byte for byte, any other is decoded (the tool
 * engine lends its value types) and re-encoded.
 */
final class RdbToOlderRdb {
    private RdbToOlderRdb() {
    }

    static int run(Path file, Path outPath, int version, KeyFilter filter, String type, ReportOptions report,
                   PrintWriter err) {
        if (outPath == null) {
            return ExitCodes.usageOrIo(err, "--to rdb needs --out FILE");
        }
        if (version < 7 || version > 11) {
            return ExitCodes.usageOrIo(err, "--rdb-version must be 7 to 11 (Redis 3.2 to 7.2), not " + version);
        }
        // a first pass verifies the file and counts its keys, so the report can say where each one went
        KeptEntries kept = new KeptEntries(filter, type, System.currentTimeMillis());
        RdbCheckReport source;
        try {
            source = kept.count(file);
        } catch (IOException | java.io.UncheckedIOException e) {
            return ExitCodes.usageOrIo(err, String.valueOf(e.getMessage()));
        }
        if (!source.ok()) {
            err.println("CORRUPT at offset " + source.failure().offset() + ": " + source.failure().reason()
                    + " (nothing written; 'rdb salvage' first)");
            return ExitCodes.CORRUPT;
        }
        // the second pass writes key by key: memory holds one value, not the data set
        try (ToolEngine tool = new ToolEngine(null)) {
            RdbVersionWriter.Report[] result = new RdbVersionWriter.Report[1];
            OutputFiles.write(outPath, out -> result[0] = write(file, tool, kept, out, version, false));
            RdbVersionWriter.Report r = result[0];
            r.fieldTtls = kept.fieldTtls();
            report.print(() -> json(file, outPath, source, r), out -> text(file, outPath, source, r, out));
            return r.lossless() ? ExitCodes.OK : ExitCodes.PARTIAL;
        } catch (RdbFormatException e) {
            err.println("CORRUPT: " + e.getMessage() + " (nothing written; 'rdb salvage' first)");
            return ExitCodes.CORRUPT;
        } catch (IOException | RuntimeException e) {
            return ExitCodes.usageOrIo(err, String.valueOf(e.getMessage()));
        }
    }

    /**
     * Writes the keys {@code kept} keeps (after its {@link KeptEntries#count}) as an RDB of {@code version},
     * one value at a time, with the aux fields the engine writes ({@code aofBase}: aof-base 1, for an AOF's
     * base file).
     */
    static RdbVersionWriter.Report write(Path file, ToolEngine tool, KeptEntries kept, java.io.OutputStream out,
                                         int version, boolean aofBase) throws IOException {
        RdbVersionWriter w = RdbVersionWriter.start(out, version, RdbVersionWriter.standardAux(aofBase), kept::size,
                kept.now());
        kept.read(file, tool.engine.types(), new KeptEntries.Sink() {
            @Override
            public boolean copies(int rdbType) {
                return w.copyable(rdbType);
            }

            @Override
            public boolean reencodes(int rdbType) {
                return w.streams(rdbType);
            }

            @Override
            public void function(byte[] libraryCode) {
                w.function(libraryCode);
            }

            @Override
            public void entry(RdbEntry e) {
                w.entry((int) e.db(), e.key(), e.value(), e.type(), e.expireAtMillis());
            }

            @Override
            public void copy(long db, long expireAtMs, FileRecords source, long start, long end) throws IOException {
                w.copy((int) db, expireAtMs, source, start, end);
            }

            @Override
            public void reencode(long db, long expireAtMs, int rdbType, FileRecords source, long start, long end) {
                w.reencode((int) db, expireAtMs, rdbType, source, start, end);
            }
        });
        return w.finish();
    }

    private static Map<String, Object> json(Path file, Path outPath, RdbCheckReport source, RdbVersionWriter.Report r) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("file", file.toString());
        m.put("out", outPath.toString());
        m.put("source_rdb_version", source.rdbVersion());
        m.putAll(r.toJson());
        List<Map<String, Object>> dbs = new ArrayList<>();
        for (long db : databases(source, r)) {
            dbs.add(dbLine(source, r, db));
        }
        m.put("databases", dbs);
        return m;
    }

    private static java.util.SortedSet<Long> databases(RdbCheckReport source, RdbVersionWriter.Report r) {
        java.util.SortedSet<Long> dbs = new java.util.TreeSet<>(source.databases().keySet());
        r.keysPerDb.keySet().forEach(db -> dbs.add(db.longValue()));
        return dbs;
    }

    /** Where each key of a database went: written, dropped (the version cannot hold it), expired, filtered out. */
    private static Map<String, Object> dbLine(RdbCheckReport source, RdbVersionWriter.Report r, long db) {
        RdbCheckReport.DbStats stats = source.databases().get(db);
        long sourceKeys = stats == null ? 0 : stats.keys();
        long expired = stats == null ? 0 : stats.alreadyExpired();
        long written = r.keysPerDb.getOrDefault((int) db, 0L);
        long dropped = r.droppedPerDb.getOrDefault((int) db, 0L);
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("db", db);
        m.put("source_keys", sourceKeys);
        m.put("written", written);
        m.put("dropped", dropped);
        m.put("already_expired", expired);
        m.put("filtered_out", Math.max(0, sourceKeys - expired - written - dropped));
        return m;
    }

    private static void text(Path file, Path outPath, RdbCheckReport source, RdbVersionWriter.Report r,
                             PrintWriter out) {
        out.println("wrote " + outPath + ": RDB version " + r.version + " (Redis " + RdbVersionWriter.RELEASES.get(r.version)
                + "), " + r.bytes + " bytes, " + r.keysWritten() + " keys from " + file + " (RDB "
                + source.rdbVersion() + ", " + source.keys() + " keys)");
        for (long db : databases(source, r)) {
            Map<String, Object> d = dbLine(source, r, db);
            out.println("  db " + db + ": " + d.get("source_keys") + " keys in, " + d.get("written") + " written"
                    + ((long) d.get("dropped") > 0 ? ", " + d.get("dropped") + " dropped" : "")
                    + ((long) d.get("already_expired") > 0 ? ", " + d.get("already_expired")
                    + " already expired (dropped on load, as Redis does)" : "")
                    + ((long) d.get("filtered_out") > 0 ? ", " + d.get("filtered_out") + " filtered out" : ""));
        }
        r.reencoded.forEach((how, n) -> out.println("  re-encoded RDB type " + how + ": " + n + " keys"));
        if (r.valuesCopied > 0) {
            out.println("  copied as stored (not decoded): " + r.valuesCopied + " keys");
        }
        if (r.functionsWritten > 0) {
            out.println("  function libraries: " + r.functionsWritten);
        }
        if (!r.functionsDropped.isEmpty()) {
            out.println("DROPPED function libraries (RDB " + r.version + " has no FUNCTION2): "
                    + String.join(", ", r.functionsDropped));
        }
        if (r.fieldTtls.any()) {
            out.println(RdbVersionWriter.Report.fieldTtlsText(r.fieldTtls, r.version));
        }
        for (Map<String, Object> d : r.dropped) {
            out.println("DROPPED db " + d.get("db") + " \"" + d.get("key") + "\" (RDB type " + d.get("rdb_type") + "): "
                    + d.get("reason"));
        }
        for (Map<String, Object> c : r.changed) {
            out.println("CHANGED db " + c.get("db") + " \"" + c.get("key") + "\": " + c.get("what")
                    + (c.containsKey("first_id") ? "; were first_id " + c.get("first_id") + ", max_deleted_entry_id "
                    + c.get("max_deleted_entry_id") + ", entries_added " + c.get("entries_added")
                    + ", entries_read per group " + c.get("groups_entries_read")
                    : "; " + c.get("consumers") + " consumers"));
        }
        out.println(r.lossless() ? "OK: nothing lost" : "DONE with the losses above");
    }
}
