// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.persistence;

import dev.cinnabar.spi.ValueType;

/**
 * Every database as it was at one moment, readable from any thread while the engine goes on changing the
 * live keyspace: what BGSAVE and AOF rewrite serialize (DESIGN invariant 5). Close it when done, so the
 * engine stops preserving it.
 */
public interface KeyspaceImage extends AutoCloseable {
    int databaseCount();

    /** Keys database {@code db} held at the image's moment. */
    long size(int db);

    /** Of those, the keys that had an expiry. */
    long volatileSize(int db);

    /**
     * Visits every entry of database {@code db} as it was at the image's moment, in no particular order.
     * Call it at most once per database, from one thread at a time.
     */
    void forEach(int db, EntryVisitor visitor);

    /** Releases the image; a visit in progress on another thread must have ended. */
    @Override
    void close();

    /** Receives the entries of an image. */
    @FunctionalInterface
    interface EntryVisitor {
        /**
         * @param expireAtMillis Unix ms when the key expires, 0 if never (a key already past it is still
         *                       visited: as in Redis, the loader drops it)
         * @param lruClock       last access on Redis's 24-bit LRU clock in seconds (see {@code LruClock})
         */
        void entry(byte[] key, Object value, ValueType<?> type, long expireAtMillis, int lruClock);
    }
}
