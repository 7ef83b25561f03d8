// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import java.util.Objects;

/**
 * Passes to a converter only the keys a filter keeps: database, glob, regex, type and expiry
 * ({@code --expired exclude} leaves out keys whose expiry has passed against this machine's clock). The
 * decision is made when a key starts, so the value's events of a left-out key never reach the converter.
 */
public final class FilteringVisitor implements RdbConverter {
    private final RdbConverter inner;
    private final KeyFilter filter;
    private final String type;
    private final boolean excludeExpired;
    private final long now;
    private boolean passing;
    private long filteredOut;

    /**
     * @param type           only keys of this type name, null for all
     * @param excludeExpired leave out keys whose expiry is at or before {@code now}
     */
    public FilteringVisitor(RdbConverter inner, KeyFilter filter, String type, boolean excludeExpired, long now) {
        this.inner = Objects.requireNonNull(inner, "inner is null");
        this.filter = Objects.requireNonNull(filter, "filter is null");
        this.type = type;
        this.excludeExpired = excludeExpired;
        this.now = now;
    }

    /** Whether a key passes; also what {@code rdb inspect} asks. */
    public static boolean passes(KeyFilter filter, String type, boolean excludeExpired, long now, long db, byte[] key,
            int rdbType, long expireAtMs) {
        return filter.matches(db, key) && (type == null || type.equalsIgnoreCase(RdbTypes.typeName(rdbType)))
                && !(excludeExpired && expireAtMs >= 0 && expireAtMs <= now);
    }

    public long filteredOut() {
        return filteredOut;
    }

    @Override
    public void aux(String name, String value) {
        inner.aux(name, value);
    }

    @Override
    public boolean wantsValues() {
        return inner.wantsValues();
    }

    @Override
    public void keyRecord(long start, long end) {
        if (passing) {
            inner.keyRecord(start, end);
        }
    }

    @Override
    public void beginKey(long db, byte[] key, int rdbType, long expireAtMs) {
        passing = passes(filter, type, excludeExpired, now, db, key, rdbType, expireAtMs);
        if (passing) {
            inner.beginKey(db, key, rdbType, expireAtMs);
        }
    }

    @Override
    public void string(byte[] value) {
        if (passing) {
            inner.string(value);
        }
    }

    @Override
    public void element(byte[] value) {
        if (passing) {
            inner.element(value);
        }
    }

    @Override
    public void pair(byte[] field, byte[] value) {
        if (passing) {
            inner.pair(field, value);
        }
    }

    @Override
    public void pair(byte[] field, byte[] value, long expireAtMs) {
        if (passing) {
            inner.pair(field, value, expireAtMs);
        }
    }

    @Override
    public void scored(byte[] member, double score) {
        if (passing) {
            inner.scored(member, score);
        }
    }

    @Override
    public void stream(StreamEvent event) {
        if (passing) {
            inner.stream(event);
        }
    }

    @Override
    public void key(long db, byte[] key, int rdbType, long expireAtMs, long elements, long bytes) {
        if (!inner.wantsValues()) {
            passing = passes(filter, type, excludeExpired, now, db, key, rdbType, expireAtMs);
        }
        if (passing) {
            inner.key(db, key, rdbType, expireAtMs, elements, bytes);
        } else {
            filteredOut++;
        }
    }

    @Override
    public long keysWritten() {
        return inner.keysWritten();
    }

    @Override
    public long keysSkipped() {
        return inner.keysSkipped();
    }

    @Override
    public void finish() {
        inner.finish();
    }
}
