// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.client;

import dev.cinnabar.core.command.Command;
import dev.cinnabar.spi.ReplyWriter;

import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/** Why and until when a client is blocked: re-run {@code argv} when a key is ready, else time out. */
public final class BlockedState {
    public final Command command;
    public final byte[][] argv;
    public final byte[][] keys;
    public final int db;
    /** Unix ms, 0 = forever. */
    public final long deadline;
    public final Consumer<ReplyWriter> timeoutReply;
    public ScheduledFuture<?> timer;

    public BlockedState(Command command, byte[][] argv, byte[][] keys, int db, long deadline,
                        Consumer<ReplyWriter> timeoutReply) {
        this.command = command;
        this.argv = argv;
        this.keys = keys;
        this.db = db;
        this.deadline = deadline;
        this.timeoutReply = timeoutReply;
    }
}
