// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.command.Command;
import dev.cinnabar.core.resp.RespValue;
import dev.cinnabar.spi.CommandFlag;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A file opened with {@code --rdb} or {@code --aof}: its data set in an engine from {@link FileSnapshot},
 * answering every command that only reads. A command the command table flags {@code write} or
 * {@code may-replicate} (EVAL, FCALL, PUBLISH), or one that writes files or settings, is refused with a
 * READONLY error before it reaches the engine.
 */
public final class ReadOnlyConnection implements Connection {
    /** Commands without the write flag that would still write a file or change what is written. */
    private static final Set<String> REFUSED = Set.of("save", "bgsave", "bgrewriteaof", "config|set",
            "config|rewrite", "config|resetstat", "debug", "module", "function|load", "function|restore",
            "script|load", "failover", "replicaof", "slaveof", "sync", "psync");

    private final EmbeddedConnection engine;
    private final String name;

    public ReadOnlyConnection(Engine engine, String fileName) {
        this.engine = EmbeddedConnection.of(requireNonNull(engine, "engine is null"));
        this.name = requireNonNull(fileName, "fileName is null");
    }

    @Override
    public RespValue execute(List<byte[]> args) {
        String refused = refusal(args);
        return refused != null ? new RespValue.Error(refused) : engine.execute(args);
    }

    /** The error line for a command this connection refuses, or null. */
    private String refusal(List<byte[]> args) {
        if (args.isEmpty()) {
            return null;
        }
        Command cmd = engine.engine().commands().lookup(args.get(0));
        if (cmd == null) {
            return null;
        }
        if (args.size() >= 2 && !cmd.subcommands().isEmpty()) {
            Command sub = cmd.subcommand(args.get(1));
            cmd = sub != null ? sub : cmd;
        }
        if (!cmd.isWrite() && !cmd.spec().has(CommandFlag.MAY_REPLICATE) && !REFUSED.contains(cmd.fullName())) {
            return null;
        }
        return "READONLY " + name + " is open read-only: '"
                + new String(args.get(0), StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT)
                + "' would change it (use EVAL_RO and FCALL_RO for scripts)";
    }

    @Override
    public boolean streams() {
        return engine.streams();
    }

    @Override
    public RespValue stream(List<byte[]> args) throws java.io.IOException {
        String refused = refusal(args);
        return refused != null ? new RespValue.Error(refused) : engine.stream(args);
    }

    @Override
    public RespValue readNext() throws java.io.IOException {
        return engine.readNext();
    }

    @Override
    public boolean cancel() {
        return engine.cancel();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean shutDown() {
        return engine.shutDown();
    }

    @Override
    public void close() {
        engine.close();
        FileSnapshot.discard(engine.engine());
    }
}
