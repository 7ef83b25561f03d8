// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.aof;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.client.Client;
import dev.cinnabar.core.client.MultiState;
import dev.cinnabar.core.command.Command;
import dev.cinnabar.spi.ReplyWriter;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Runs AOF commands through the engine as Redis's AOF fake client ({@code createAOFClient}): straight to
 * the command's handler ({@link dev.cinnabar.core.Dispatcher#runLoaded}: no ACL, pause or protected-command
 * checks, no stats, slowlog or MONITOR), replies discarded, commands after MULTI queued until EXEC. Engine thread only. Whoever uses it must keep the replayed commands out of the AOF being
 * written (propagation is not suppressed here). Public for the offline tools (aof replay), which embed an
 * engine with appendonly off.
 */
public final class AofReplayer {
    private final Engine engine;
    private final Client client;
    private final Command exec;

    public AofReplayer(Engine engine) {
        this.engine = Objects.requireNonNull(engine, "engine is null");
        this.exec = engine.commands().get("exec");
        this.client = new Client(engine.newClientId(), null, engine.now());
        client.authenticated = true;
        client.redirectReplies(new Discard());
    }

    /** True between a replayed MULTI and its EXEC: a file ending here ends inside a transaction. */
    public boolean inMulti() {
        return client.multi.active;
    }

    /**
     * Runs one command.
     *
     * @throws IllegalArgumentException for a command the engine does not know (a file Redis also refuses)
     */
    public void replay(byte[][] argv) {
        Command cmd = engine.commands().lookup(argv[0]);
        if (cmd != null && argv.length >= 2 && !cmd.subcommands().isEmpty()) {
            Command sub = cmd.subcommand(argv[1]);
            cmd = sub != null ? sub : cmd;
        }
        if (cmd == null) {
            throw new IllegalArgumentException("Unknown command '" + new String(argv[0], StandardCharsets.UTF_8)
                    + "' reading the append only file");
        }
        if (client.multi.active && cmd != exec) {
            client.multi.queue.add(new MultiState.Queued(cmd, argv));
            return;
        }
        engine.dispatcher().runLoaded(client, cmd, argv);
    }

    /** True if {@code argv} is a MULTI (any case), compared without decoding the name. */
    public static boolean isMulti(byte[][] argv) {
        if (argv.length != 1 || argv[0].length != 5) {
            return false;
        }
        byte[] name = argv[0];
        for (int i = 0; i < 5; i++) {
            if ((name[i] | 0x20) != "multi".charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Forgets a MULTI left open at the end of a file that was cut back to before it. */
    public void resetMulti() {
        client.multi.reset();
    }

    /** The fake client's replies go nowhere, as Redis never sends them. */
    private static final class Discard implements ReplyWriter {
        @Override
        public int protocol() {
            return 2;
        }

        @Override
        public void simple(String status) {
        }

        @Override
        public void ok() {
        }

        @Override
        public void error(String line) {
        }

        @Override
        public void integer(long value) {
        }

        @Override
        public void bulk(byte[] value) {
        }

        @Override
        public void nullBulk() {
        }

        @Override
        public void nullArray() {
        }

        @Override
        public void array(int length) {
        }

        @Override
        public void map(int length) {
        }

        @Override
        public void set(int length) {
        }

        @Override
        public void push(int length) {
        }

        @Override
        public void doubleValue(double value) {
        }

        @Override
        public void bool(boolean value) {
        }

        @Override
        public void verbatim(String format, String text) {
        }

        @Override
        public void bigNumber(String digits) {
        }
    }
}
