// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.keyspace;

import dev.cinnabar.spi.ValueType;

/** What a {@link Database} needs from the engine around it. */
public interface KeyspaceHost {
    /** The current command's time, Unix ms. */
    long now();

    /**
     * True while a data set loads: no key is judged expired then, as Redis's {@code keyIsExpired} and
     * {@code checkAlreadyExpired} during loading. An AOF replays writes made while their keys were alive;
     * judged by today's clock, a command on a key whose TTL has since passed would act on a missing key
     * (an INCR after a SET ... PXAT would leave a key with no TTL at all). The keys expire after the load.
     */
    default boolean loading() {
        return false;
    }

    /** The type a stored value belongs to. */
    ValueType<?> typeOf(Object value);

    /** A key was found expired and deleted: propagate DEL, notify "expired", invalidate WATCH. */
    void expired(Database db, byte[] key);

    /** A key that did not exist was stored: the {@code new} keyspace notification (Redis's {@code dbAdd}). */
    void created(Database db, byte[] key);

    /**
     * {@code old}, stored at {@code key}, was deleted or replaced by another object: clients blocked on the key
     * are signalled if its type asks for it ({@link ValueType#wakesWaitersWhenRemoved}), as Redis 7.0's
     * {@code signalDeletedKeyAsReady} lets a blocked XREADGROUP learn that its stream is gone.
     */
    default void removed(Database db, byte[] key, Object old) {
    }

    /** True while some client is blocked on keys (only then does {@link #removed} matter). */
    default boolean clientsBlocked() {
        return false;
    }

    /**
     * A lookup is about to hand out {@code value}, stored under {@code key} in {@code table}: if the
     * current command writes, open keyspace images keep their own copy first (copy-on-write snapshots).
     */
    void handingOut(ByteKeyMap table, byte[] key, Object value);

    /** Counts a read lookup for INFO's keyspace_hits / keyspace_misses. */
    void lookup(boolean hit);
}
