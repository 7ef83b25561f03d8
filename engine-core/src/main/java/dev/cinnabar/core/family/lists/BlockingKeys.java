// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.lists;

import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.ReplyWriter;
import dev.cinnabar.spi.ValueType;

import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The key a blocking pop serves, for any collection type (lists here, sorted sets for BZPOPMIN and BZMPOP):
 * Redis 7.0's {@code blockingPopGenericCommand} on a first run and the serving side of {@code blocked.c} when
 * a blocked client is run again.
 */
public final class BlockingKeys {
    private BlockingKeys() {
    }

    /** A key and its non-empty value. */
    public record Found<T>(byte[] key, T value) {
    }

    /**
     * Finds the key to pop from. On a first run: the first of {@code keys} holding a value that
     * {@code nonEmpty} accepts, skipping missing keys; WRONGTYPE as soon as a key holds another type. On a
     * re-run ({@link CommandContext#readyKey()} set): the ready key only, and never WRONGTYPE, because Redis
     * 7.0 leaves a client blocked when the key that woke it holds another type.
     *
     * @return the key and its value, or null if there is nothing to pop
     */
    public static <T> Found<T> find(CommandContext ctx, byte[][] keys, ValueType<T> type, Predicate<T> nonEmpty) {
        byte[] ready = ctx.readyKey();
        if (ready != null) {
            Object value = ctx.keyspace().get(ready);
            if (type.valueClass().isInstance(value)) {
                T typed = type.valueClass().cast(value);
                if (nonEmpty.test(typed)) {
                    return new Found<>(ready, typed);
                }
            }
            return null;
        }
        for (byte[] key : keys) {
            T value = ctx.keyspace().get(key, type);
            if (value != null && nonEmpty.test(value)) {
                return new Found<>(key, value);
            }
        }
        return null;
    }

    /**
     * Blocks the client on {@code keys} (again, on a re-run: it keeps its place), or, where it may not block
     * (inside MULTI or a script), replies {@code denied} at once as Redis's {@code CLIENT_DENY_BLOCKING} path.
     *
     * @param timeoutMillis from {@link dev.cinnabar.spi.Arguments#timeoutSeconds}; 0 waits forever
     * @param timedOut      the reply when the timeout passes (a null array for every Redis 7.0 blocking pop)
     */
    public static void block(CommandContext ctx, byte[][] keys, long timeoutMillis, Consumer<ReplyWriter> timedOut,
                             Consumer<ReplyWriter> denied) {
        if (!ctx.block(keys, timeoutMillis, timedOut)) {
            denied.accept(ctx.reply());
        }
    }
}
