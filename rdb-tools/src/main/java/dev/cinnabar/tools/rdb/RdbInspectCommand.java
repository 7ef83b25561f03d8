// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code cinnabar rdb inspect FILE}: where the keys and bytes of a dump are. */
@Command(name = "inspect", header = "Summarize an RDB file: keys and bytes per db, type, namespace; biggest keys; TTLs.",
        mixinStandardHelpOptions = true,
        description = {"Walks the file once with bounded memory (the same walk as 'rdb check', which it also is) and "
                + "reports keys and serialized bytes per database and per type/encoding, the top N keys by "
                + "serialized size and by element count, key-prefix namespaces (the first segment before the "
                + "delimiter; at most " + RdbInspector.MAX_NAMESPACES + " distinct prefixes are kept, the rest "
                + "are summed under one line), the TTL distribution and the AUX fields."},
        footer = {"", "Examples:", "  cinnabar rdb inspect dump.rdb", "  cinnabar rdb inspect --top 20 --delimiter / dump.rdb",
                "  cinnabar rdb inspect --key-regex '^session:[0-9]+$' --expired exclude dump.rdb",
                "  cinnabar rdb inspect --json --db 0 --type hash --key 'user:*' dump.rdb | jq .top_by_size",
                "", "Exit codes: 0 the file is intact, 1 it is corrupt (what was read before the damage is still "
                + "reported), 2 usage or I/O error."})
