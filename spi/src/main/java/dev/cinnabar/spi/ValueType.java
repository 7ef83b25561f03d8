// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

import java.util.List;

/**
 * A data type stored in the keyspace. Every type has its own Java class, which is how the keyspace tells
 * types apart. Types persist through RDB codecs keyed by Redis's RDB type ids.
 *
 * @param <T> the Java class of its values
 */
public interface ValueType<T> {
    /** What TYPE replies, e.g. {@code "hash"}. */
    String name();

    Class<T> valueClass();

    /** What OBJECT ENCODING replies for this value, e.g. {@code "listpack"}. */
    String encoding(T value);

    /** A deep copy, for COPY. */
    T copy(T value);

    /** RDB type ids this type can read. Empty for a type that is not persisted yet. */
    default List<Integer> rdbTypeIds() {
        return List.of();
    }

    /** The RDB type id to write this value with (Redis's {@code rdbSaveObjectType}). */
    default int rdbTypeId(T value) {
        throw new UnsupportedOperationException(name() + " cannot be saved to RDB");
    }

    /** Writes the value's RDB body (without type id or key). */
    default void writeRdb(T value, RdbOutput out) {
        throw new UnsupportedOperationException(name() + " cannot be saved to RDB");
    }

    /**
     * Reads a value whose RDB type id is {@code typeId}; null for an empty collection, which the loader
     * skips as Redis skips empty keys. Malformed data raises any runtime exception (the reader reports it
     * with the offset).
     */
    default T readRdb(int typeId, RdbInput in) {
        throw new UnsupportedOperationException(name() + " cannot be loaded from RDB");
    }

    /** Emits commands that rebuild the value (AOF rewrite), e.g. {@code RPUSH key a b c}. */
    default void rewrite(byte[] key, T value, CommandSink sink) {
        throw new UnsupportedOperationException(name() + " cannot be rewritten to AOF");
    }

    /** Approximate bytes used, for MEMORY USAGE. */
    default long memoryUsage(T value) {
        return 0;
    }

    /**
     * Approximate bytes used, estimating a large collection from {@code samples} of its elements as Redis's
     * {@code objectComputeSize} does ({@code Integer.MAX_VALUE}: look at every element).
     */
    default long memoryUsage(T value, int samples) {
        return memoryUsage(value);
    }

    /** Receives rebuilt commands. */
    @FunctionalInterface
    interface CommandSink {
        void accept(byte[]... argv);
    }

    /**
     * True if clients blocked on a key holding this type are woken when the key is deleted or its value
     * replaced, so that their command can fail rather than wait on a value that is gone (Redis 7.0's
     * {@code signalDeletedKeyAsReady}, which it does for streams: a blocked XREADGROUP replies UNBLOCKED).
     */
    default boolean wakesWaitersWhenRemoved() {
        return false;
    }
}
