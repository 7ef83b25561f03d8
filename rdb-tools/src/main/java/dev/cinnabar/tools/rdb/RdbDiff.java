// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.RdbFileReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares two key sources by value ({@link ValueDigest}): keys only in A, only in B, with different
 * values (or types), and with expiries further apart than a tolerance. Side A is indexed (key, 16-byte
 * fingerprint and expiry per key, not values), side B streamed against it. Keys already expired (against
 * this machine's clock) are left out of both sides unless asked for: a server would not serve them.
 */
public final class RdbDiff {
    /**
     * @param filter          which keys to compare
     * @param ttlToleranceMs  expiries this close count as equal
     * @param samples         differences listed per kind (the rest are counted)
     * @param includeExpired  compare keys whose expiry has passed too
     */
    public record Options(KeyFilter filter, long ttlToleranceMs, int samples, boolean includeExpired) {
        public Options {
            Objects.requireNonNull(filter, "filter is null");
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
            m.put("only_in_a", onlyInA.toMap());
            m.put("only_in_b", onlyInB.toMap());
            m.put("different_value", differentValue.toMap());
            m.put("different_ttl", differentTtl.toMap());
            return m;
        }
    }

    private record Slot(ValueDigest.Fingerprint value, long expireAtMs) {
    }

    private record DbKey(long db, ByteBuffer key) {
    }

    private RdbDiff() {
    }

    public static Result diff(KeySource a, KeySource b, Options options) throws IOException {
        Result r = new Result();
        long now = System.currentTimeMillis();
        Map<DbKey, Slot> index = new HashMap<>();
        a.forEach(item -> {
            if (!keep(item, options, now, r)) {
                return;
            }
            r.keysA++;
            index.put(new DbKey(item.db(), ByteBuffer.wrap(item.key())), new Slot(item.value(), item.expireAtMs()));
        });
        b.forEach(item -> {
            if (!keep(item, options, now, r)) {
                return;
            }
            r.keysB++;
            Slot slot = index.remove(new DbKey(item.db(), ByteBuffer.wrap(item.key())));
            if (slot == null) {
                note(r.onlyInB, options, item.db(), item.key(), item.value().type());
                return;
            }
            boolean same = true;
            if (!slot.value().equals(item.value())) {
                same = false;
                note(r.differentValue, options, item.db(), item.key(), slot.value().type().equals(item.value().type())
                        ? slot.value().type() + ": different content"
                        : "type " + slot.value().type() + " in A, " + item.value().type() + " in B");
            }
            long ea = slot.expireAtMs();
            long eb = item.expireAtMs();
            if ((ea < 0) != (eb < 0) || (ea >= 0 && Math.abs(ea - eb) > options.ttlToleranceMs())) {
                same = false;
                note(r.differentTtl, options, item.db(), item.key(), "expires at " + expiry(ea) + " in A, "
                        + expiry(eb) + " in B");
            }
            if (same) {
                r.same++;
            }
        });
        for (Map.Entry<DbKey, Slot> e : index.entrySet()) {
            byte[] key = new byte[e.getKey().key().remaining()];
            e.getKey().key().duplicate().get(key);
            note(r.onlyInA, options, e.getKey().db(), key, e.getValue().value().type());
        }
        return r;
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
