// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

import java.util.function.Consumer;

/** Everything a handler may use while it executes one command on the engine thread. */
public interface CommandContext {
    ClientView client();

    /** The client's selected database. */
    Keyspace keyspace();

    /** Database {@code index}; ERR "DB index is out of range" if there is no such database. */
    Keyspace keyspace(int index);

    /** Where the reply goes. */
    ReplyWriter reply();

    EngineServices services();

    /** The command's time in Unix milliseconds: one value for the whole command, as Redis caches it. */
    long now();

    /**
     * Ends a write to {@code key}: invalidates WATCH, fires the keyspace notification {@code event} of
     * class {@code type} (null event for none) and counts one change for persistence. Propagation of the
     * command line itself happens after the handler returns. Clients blocked on a key are woken when the
     * key is created ({@link Keyspace#set} or {@link Keyspace#replace} of a missing key), as in Redis 7.0.
     */
    void modified(byte[] key, KeyEvent type, String event);

    /**
     * Like {@link #modified(byte[], KeyEvent, String)} for a key in database {@code db} rather than the
     * selected one (MOVE, COPY ... DB).
     */
    void modified(int db, byte[] key, KeyEvent type, String event);

    /**
     * A read lookup, as Redis's {@code lookupKeyRead}: the value at {@code key}, or null when it is missing
     * (firing {@code keymiss}); WRONGTYPE when it holds another type.
     */
    <T> T read(byte[] key, ValueType<T> type);

    /**
     * Ends a command that stores its result at {@code key} (SINTERSTORE, ZUNIONSTORE, SORT ... STORE …):
     * sets {@code result}, dropping any old value and TTL, and fires {@code event}; a null (empty) result
     * deletes the key instead, firing {@code del} if it existed, as Redis never stores an empty collection.
     */
    void storeResult(byte[] key, Object result, KeyEvent type, String event);

    /**
     * Removes a collection the command has just emptied (Redis never keeps an empty one) and fires
     * {@code del}, which Redis sends after the command's own event.
     */
    void deleteEmptied(byte[] key);

    /** Fires a keyspace notification without marking the key modified (e.g. {@code keymiss}). */
    void notify(byte[] key, KeyEvent type, String event);

    /** Counts {@code changes} writes that {@link #modified} did not count (e.g. a multi-element add). */
    void dirty(long changes);

    /**
     * Replaces what is propagated to the AOF and replicas for this command: call once per command to
     * emit, e.g. {@code SET k v PXAT t} for a relative expiry. Calling it with no arguments propagates
     * nothing.
     */
    void propagate(byte[]... argv);

    /**
     * Blocks the client until a key in {@code keys} is signalled ready or the timeout passes. When a key
     * is signalled, the engine runs the same command again, in the order clients blocked; a handler that
     * finds nothing blocks again and keeps its place. On timeout the engine writes {@code timeoutReply}.
     *
     * @param timeoutMillis 0 blocks forever
     * @return false if the client cannot block (inside MULTI or a script): reply as on timeout yourself
     */
    boolean block(byte[][] keys, long timeoutMillis, Consumer<ReplyWriter> timeoutReply);

    /**
     * Wakes the clients blocked on {@code key} in the selected database although the key already existed
     * (Redis's {@code signalKeyAsReady}): XADD to a stream that clients wait on. Creating a key wakes them
     * without this call.
     */
    void signalKeyReady(byte[] key);

    /**
     * On a re-run of a blocked command, the key whose readiness woke the client; null on a first run. As in
     * Redis 7.0, a re-run serves the client from this key only: if it holds nothing of the awaited type,
     * the handler blocks again and the client keeps its place.
     */
    byte[] readyKey();

    /**
     * Replaces argument {@code index} in the command line the engine keeps for re-running this command
     * after {@link #block}: XREAD resolves {@code $} to the stream's last id when it first blocks, so a
     * re-run waits for entries after that id rather than after the newest one (Redis 7.2 rewrites the
     * argument the same way). What MONITOR and SLOWLOG show is not changed.
     */
    void rewriteArgument(int index, byte[] value);

    /**
     * Hides argument {@code index} of the current command from what MONITOR and SLOWLOG show: it appears as
     * {@code (redacted)}, as Redis shows passwords given to AUTH, HELLO and MIGRATE. Contexts that show
     * command lines to no one may ignore it.
     */
    default void redactArgument(int index) {
    }

    /** Publishes to a pub/sub channel; returns the number of receivers. */
    long publish(byte[] channel, byte[] message);

    /**
     * Runs a nested command as the current client, writing its reply into {@code sink} (scripting). The
     * dispatcher's checks apply; the client counts as in a script ({@link ClientView#inScript}), so a
     * blocking command does not block, and the command sees the caller's time, as Redis freezes the clock
     * for a script. Its effects are propagated; several nested writes go out wrapped in MULTI/EXEC, and
     * the caller suppresses its own line with {@link #propagate} and no arguments.
     */
    void call(ReplyWriter sink, byte[]... argv);

    /**
     * Like {@link #call(ReplyWriter, byte[]...)}, but when {@code propagate} is false the command's effects
     * go to neither the AOF nor replicas (Lua's {@code redis.set_repl(redis.REPL_NONE)}).
     */
    void call(ReplyWriter sink, boolean propagate, byte[]... argv);

    /**
     * Serves the other clients once while this command runs long, as Redis does for a script past
     * busy-reply-threshold ({@code processEventsWhileBlocked}): reads what they sent, runs the commands
     * flagged allow-busy (SCRIPT KILL, FUNCTION KILL, SHUTDOWN, AUTH, MULTI …) and answers every other one
     * with {@code busyError}. This client's own input, timers, expiry and blocked clients wait until the
     * command ends. Call it every few milliseconds at most; where no other client can be served it does
     * nothing.
     */
    default void serveWhileBusy(RedisError busyError) {
    }
}
