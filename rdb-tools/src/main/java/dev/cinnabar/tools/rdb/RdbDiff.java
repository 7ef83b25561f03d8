// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.RdbFileReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares two key sources by value ({@link ValueDigest}): keys only in A, only in B, with different
 * values (or types), and with expiries further apart than a tolerance. Each side is reduced to one small
 * record per key (database, key, 16-byte fingerprint, expiry; never a value), put in (database, key) order
 * by {@link SortedKeys} (an external merge sort past {@link Options#sortBudget} bytes), and the two orders
 * are merged. Memory: two sort budgets plus the element being fingerprinted (and a live server's DUMP payload
 * up to {@link KeySource.Live#spillBytes}: a bigger one is walked from a temporary file), whatever the number of
 * keys or the size of a value.
 * Keys already expired (against this machine's clock) are left out of both sides unless asked for: a
 * server would not serve them.
 */
public final class RdbDiff {
    /**
     * @param filter          which keys to compare
     * @param ttlToleranceMs  expiries this close count as equal
     * @param samples         differences listed per kind (the rest are counted)
     * @param includeExpired  compare keys whose expiry has passed too
     * @param sortBudget      bytes of key records each side holds before sorting to temporary files
     * @param tempDir         where those files go
     */
    public record Options(KeyFilter filter, long ttlToleranceMs, int samples, boolean includeExpired, long sortBudget,
                          Path tempDir) {
        public Options {
            Objects.requireNonNull(filter, "filter is null");
            Objects.requireNonNull(tempDir, "tempDir is null");
        }

        public Options(KeyFilter filter, long ttlToleranceMs, int samples, boolean includeExpired) {
            this(filter, ttlToleranceMs, samples, includeExpired, SortedKeys.DEFAULT_BUDGET,
                    Path.of(System.getProperty("java.io.tmpdir")));
        }
    }

    /** One listed difference. */
    public record Difference(long db, String key, String detail) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("db", db);
            m.put("key", key);
            m.put("detail", detail);
            return m;
        }
    }

    /** A kind of difference: how many, and the first few. */
    public static final class Kind {
        long count;
        final List<Difference> samples = new ArrayList<>();

        public long count() {
            return count;
        }

        public List<Difference> samples() {
            return samples;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", count);
            m.put("samples", samples.stream().map(Difference::toMap).toList());
            return m;
        }
    }

    /** The comparison. */
    public static final class Result {
        public final Kind onlyInA = new Kind();
        public final Kind onlyInB = new Kind();
        public final Kind differentValue = new Kind();
        public final Kind differentTtl = new Kind();
        long keysA;
        long keysB;
        long same;
        long expiredSkipped;
        /** Temporary sort runs written for A and B (0: the side was sorted in memory). */
        int runsA;
        int runsB;

        public boolean identical() {
            return onlyInA.count + onlyInB.count + differentValue.count + differentTtl.count == 0;
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("identical", identical());
            m.put("keys_a", keysA);
            m.put("keys_b", keysB);
            m.put("same", same);
            m.put("expired_skipped", expiredSkipped);
            m.put("sort_runs", Map.of("a", runsA, "b", runsB));
            m.put("only_in_a", onlyInA.toMap());
            m.put("only_in_b", onlyInB.toMap());
            m.put("different_value", differentValue.toMap());
            m.put("different_ttl", differentTtl.toMap());
            return m;
        }
    }

    private RdbDiff() {
    }

    public static Result diff(KeySource a, KeySource b, Options options) throws IOException {
        Result r = new Result();
        long now = System.currentTimeMillis();
        try (SortedKeys sa = new SortedKeys(options.tempDir(), options.sortBudget());
             SortedKeys sb = new SortedKeys(options.tempDir(), options.sortBudget())) {
            try {
                a.forEach(item -> {
                    if (keep(item, options, now, r)) {
                        sa.add(item);
                    }
                });
                b.forEach(item -> {
                    if (keep(item, options, now, r)) {
                        sb.add(item);
                    }
                });
                r.runsA = sa.runs();
                r.runsB = sb.runs();
                merge(sa.sorted(), sb.sorted(), options, r);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return r;
    }

    private static void merge(Iterator<KeySource.Item> as, Iterator<KeySource.Item> bs, Options options, Result r) {
        KeySource.Item a = as.hasNext() ? as.next() : null;
        KeySource.Item b = bs.hasNext() ? bs.next() : null;
        while (a != null || b != null) {
            int c = a == null ? 1 : b == null ? -1 : compare(a, b);
            if (c < 0) {
                r.keysA++;
                note(r.onlyInA, options, a.db(), a.key(), a.value().type());
                a = as.hasNext() ? as.next() : null;
            } else if (c > 0) {
                r.keysB++;
                note(r.onlyInB, options, b.db(), b.key(), b.value().type());
                b = bs.hasNext() ? bs.next() : null;
            } else {
                r.keysA++;
                r.keysB++;
                compareValues(a, b, options, r);
                a = as.hasNext() ? as.next() : null;
                b = bs.hasNext() ? bs.next() : null;
            }
        }
    }

    private static int compare(KeySource.Item a, KeySource.Item b) {
        int c = Long.compare(a.db(), b.db());
        return c != 0 ? c : Arrays.compareUnsigned(a.key(), b.key());
    }

    private static void compareValues(KeySource.Item a, KeySource.Item b, Options options, Result r) {
        boolean same = true;
        if (!a.value().equals(b.value())) {
            same = false;
            note(r.differentValue, options, b.db(), b.key(), a.value().type().equals(b.value().type())
                    ? a.value().type() + ": different content"
                    : "type " + a.value().type() + " in A, " + b.value().type() + " in B");
        }
        long ea = a.expireAtMs();
        long eb = b.expireAtMs();
        if ((ea < 0) != (eb < 0) || (ea >= 0 && Math.abs(ea - eb) > options.ttlToleranceMs())) {
            same = false;
            note(r.differentTtl, options, b.db(), b.key(), "expires at " + expiry(ea) + " in A, "
                    + expiry(eb) + " in B");
        }
        if (same) {
            r.same++;
        }
    }

    private static boolean keep(KeySource.Item item, Options options, long now, Result r) {
        if (!options.filter().matches(item.db(), item.key())) {
            return false;
        }
        if (!options.includeExpired() && item.expireAtMs() >= 0 && item.expireAtMs() <= now) {
            r.expiredSkipped++;
            return false;
        }
        return true;
    }

    private static String expiry(long ms) {
        return ms < 0 ? "never" : Long.toString(ms);
    }

    private static void note(Kind kind, Options options, long db, byte[] key, String detail) {
        kind.count++;
        if (kind.samples.size() < options.samples()) {
            kind.samples.add(new Difference(db, RdbFileReader.quote(key), detail));
        }
    }
}
