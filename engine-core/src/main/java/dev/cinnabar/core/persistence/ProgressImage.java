// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.persistence;

import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * A keyspace image that counts the entries visited (INFO's current_save_keys_processed) and can be told to
 * stop: the next entry visited then throws {@link CancellationException}, which ends the file write.
 */
public final class ProgressImage implements KeyspaceImage {
    private final KeyspaceImage image;
    private final long total;
    private volatile long visited;
    private volatile boolean cancelled;

    public ProgressImage(KeyspaceImage image) {
        this.image = Objects.requireNonNull(image, "image is null");
        long keys = 0;
        for (int db = 0; db < image.databaseCount(); db++) {
            keys += image.size(db);
        }
        this.total = keys;
    }

    public long visited() {
        return visited;
    }

    public long total() {
        return total;
    }

    public void cancel() {
        cancelled = true;
    }

    public boolean cancelled() {
        return cancelled;
    }

    @Override
    public int databaseCount() {
        return image.databaseCount();
    }

    @Override
    public long size(int db) {
        return image.size(db);
    }

    @Override
    public long volatileSize(int db) {
        return image.volatileSize(db);
    }

    @Override
    public void forEach(int db, EntryVisitor visitor) {
        image.forEach(db, (key, value, type, expireAtMillis, lruClock) -> {
            if (cancelled) {
                throw new CancellationException("cancelled");
            }
            visitor.entry(key, value, type, expireAtMillis, lruClock);
            // one writer thread: a plain increment of a volatile is enough
            visited = visited + 1;
        });
    }

    @Override
    public void close() {
        image.close();
    }
}
