// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.persistence;

import dev.cinnabar.core.keyspace.ByteKeyMap;
import dev.cinnabar.spi.ValueType;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A keyspace image without fork(): each database's table is copied slot for slot when the image opens
 * (keys and values shared, a few ms per million keys); a value is copied later only if the engine is
 * about to change it before the reader has visited it.
 *
 * <p>Each slot of a frozen table has a state, changed by compare-and-set: PENDING until either the reader
 * claims it (VISITING, then VISITED) or the engine, about to change the value, stores a copy for the reader
 * (COPIED). A write that finds the reader VISITING the very value it wants waits for that one visit; the
 * longest such wait is the serialization of the largest single value.
 *
 * <p>Live tables are recognized by identity, so SWAPDB (which moves tables between databases) and RENAME
 * or MOVE (write commands that get the value, hence preserve it first) keep the image true; FLUSHDB swaps
 * in a new table, leaving the image's values to it alone.
 */
final class CopyOnWriteImage implements KeyspaceImage {
    private static final byte PENDING = 0;
    private static final byte VISITING = 1;
    private static final byte VISITED = 2;
    private static final byte COPIED = 3;
    private static final VarHandle STATES = MethodHandles.arrayElementVarHandle(byte[].class);
    /** Spins before parking while the reader finishes the value a write waits for. */
    private static final int SPINS = 1000;

    /** One database's table as it was, and what became of each of its slots since. */
    private static final class Frozen {
        final ByteKeyMap table;
        final byte[] states;
        /** Values the engine copied before changing them, by slot. Rare, hence a map. */
        final Map<Integer, Object> copies = new ConcurrentHashMap<>();
        final long volatileSize;

        Frozen(ByteKeyMap live, long volatileSize) {
            this.table = live.frozenCopy();
            this.states = new byte[table.capacity()];
            this.volatileSize = volatileSize;
        }
    }

    private final Frozen[] databases;
    private final Map<ByteKeyMap, Frozen> byLiveTable = new IdentityHashMap<>();
    private final Function<Object, ValueType<?>> types;
    private final Consumer<CopyOnWriteImage> onClose;
    private volatile boolean closed;

    CopyOnWriteImage(ByteKeyMap[] live, long[] volatileSizes, Function<Object, ValueType<?>> types,
            Consumer<CopyOnWriteImage> onClose) {
        this.databases = new Frozen[live.length];
        for (int i = 0; i < live.length; i++) {
            databases[i] = new Frozen(live[i], volatileSizes[i]);
            byLiveTable.put(live[i], databases[i]);
        }
        this.types = types;
        this.onClose = onClose;
    }

    @Override
    public int databaseCount() {
        return databases.length;
    }

    @Override
    public long size(int db) {
        return databases[db].table.size();
    }

    @Override
    public long volatileSize(int db) {
        return databases[db].volatileSize;
    }

    @Override
    public void forEach(int db, EntryVisitor visitor) {
        Frozen frozen = databases[db];
        ByteKeyMap table = frozen.table;
        for (int slot = 0, n = table.capacity(); slot < n && !closed; slot++) {
            byte[] key = table.keyAt(slot);
            if (key == null) {
                continue;
            }
            if (STATES.compareAndSet(frozen.states, slot, PENDING, VISITING)) {
                try {
                    Object value = table.valueAt(slot);
                    visitor.entry(key, value, types.apply(value), table.expiryAt(slot), table.clockAt(slot));
                } finally {
                    // release a write that may be waiting for this value
                    STATES.setVolatile(frozen.states, slot, VISITED);
                }
            } else {
                Object copy = frozen.copies.get(slot);
                visitor.entry(key, copy, types.apply(copy), table.expiryAt(slot), table.clockAt(slot));
            }
        }
    }

    /** Engine thread: keeps {@code value} as it is now if this image has yet to visit it. */
    void preserve(ByteKeyMap liveTable, byte[] key, Object value) {
        Frozen frozen = byLiveTable.get(liveTable);
        if (frozen == null || closed) {
            return;
        }
        int slot = frozen.table.find(key);
        // absent, or another object: the value was stored after the image was taken
        if (slot < 0 || frozen.table.valueAt(slot) != value) {
            return;
        }
        byte state = (byte) STATES.getVolatile(frozen.states, slot);
        if (state == VISITED || state == COPIED) {
            return;
        }
        if (state == PENDING) {
            @SuppressWarnings("unchecked")
            ValueType<Object> type = (ValueType<Object>) types.apply(value);
            frozen.copies.put(slot, type.copy(value));
            if (STATES.compareAndSet(frozen.states, slot, PENDING, COPIED)) {
                return;
            }
            frozen.copies.remove(slot);
        }
        awaitVisit(frozen, slot);
    }

    private static void awaitVisit(Frozen frozen, int slot) {
        for (int spins = 0; (byte) STATES.getVolatile(frozen.states, slot) == VISITING; spins++) {
            if (spins < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(10_000);
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            onClose.accept(this);
        }
    }
}
