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

/** {@code cinnabar rdb diff A B}: two data sets compared by value. */
@Command(name = "diff", header = "Compare two RDB files or live servers by value.",
        mixinStandardHelpOptions = true,
        description = {"A and B are RDB files or live servers (redis://host:port, read with SCAN, DUMP and PTTL; "
                + "the server must not change meanwhile for an exact answer). Values are compared by content, not "
                + "bytes: a hash in a listpack equals the same hash in a hashtable, set and hash order does not "
                + "matter; values are fingerprinted element by element as they are read, never held whole. Reports "
                + "keys only in A, only in B, with a different value (or type), and with expiries "
                + "more than --ttl-tolerance apart. Keys already expired are left out unless --expired include.",
                "Memory: each side becomes one record per key (key, 16-byte fingerprint, expiry), sorted by an "
                + "external merge sort: up to --sort-memory MB per side in memory, the rest in temporary files "
                + "under --temp-dir (about the keys' size plus 40 bytes per key), so any number of keys fits. "
                + "A live server's DUMP payload is held up to 1 MB; a bigger one is streamed into a temporary file "
                + "under --temp-dir (as big as the payload, deleted once walked) and read from there, so a value of "
                + "millions of elements needs no more heap than a small one."},
        footer = {"", "Examples:", "  cinnabar rdb diff before.rdb after.rdb",
                "  cinnabar rdb diff dump.rdb redis://10.0.0.5:6379 --ttl-tolerance 5000 --json",
                "  cinnabar rdb diff redis://old:6379 redis://new:6379 --key 'session:*'",
                "  cinnabar rdb diff huge-a.rdb huge-b.rdb --sort-memory 256 --temp-dir /var/tmp",
                "", "Exit codes: 0 identical, 1 a file is corrupt, 2 usage or I/O error (or a server error), "
                + "3 differences found."})
public final class RdbDiffCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "A", description = "An RDB file or redis://host:port.")
    String a;

    @Parameters(index = "1", paramLabel = "B", description = "An RDB file or redis://host:port.")
    String b;

    @Option(names = "--ttl-tolerance", paramLabel = "MS", defaultValue = "1000",
            description = "Expiries this many milliseconds apart are equal (default ${DEFAULT-VALUE}).")
    long ttlTolerance;

    @Mixin
    KeyFilterOptions keys;

    @Option(names = "--expired", paramLabel = "include|exclude", defaultValue = "exclude",
            description = "Compare keys whose expiry has passed too (default ${DEFAULT-VALUE}).")
    String expired;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "20",
            description = "Differences listed per kind (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--sort-memory", paramLabel = "MB",
            description = "Key records held per side before sorting to temporary files (default 48, or an eighth of "
                    + "the heap if that is less).")
    Long sortMemoryMb;

    @Option(names = "--temp-dir", paramLabel = "DIR",
            description = "Where the temporary sort files and big DUMP payloads go (default: java.io.tmpdir).")
    Path tempDir;

    @Mixin
    ReportOptions reporting;

    @Mixin
    ProgressOptions progress;

    private static Path sideFile(String side) {
        return side.startsWith("redis://") ? null : Path.of(side);
    }

    @Override
    public Integer call() {
        PrintWriter err = reporting.err();
        KeyFilter filter;
        boolean excludeExpired;
        try {
            filter = keys.filter();
            excludeExpired = KeyFilterOptions.excludeExpired(expired);
        } catch (IllegalArgumentException e) {
            return ExitCodes.usageOrIo(err, e.getMessage());
        }
        if (sortMemoryMb != null && sortMemoryMb < 0) {
            return ExitCodes.usageOrIo(err, "--sort-memory must be 0 or more");
        }
        for (String side : new String[] {a, b}) {
            if (!side.startsWith("redis://") && !Files.isReadable(Path.of(side))) {
                return ExitCodes.usageOrIo(err, "can't read " + side);
            }
        }
        try {
            Path temp = tempDir != null ? tempDir : Path.of(System.getProperty("java.io.tmpdir"));
            KeySource sa = KeySource.of(a, temp);
            KeySource sb = KeySource.of(b, temp);
            RdbDiff.Result r;
            try (Progress p = progress.start(ProgressOptions.sizeOf(sideFile(a), sideFile(b)))) {
                r = RdbDiff.diff(sa, sb, new RdbDiff.Options(filter, ttlTolerance, samples, !excludeExpired,
                        sortBudget(), temp));
            }
            reporting.print(() -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("a", sa.name());
                m.put("b", sb.name());
                m.putAll(r.toMap());
                return m;
            }, out -> print(out, r));
            return r.identical() ? ExitCodes.OK : ExitCodes.PARTIAL;
        } catch (RdbFormatException e) {
            err.println("CORRUPT: " + e.getMessage() + " (run 'cinnabar rdb check' for the full report)");
            return ExitCodes.CORRUPT;
        } catch (IOException | RuntimeException e) {
            return ExitCodes.usageOrIo(err, e.getMessage());
        }
    }

    /** Both sides' buffers must fit in the heap with room to spare: at most a quarter of it together. */
    private long sortBudget() {
        if (sortMemoryMb != null) {
            return sortMemoryMb << 20;
        }
        return Math.min(SortedKeys.DEFAULT_BUDGET, Runtime.getRuntime().maxMemory() / 8);
    }

    private void print(PrintWriter out, RdbDiff.Result r) {
        Map<String, Object> m = r.toMap();
        out.println("A " + a + ": " + m.get("keys_a") + " keys; B " + b + ": " + m.get("keys_b") + " keys; "
                + m.get("same") + " the same" + ((Long) m.get("expired_skipped") > 0 ? "; " + m.get("expired_skipped")
                + " expired keys left out" : ""));
        kind(out, "only in A", r.onlyInA);
        kind(out, "only in B", r.onlyInB);
        kind(out, "different value", r.differentValue);
        kind(out, "different TTL (tolerance " + ttlTolerance + " ms)", r.differentTtl);
        out.println(r.identical() ? "IDENTICAL" : "DIFFERENT");
    }

    private static void kind(PrintWriter out, String title, RdbDiff.Kind k) {
        if (k.count() == 0) {
            return;
        }
        out.println(title + ": " + k.count());
        for (RdbDiff.Difference d : k.samples()) {
            out.println("  db " + d.db() + " " + d.key() + ": " + d.detail());
        }
        if (k.count() > k.samples().size()) {
            out.println("  … " + (k.count() - k.samples().size()) + " more");
        }
    }
}
