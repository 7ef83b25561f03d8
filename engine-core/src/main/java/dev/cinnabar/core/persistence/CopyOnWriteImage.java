// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.persistence;

import dev.cinnabar.core.keyspace.ByteKeyMap;
import dev.cinnabar.core.keyspace.TableImage;
import dev.cinnabar.spi.ValueType;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A keyspace image without fork(): one {@link TableImage} per database, which copies slots and values
 * lazily, only when the engine is about to change them before the reader has visited them.
 *
 * <p>Live tables are recognized by identity, so SWAPDB (which moves tables between databases) keeps the
 * image true, and so do RENAME and MOVE (write commands that get the value, hence preserve it first);
 * FLUSHDB swaps in a new table, leaving the image's values to it alone.
 */
final class CopyOnWriteImage implements KeyspaceImage {
    private final TableImage[] databases;
    private final long[] volatileSizes;
    private final Map<ByteKeyMap, TableImage> byLiveTable = new IdentityHashMap<>();
    private final Function<Object, ValueType<?>> types;
    private final Executor engineThread;
    private final Consumer<CopyOnWriteImage> onClose;
    private volatile boolean closed;

    /** Engine thread. */
    CopyOnWriteImage(ByteKeyMap[] live, long[] volatileSizes, Function<Object, ValueType<?>> types,
            Executor engineThread, Consumer<CopyOnWriteImage> onClose) {
        this.databases = new TableImage[live.length];
        for (int i = 0; i < live.length; i++) {
            databases[i] = TableImage.open(live[i]);
            byLiveTable.put(live[i], databases[i]);
        }
        this.volatileSizes = volatileSizes;
        this.types = types;
        this.engineThread = engineThread;
        this.onClose = onClose;
    }

    @Override
    public int databaseCount() {
        return databases.length;
    }

    @Override
    public long size(int db) {
        return databases[db].size();
    }

    @Override
    public long volatileSize(int db) {
        return volatileSizes[db];
    }

    @Override
    public void forEach(int db, EntryVisitor visitor) {
        databases[db].forEach((key, value, expireAt, clock) ->
                visitor.entry(key, value, types.apply(value), expireAt, clock));
    }

    /** Engine thread: see {@link Snapshots#beforeWrite}. */
    @SuppressWarnings("unchecked")
    void preserve(ByteKeyMap liveTable, byte[] key, Object value) {
        TableImage table = byLiveTable.get(liveTable);
        if (table != null && !closed) {
            table.preserve(key, value, v -> ((ValueType<Object>) types.apply(v)).copy(v));
        }
    }

    /** Any thread: the tables stop being watched on the engine thread, where they live. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (TableImage table : databases) {
            table.stop();
        }
        engineThread.execute(() -> {
            for (TableImage table : databases) {
                table.close();
            }
            onClose.accept(this);
        });
    }
}
