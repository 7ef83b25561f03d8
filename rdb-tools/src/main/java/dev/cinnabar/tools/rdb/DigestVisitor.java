// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.Rdb;

import java.util.function.Consumer;

/**
 * Fingerprints every key of a walk ({@link RdbChecker} with values) from its element events, into one
 * {@link KeySource.Item} per key: memory is one {@link ValueDigest}, whatever the value's size. An empty
 * collection is no key (Redis skips it on load); a hash field whose own TTL (RDB 12) has passed is left out,
 * and the field TTLs themselves are not compared. A module value, which has no element events, is
 * fingerprinted from its serialized bytes, which {@link ModuleBytes} gives.
 */
final class DigestVisitor implements RdbVisitor {
    /** The serialized value (after the type byte and the key) of the module record at bytes [start, end). */
    interface ModuleBytes {
        void feed(long start, long end, ValueDigest into);
    }

    private final Consumer<KeySource.Item> sink;
    private final ModuleBytes moduleBytes;
    private final long now;
    private ValueDigest digest;
    private long fieldsKept;
    private long recordStart;
    private long recordEnd;

    /** @param now the time hash field TTLs are judged at */
    DigestVisitor(Consumer<KeySource.Item> sink, ModuleBytes moduleBytes, long now) {
        this.sink = sink;
        this.moduleBytes = moduleBytes;
        this.now = now;
    }

    @Override
    public boolean wantsValues() {
        return true;
    }

    @Override
    public void beginKey(long db, byte[] key, int rdbType, long expireAtMs) {
        digest = new ValueDigest(rdbType);
        fieldsKept = 0;
    }

    @Override
    public void string(byte[] value) {
        digest.string(value);
    }

    @Override
    public void element(byte[] value) {
        digest.element(value);
    }

    @Override
    public void pair(byte[] field, byte[] value) {
        pair(field, value, -1);
    }

    @Override
    public void pair(byte[] field, byte[] value, long expireAtMs) {
        if (expireAtMs >= 0 && expireAtMs <= now) {
            return;
        }
        fieldsKept++;
        digest.pair(field, value);
    }

    @Override
    public void scored(byte[] member, double score) {
        digest.scored(member, score);
    }

    @Override
    public void stream(StreamEvent event) {
        digest.stream(event);
    }

    @Override
    public void keyRecord(long start, long end) {
        recordStart = start;
        recordEnd = end;
    }

    @Override
    public void key(long db, byte[] key, int rdbType, long expireAtMs, long elements, long bytes) {
        boolean hash = RdbTypes.typeName(rdbType).equals("hash");
        if (elements == 0 || hash && fieldsKept == 0) {
            return;
        }
        if (rdbType == Rdb.TYPE_MODULE_2) {
            moduleBytes.feed(recordStart, recordEnd, digest);
        }
        sink.accept(new KeySource.Item(db, key, digest.result(), expireAtMs));
        digest = null;
    }
}
