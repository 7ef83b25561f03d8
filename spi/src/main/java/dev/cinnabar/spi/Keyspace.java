// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

import java.util.function.Consumer;

/**
 * One database. Lookups see only live keys: an expired key is deleted on access (lazy expiry), as Redis
 * does. Typed lookups raise WRONGTYPE themselves, so handlers never compare types. Writes here do not
 * notify anyone: a handler ends each write with {@link CommandContext#modified}.
 */
public interface Keyspace {
    /** The database number. */
    int index();

    /** The value of any type, or null. Counts as an access: the key's idle time restarts. */
    Object get(byte[] key);

    /**
     * The value of any type, or null, leaving the key's idle time alone (Redis's {@code LOOKUP_NOTOUCH},
     * used by OBJECT). An expired key is still deleted.
     */
    Object getNoTouch(byte[] key);

    /** The value if it has {@code type}, null if the key is missing; WRONGTYPE otherwise. */
    <T> T get(byte[] key, ValueType<T> type);

    /** A string value ({@code byte[]}), null if missing; WRONGTYPE otherwise. */
    byte[] getString(byte[] key);

    /** The type of the value, or null if the key is missing. */
    ValueType<?> typeOf(byte[] key);

    boolean exists(byte[] key);

    /** Stores {@code value}, replacing any old value and dropping its TTL (Redis's {@code setKey}). */
    void set(byte[] key, Object value);

    /** Stores {@code value} keeping the key's TTL if it exists (the value of an in-place update). */
    void replace(byte[] key, Object value);

    /** Deletes; true if the key existed. */
    boolean remove(byte[] key);

    /** Absolute expiry in Unix milliseconds; -1 if the key has none, -2 if it does not exist. */
    long expireAt(byte[] key);

    /** Sets an absolute expiry in Unix milliseconds on an existing key; false if the key is missing. */
    boolean setExpireAt(byte[] key, long unixMillis);

    /** Removes the TTL; true if there was one. */
    boolean persist(byte[] key);

    /**
     * Milliseconds since the key was last accessed, as OBJECT IDLETIME estimates it (Redis's 24-bit LRU
     * clock with one-second ticks); -1 if the key does not exist. Lookups other than
     * {@link #getNoTouch}, {@link #exists}, {@link #typeOf} and {@link #expireAt} are accesses.
     */
    long idleTime(byte[] key);

    /**
     * Backdates the key's last access by {@code seconds}, as RESTORE IDLETIME does; false if the key is
     * missing.
     */
    boolean setIdleTime(byte[] key, long seconds);

    /** Number of keys (may include keys that expired but were not reclaimed yet, as DBSIZE does). */
    long size();

    /** Number of keys with a TTL. */
    long expiresSize();

    /** A random live key, or null. */
    byte[] randomKey();

    /**
     * One step of a SCAN over keys: visits some keys and returns the next cursor, 0 when done. Guarantees
     * Redis's: every key present from start to end of a full scan is visited at least once.
     */
    long scan(long cursor, int count, Consumer<byte[]> visitor);

    /** Removes every key. */
    void clear();
}
