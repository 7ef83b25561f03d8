// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.persistence;

import dev.cinnabar.core.keyspace.ByteKeyMap;
import dev.cinnabar.core.keyspace.Database;
import dev.cinnabar.spi.ValueType;

import java.util.Arrays;
import java.util.function.Function;

/**
 * The engine's open keyspace images and the copy-on-write rule that keeps them true: before a write
 * command gets hold of a value an open image has not serialized yet, the image receives a copy of it
 * ({@link #beforeWrite}). Opening and the hook run on the engine thread; images are read on other threads.
 */
public final class Snapshots {
    private static final CopyOnWriteImage[] NONE = new CopyOnWriteImage[0];

    private final Function<Object, ValueType<?>> types;
    /** Replaced, never changed in place, so the hook reads it without a lock. */
    private volatile CopyOnWriteImage[] open = NONE;

    public Snapshots(Function<Object, ValueType<?>> types) {
        this.types = types;
    }

    /**
     * Takes an image of {@code databases} as they are now. Costs a copy of each table's slot arrays; the
     * values themselves are copied later, one at a time, only if a write comes for them first.
     */
    public KeyspaceImage open(Database[] databases) {
        ByteKeyMap[] live = new ByteKeyMap[databases.length];
        long[] volatileSizes = new long[databases.length];
        for (int i = 0; i < databases.length; i++) {
            live[i] = databases[i].entries();
            volatileSizes[i] = databases[i].expiresSize();
        }
        CopyOnWriteImage image = new CopyOnWriteImage(live, volatileSizes, types, this::closed);
        synchronized (this) {
            CopyOnWriteImage[] now = Arrays.copyOf(open, open.length + 1);
            now[now.length - 1] = image;
            open = now;
        }
        return image;
    }

    private synchronized void closed(CopyOnWriteImage image) {
        open = Arrays.stream(open).filter(i -> i != image).toArray(CopyOnWriteImage[]::new);
    }

    /** True while an image is open: only then does {@link #beforeWrite} have anything to do. */
    public boolean active() {
        return open.length != 0;
    }

    /**
     * A write command is about to get {@code value}, stored under {@code key} in {@code table}: every open
     * image that still needs the value as it is now keeps a copy first. Engine thread only.
     */
    public void beforeWrite(ByteKeyMap table, byte[] key, Object value) {
        for (CopyOnWriteImage image : open) {
            image.preserve(table, key, value);
        }
    }
}
