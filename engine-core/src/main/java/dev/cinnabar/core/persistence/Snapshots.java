// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.persistence;

import dev.cinnabar.core.keyspace.ByteKeyMap;
import dev.cinnabar.core.keyspace.Database;
import dev.cinnabar.spi.ValueType;

import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The engine's open keyspace images and the copy-on-write rule that keeps them true: before a command that
 * may change values gets hold of one an open image has not serialized yet, the image receives a copy of it
 * ({@link #beforeWrite}). Everything here runs on the engine thread; images are read on other threads.
 */
public final class Snapshots {
    private static final CopyOnWriteImage[] NONE = new CopyOnWriteImage[0];

    private final Function<Object, ValueType<?>> types;
    private final Executor engineThread;
    /** Engine thread only. */
    private CopyOnWriteImage[] open = NONE;

    public Snapshots(Function<Object, ValueType<?>> types, Executor engineThread) {
        this.types = types;
        this.engineThread = engineThread;
    }

    /**
     * Takes an image of {@code databases} as they are now. Costs nothing per key: slots and values are
     * copied later, a segment or a value at a time, only if a change comes for them first.
     */
    public KeyspaceImage open(Database[] databases) {
        ByteKeyMap[] live = new ByteKeyMap[databases.length];
        long[] volatileSizes = new long[databases.length];
        for (int i = 0; i < databases.length; i++) {
            live[i] = databases[i].entries();
            volatileSizes[i] = databases[i].expiresSize();
        }
        CopyOnWriteImage image = new CopyOnWriteImage(live, volatileSizes, types, engineThread, this::closed);
        open = Arrays.copyOf(open, open.length + 1);
        open[open.length - 1] = image;
        return image;
    }

    private void closed(CopyOnWriteImage image) {
        open = Arrays.stream(open).filter(i -> i != image).toArray(CopyOnWriteImage[]::new);
    }

    /** True while an image is open: only then does {@link #beforeWrite} have anything to do. */
    public boolean active() {
        return open.length != 0;
    }

    /**
     * A command that may change values is about to get {@code value}, stored under {@code key} in {@code table}: every open
     * image that still needs the value as it is now keeps a copy first. Engine thread only.
     */
    public void beforeWrite(ByteKeyMap table, byte[] key, Object value) {
        for (CopyOnWriteImage image : open) {
            image.preserve(table, key, value);
        }
    }
}
