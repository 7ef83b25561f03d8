// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

/**
 * A collection's {@code MEMORY USAGE} (Redis 7.0's {@code objectComputeSize}, without the key) built from the
 * walk's events element by element, holding only what the estimate needs (running sums and a few sampled
 * elements), for values too big to decode whole. Sampling: {@code MEMORY USAGE}'s default 5 elements; a
 * dict is sampled in file order, a stand-in for the order of Redis's table, which depends on the server's
 * random hash seed.
 */
interface CollectionMemory {
    /** {@code MEMORY USAGE}'s default {@code SAMPLES}. */
    int SAMPLES = 5;

    /** A set member or a list item. */
    default void element(byte[] value) {
    }

    /** A hash field that survives the load (fields whose own TTL has passed are not passed on). */
    default void pair(byte[] field, byte[] value) {
    }

    /** A sorted set member. */
    default void scored(byte[] member, double score) {
    }

    /** A stream's event (nodes, metadata, groups, consumers). */
    default void stream(StreamEvent event) {
    }

    /** Whether the events made an estimate; when not (ids out of order), the value is decoded whole. */
    default boolean usable() {
        return true;
    }

    /** Elements seen: members or fields. */
    long elements();

    /** The encoding the value loads into. */
    String encoding();

    /** The value's estimate in bytes. */
    long usage();

    /**
     * Whether the estimate is the figure the engine gives for the value decoded whole, so the value need not be
     * read again: it samples nothing (a listpack, summed entry by entry), or samples what the engine samples
     * (a stream's first nodes, a rebuilt list's first nodes: an order that does not depend on a hash seed).
     */
    default boolean exact() {
        return false;
    }
}