public final class RdbInspectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The RDB file.")
    Path file;

    @Mixin
    ReportOptions reporting;

    @Option(names = "--memory", description = "Also estimate the MEMORY USAGE of each key, as 'convert --to "
            + "csv-memory' does (in the same walk), to add it to the totals and list the top keys by memory. Bounded "
            + "memory: values up to 1 MiB serialized are decoded whole, bigger collections are estimated element "
            + "by element.")
    boolean memory;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Keys in each top list (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--delimiter", paramLabel = "D", defaultValue = ":",
            description = "Namespace delimiter (default: '${DEFAULT-VALUE}').")
    String delimiter;

    @Mixin
    KeyFilterOptions keys;

    @Option(names = "--expired", paramLabel = "include|exclude", defaultValue = "include",
            description = "Count keys whose expiry has passed (default ${DEFAULT-VALUE}).")
    String expired;

    @Option(names = "--type", paramLabel = "T", description = "Only keys of this type: string, list, set, zset, hash, stream, module.")
    String type;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() {
        PrintWriter err = reporting.err();
        if (top < 0 || delimiter.isEmpty()) {
            return ExitCodes.usageOrIo(err, "--top must be 0 or more and --delimiter must not be empty");
        }
        RdbInspector inspector;
        try {
            boolean excludeExpired = KeyFilterOptions.excludeExpired(expired);
            inspector = new RdbInspector(top, delimiter, keys.db, keys.keyGlob, type, System.currentTimeMillis())
                    .alsoFilter(KeyFilter.of(null, null, keys.keyRegex), excludeExpired);
        } catch (IllegalArgumentException e) {
            return ExitCodes.usageOrIo(err, e.getMessage());
        }
        RdbCheckReport report;
        long size;
        String memoryError = null;
        try {
            size = Files.size(file);
            try (Progress p = progress.start(size)) {
                report = memory ? checkWithMemory(inspector) : RdbChecker.check(file, inspector);
            }
            if (memory && !report.ok()) {
                memoryError = "the file is corrupt at offset " + report.failure().offset()
                        + ": the estimates cover the keys before it";
            }
        } catch (IOException e) {
            return ExitCodes.usageOrIo(err, "can't read " + file + ": " + e);
        }
        String memoryProblem = memoryError;
        reporting.print(() -> {
            Map<String, Object> m = toMap(inspector, report, size);
            if (memoryProblem != null) {
                m.put("memory_error", memoryProblem);
            }
            if (inspector.hasMemory()) {
                m.put("keys_without_memory_estimate", inspector.keysWithoutEstimate());
            }
            return m;
        }, out -> {
            print(out, inspector, report, size);
            if (memoryProblem != null) {
                out.println("memory estimates incomplete: " + memoryProblem);
            }
            if (inspector.keysWithoutEstimate() > 0) {
                out.println(inspector.keysWithoutEstimate() + " keys have no memory estimate (module values no "
                        + "plugin decodes); they are not in the memory totals");
            }
        });
        return report.ok() ? ExitCodes.OK : ExitCodes.CORRUPT;
    }

    /** The walk with {@code --memory}: the inspector's events and the memory estimates in one read of the file. */
    private RdbCheckReport checkWithMemory(RdbInspector inspector) throws IOException {
        // the inspector applies the filters itself; the walk's own filter spares decoding keys left out
        KeyFilter filter = KeyFilter.of(keys.db, keys.keyGlob, keys.keyRegex);
        try (ToolEngine tool = new ToolEngine(null);
             MemoryWalk walk = new MemoryWalk(file, tool.engine.types(), EncodingLimits.of(tool.engine), filter, type,
                     KeyFilterOptions.excludeExpired(expired), System.currentTimeMillis(), inspector::memory)) {
            // the inspector sees each key before its estimate, so a capped namespace table sends both alike
            return RdbChecker.check(file, new TeeVisitor(inspector, walk));
        }
    }

    private Map<String, Object> toMap(RdbInspector in, RdbCheckReport r, long size) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.toString());
        m.put("file_size", size);
        m.put("rdb_version", r.rdbVersion());
        m.put("ok", r.ok());
        m.put("keys", in.keys());
        m.put("bytes", in.bytes());
        m.put("keys_filtered_out", in.keysSkipped());
        m.put("aux", in.aux());
        List<Map<String, Object>> dbs = new ArrayList<>();
        in.databases().forEach((n, t) -> dbs.add(totals("db", n, t)));
        m.put("databases", dbs);
        List<Map<String, Object>> encs = new ArrayList<>();
        in.encodings().forEach((e, t) -> {
            Map<String, Object> row = totals("type", e.substring(0, e.indexOf('/')), t);
            row.put("encoding", e.substring(e.indexOf('/') + 1));
            encs.add(row);
        });
        m.put("types", encs);
        m.put("top_by_size", in.topBySize());
        m.put("top_by_elements", in.topByElements());
        if (in.hasMemory()) {
            m.put("memory", in.memory());
            List<Map<String, Object>> types = new ArrayList<>();
            in.memoryByType().forEach((t, tot) -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("type", t);
                row.put("keys", tot.keys());
                row.put("memory", tot.memory());
                types.add(row);
            });
            m.put("memory_by_type", types);
            m.put("top_by_memory", in.topByMemory());
        }
        List<Map<String, Object>> ns = new ArrayList<>();
        in.namespaces(Math.max(top, 1)).forEach(e -> ns.add(totals("prefix", e.getKey(), e.getValue())));
        m.put("namespaces", ns);
        m.put("namespaces_distinct", in.namespaceCount());
        m.put("namespaces_capped", in.namespacesCapped());
        m.put("ttl", in.ttl());
        m.put("hash_field_ttls", r.fieldTtls().toMap());
        if (!r.ok()) {
            m.put("error", r.toMap(file.toString()).get("error"));
        }
        return m;
    }

    private static Map<String, Object> totals(String name, Object value, RdbInspector.Totals t) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(name, value);
        row.put("keys", t.keys());
        row.put("bytes", t.bytes());
        if (t.memory() > 0) {
            row.put("memory", t.memory());
        }
        return row;
    }

    private void print(PrintWriter out, RdbInspector in, RdbCheckReport r, long size) {
        out.println("RDB file " + file + " (" + size + " bytes), version " + r.rdbVersion());
        in.aux().forEach((k, v) -> out.println("aux " + k + " = '" + v + "'"));
        out.println("keys: " + in.keys() + ", serialized bytes: " + in.bytes()
                + (in.keysSkipped() > 0 ? " (" + in.keysSkipped() + " keys filtered out)" : ""));
        in.databases().forEach((n, t) -> out.printf("  db %d: %d keys, %d bytes%n", n, t.keys(), t.bytes()));
        out.println("by type/encoding:");
        in.encodings().forEach((e, t) -> out.printf("  %-20s %10d keys %14d bytes%n", e, t.keys(), t.bytes()));
        if (top > 0) {
            out.println("top " + top + " by serialized size:");
            in.topBySize().forEach(k -> printKey(out, k));
            out.println("top " + top + " by elements:");
            in.topByElements().forEach(k -> printKey(out, k));
        }
        if (in.hasMemory()) {
            out.println("memory estimate (MEMORY USAGE of Redis 7.0): " + in.memory() + " bytes; by type:");
            in.memoryByType().forEach((t, tot) -> out.printf("  %-20s %10d keys %14d bytes%n", t, tot.keys(), tot.memory()));
            in.databases().forEach((n, t) -> out.printf("  db %d: %d bytes%n", n, t.memory()));
            if (top > 0) {
                out.println("top " + top + " by memory:");
                in.topByMemory().forEach(k -> out.printf("  db %d %-30s %s/%s %d bytes%n", k.db(), k.key(), k.type(),
                        k.encoding(), k.memory()));
            }
        }
        out.println("namespaces (first segment before '" + delimiter + "'; " + in.namespaceCount() + " distinct"
                + (in.namespacesCapped() ? ", capped at " + RdbInspector.MAX_NAMESPACES : "") + "), by bytes:");
        in.namespaces(Math.max(top, 1)).forEach(e -> out.printf("  %-30s %10d keys %14d bytes%s%n", e.getKey(),
                e.getValue().keys(), e.getValue().bytes(),
                in.hasMemory() ? String.format(" %14d memory", e.getValue().memory()) : ""));
        out.println("TTL:");
        in.ttl().forEach((b, n) -> out.printf("  %-8s %d%n", b, n));
        if (r.fieldTtls().fields() > 0) {
            out.println("hash field TTLs (Redis 7.4): " + r.fieldTtls().fields() + " fields in " + r.fieldTtls().keys()
                    + " keys, " + r.fieldTtls().alreadyExpired() + " already expired; by type/encoding:");
            r.fieldTtls().byEncoding().forEach((e, n) -> out.printf("  %-20s %10d fields%n", e, n));
        }
        if (!r.ok()) {
            RdbCheckReport.Failure f = r.failure();
            out.println("CORRUPT at offset " + f.offset() + ": " + f.reason() + " (figures above cover the keys before it)");
        }
    }

    private static void printKey(PrintWriter out, RdbInspector.KeyInfo k) {
        out.printf("  db %d %-30s %s/%s %d elements, %d bytes%s%n", k.db(), k.key(), k.type(), k.encoding(),
                k.elements(), k.bytes(), k.expireAtMs() >= 0 ? ", expires at " + k.expireAtMs() + " ms" : "");
    }
}
