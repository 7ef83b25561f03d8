// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

/**
 * Two visitors fed by one walk, each event to the first then the second, so two reports of a file cost one
 * read of it. Values are decoded if either wants them.
 */
final class TeeVisitor implements RdbVisitor {
    private final RdbVisitor first;
    private final RdbVisitor second;

    TeeVisitor(RdbVisitor first, RdbVisitor second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public void aux(String name, String value) {
        first.aux(name, value);
        second.aux(name, value);
    }

    @Override
    public boolean wantsValues() {
        return first.wantsValues() || second.wantsValues();
    }

    @Override
    public void beginKey(long db, byte[] key, int rdbType, long expireAtMs) {
        first.beginKey(db, key, rdbType, expireAtMs);
        second.beginKey(db, key, rdbType, expireAtMs);
    }

    @Override
    public void string(byte[] value) {
        first.string(value);
        second.string(value);
    }

    @Override
    public void element(byte[] value) {
        first.element(value);
        second.element(value);
    }

    @Override
    public void pair(byte[] field, byte[] value) {
        first.pair(field, value);
        second.pair(field, value);
    }

    @Override
    public void pair(byte[] field, byte[] value, long expireAtMs) {
        first.pair(field, value, expireAtMs);
        second.pair(field, value, expireAtMs);
    }

    @Override
    public void scored(byte[] member, double score) {
        first.scored(member, score);
        second.scored(member, score);
    }

    @Override
    public void stream(StreamEvent event) {
        first.stream(event);
        second.stream(event);
    }

    @Override
    public void keyRecord(long start, long end) {
        first.keyRecord(start, end);
        second.keyRecord(start, end);
    }

    @Override
    public void functionRecord(long start, long end) {
        first.functionRecord(start, end);
        second.functionRecord(start, end);
    }

    @Override
    public void key(long db, byte[] key, int rdbType, long expireAtMs, long elements, long bytes) {
        first.key(db, key, rdbType, expireAtMs, elements, bytes);
        second.key(db, key, rdbType, expireAtMs, elements, bytes);
    }
}
