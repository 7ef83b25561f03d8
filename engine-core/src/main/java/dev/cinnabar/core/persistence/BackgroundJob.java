// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.persistence;

/**
 * Work that Redis would do in its one fork child (BGSAVE, AOF rewrite): {@link #run} on a dedicated
 * thread, then {@link #finished} on the engine thread. {@link Persistence} runs at most one at a time.
 */
public interface BackgroundJob {
    /** The job's thread: serializes an image taken on the engine thread; must not touch live data. */
    void run() throws Exception;

    /** Engine thread, once {@link #run} returned ({@code error} null) or threw. */
    void finished(Throwable error);

    /**
     * Engine thread: stop as soon as possible (SHUTDOWN, FLUSHALL kill the child in Redis); {@link #run}
     * should then fail and leave nothing half-written behind.
     */
    default void cancel() {
    }

    /** Keys serialized so far (INFO's current_save_keys_processed); any thread. */
    default long keysProcessed() {
        return 0;
    }

    /** Keys the image holds (INFO's current_save_keys_total); any thread. */
    default long keysTotal() {
        return 0;
    }
}
