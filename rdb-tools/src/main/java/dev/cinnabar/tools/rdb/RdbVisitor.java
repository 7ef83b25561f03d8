// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

/**
 * Events of {@link RdbChecker}'s walk, for tools that summarize a file as it is verified (inspect). Every
 * method has a default that ignores the event. Nothing passed here is retained by the walker; a visitor
 * that keeps a key must keep its own copy's worth (the array is not reused, but may be large).
 */
public interface RdbVisitor {
    /** A visitor that ignores everything. */
    RdbVisitor NONE = new RdbVisitor() {
    };

    /** An AUX field, in file order. */
    default void aux(String name, String value) {
    }

    /**
     * Whether the walk should decode values element by element and report them through {@link #string},
     * {@link #element}, {@link #pair}, {@link #scored} and {@link #stream} (slower than reading past them). Default false.
     */
    default boolean wantsValues() {
        return false;
    }

    /** A key starts: its value's events follow, then {@link #key}. Only called when {@link #wantsValues}. */
    default void beginKey(long db, byte[] key, int rdbType, long expireAtMs) {
    }

    /** A string value. */
    default void string(byte[] value) {
    }

    /** A list item or set member, in stored order. */
    default void element(byte[] value) {
    }

    /** A hash field and its value. */
    default void pair(byte[] field, byte[] value) {
    }

    /**
     * A hash field, its value and its own TTL (RDB 12, Redis 7.4 hash field expiry): the walk reports every hash
     * field through this; the default passes it on to {@link #pair(byte[], byte[])} without the TTL.
     *
     * @param expireAtMs the field's absolute expiry in Unix ms, -1 without one
     */
    default void pair(byte[] field, byte[] value, long expireAtMs) {
        pair(field, value);
    }

    /** A sorted set member and its score. */
    default void scored(byte[] member, double score) {
    }

    /** A stream's nodes and entries, metadata, groups and consumers, one event at a time in file order ({@link StreamEvent}). */
    default void stream(StreamEvent event) {
    }

    /**
     * Where the key record just walked lies in the file: from its type byte to the end of its value (the
     * expiry and LRU/LFU opcodes before it excluded). Called right before {@link #key}, for tools that copy
     * records as they are stored.
     */
    default void keyRecord(long start, long end) {
    }

    /** Where a function library record (FUNCTION2 or the pre-GA FUNCTION opcode included) lies in the file. */
    default void functionRecord(long start, long end) {
    }

    /**
     * One key, after its value has been walked and verified.
     *
     * @param db         the database number
     * @param key        the key's bytes
     * @param rdbType    the RDB value type id ({@link RdbTypes})
     * @param expireAtMs the absolute expiry in Unix milliseconds, -1 without one
     * @param elements   elements in the value: 1 for a string or a module value, entries for a stream,
     *                   members/fields/items for collections (0 for an empty one, which Redis skips)
     * @param bytes      serialized size: the type byte, the key and the value as stored in the file
     */
    default void key(long db, byte[] key, int rdbType, long expireAtMs, long elements, long bytes) {
    }
}
