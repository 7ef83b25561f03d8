// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * The commands that rebuild one value too big for a RESTORE, made from a walk of its record (a one-record RDB,
 * {@link FileRecords#oneRecord}) element by element, so nothing grows with the value: {@link RdbRespWriter}'s
 * (RPUSH, SADD, ZADD, HSET of {@link RdbRespWriter#CHUNK} elements, a stream's XADDs, XSETID, XGROUP and
 * XCLAIMs), except a string, which goes as SET then APPENDs of {@link #STRING_CHUNK} bytes so that no
 * command comes near the target's proto-max-bulk-len. Hash fields whose own TTL (RDB 12) has passed are left
 * out, as Redis would drop them. The key's expiry is not among them (the caller sends it).
 */
final class RestoreCommands implements RdbVisitor {
    /** A string goes as SET then APPENDs of this many bytes. */
    static final int STRING_CHUNK = 1 << 20;

    private final RdbRespWriter writer;
    private final Consumer<List<byte[]>> sink;
    private final long now;
    private byte[] key;
    /** Whether the value had anything to send (an RDB 12 hash may have only expired fields). */
    private boolean anything;

    /** @param now the time hash field TTLs are judged at */
    RestoreCommands(Consumer<List<byte[]>> sink, long now) {
        this.writer = new RdbRespWriter(sink);
        this.sink = sink;
        this.now = now;
    }

    @Override
    public boolean wantsValues() {
        return true;
    }

    @Override
    public void beginKey(long db, byte[] key, int rdbType, long expireAtMs) {
        this.key = key;
        writer.beginKey(db, key, rdbType, expireAtMs);
    }

    @Override
    public void string(byte[] value) {
        anything = true;
        int first = Math.min(value.length, STRING_CHUNK);
        sink.accept(List.of("SET".getBytes(US_ASCII), key, Arrays.copyOfRange(value, 0, first)));
        for (int at = first; at < value.length; at += STRING_CHUNK) {
            sink.accept(List.of("APPEND".getBytes(US_ASCII), key,
                    Arrays.copyOfRange(value, at, Math.min(value.length, at + STRING_CHUNK))));
        }
    }

    @Override
    public void element(byte[] value) {
        anything = true;
        writer.element(value);
    }

    @Override
    public void pair(byte[] field, byte[] value) {
        anything = true;
        writer.pair(field, value);
    }

    @Override
    public void pair(byte[] field, byte[] value, long expireAtMs) {
        if (expireAtMs < 0 || expireAtMs > now) {
            pair(field, value);
        }
    }

    @Override
    public void scored(byte[] member, double score) {
        anything = true;
        writer.scored(member, score);
    }

    @Override
    public void stream(StreamEvent event) {
        anything = true;
        writer.stream(event);
    }

    /** Whether any command of the value was made (false: every field of an RDB 12 hash had expired). */
    boolean madeValue() {
        return anything;
    }

    @Override
    public void key(long db, byte[] key, int rdbType, long expireAtMs, long elements, long bytes) {
        writer.key(db, key, rdbType, expireAtMs, elements, bytes);
    }
}
