// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

/**
 * The core sorted set type ({@code FamilyContext.valueType("zset")}), for families that keep their data in
 * sorted sets (geo). Writes go through the type rather than the value because the encoding limits
 * ({@code zset-max-listpack-entries}, {@code zset-max-listpack-value}) are configuration the registered type
 * holds, not a property of each value.
 *
 * @param <T> the Java class of its values
 */
public interface SortedSetType<T extends ScoredSet> extends ValueType<T> {
    /** A new empty set with the encoding ZADD gives a new key; store it with {@link Keyspace#set}. */
    T create();

    /**
     * Adds {@code member} or changes its score, converting the encoding at the configured limits as ZADD
     * does.
     *
     * @return true if the member is new
     * @throws IllegalArgumentException if {@code score} is NaN
     */
    boolean put(T set, byte[] member, double score);

    /**
     * A new empty set in the encoding Redis collects a command's result in (a skiplist, which keeps a -0
     * score that a listpack would print as 0): fill it with {@link #put}, then {@link #compact} it.
     */
    T createResult();

    /**
     * {@code zsetConvertToListpackIfNeeded}: turns a set made by {@link #createResult} into a listpack when
     * it fits the configured limits, as Redis does before storing a result.
     */
    void compact(T set);
}
