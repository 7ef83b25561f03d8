// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import dev.cinnabar.core.resp.RespValue;

import java.io.IOException;
import java.util.List;

/** Where the shell sends commands: an embedded engine or a RESP server. Everything above it is shared. */
public interface Connection extends AutoCloseable {
    /** Runs one command and returns its reply. */
    RespValue execute(List<byte[]> args) throws IOException;

    /** Runs the commands in order and returns their replies; a remote connection pipelines them. */
    default List<RespValue> executeAll(List<List<byte[]>> commands) throws IOException {
        List<RespValue> replies = new java.util.ArrayList<>(commands.size());
        for (List<byte[]> command : commands) {
            replies.add(execute(command));
        }
        return replies;
    }

    /** Whether {@link #readNext} can stream replies that come without a command (SUBSCRIBE, MONITOR). */
    default boolean streams() {
        return false;
    }

    /** Waits for the next reply that comes without a command: a pub/sub message, a MONITOR line. */
    default RespValue readNext() throws IOException {
        throw new UnsupportedOperationException("this connection does not stream replies");
    }

    /**
     * Runs a command whose replies keep coming (SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE, MONITOR) and returns its
     * first reply; {@link #readNext} returns the others. Only called when {@link #streams} is true.
     */
    default RespValue stream(List<byte[]> args) throws IOException {
        return execute(args);
    }

    /**
     * Ctrl-C, from another thread, while a command waits (BLPOP, SUBSCRIBE, MONITOR): ends the wait so the
     * prompt comes back, and returns true; false when the command cannot be cut (the shell then ends).
     */
    default boolean cancel() {
        return false;
    }

    /** Connects again after a cancelled command, so the prompt is right at once; a failure is left for later. */
    default void reconnect() {
    }

    /** The prompt's name for this connection: {@code 127.0.0.1:6379} or {@code cinnabar}. */
    String name();

    /** False when a remote connection is down (the prompt then says {@code not connected}). */
    default boolean connected() {
        return true;
    }

    /** True once the other side has shut down (SHUTDOWN): the shell then ends. */
    default boolean shutDown() {
        return false;
    }

    @Override
    void close();
}
