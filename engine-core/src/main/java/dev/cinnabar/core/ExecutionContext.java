// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core;

import dev.cinnabar.core.client.Client;
import dev.cinnabar.core.command.Command;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.ClientView;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.EngineServices;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.Keyspace;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;
import dev.cinnabar.spi.ValueType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@link CommandContext} handlers see. One instance serves every command, since only the engine
 * thread runs commands; nested calls (EXEC, scripts) save and restore its state in a {@link Frame}.
 */
public final class ExecutionContext implements CommandContext {
    /** The state of one command in progress. */
    record Frame(Client client, Command command, byte[][] argv, byte[][] shown, List<byte[][]> propagated,
                 boolean override, int execDepth) {
    }

    /** What MONITOR and SLOWLOG show instead of a redacted argument, as Redis's {@code shared.redacted}. */
    private static final byte[] REDACTED = "(redacted)".getBytes(StandardCharsets.US_ASCII);

    private final Engine engine;
    private final Dispatcher dispatcher;
    private final ArgumentsView arguments = new ArgumentsView(new byte[0][]);
    private Client client;
    private Command command;
    private byte[][] argv;
    /** {@code argv}, or a copy of it with redacted arguments. */
    private byte[][] shown;
    private List<byte[][]> propagated;
    private boolean override;
    private int execDepth;

    ExecutionContext(Engine engine, Dispatcher dispatcher) {
        this.engine = engine;
        this.dispatcher = dispatcher;
    }

    /**
     * True while a command that may change values runs: any but a read-only one. A read-only command must
     * never change a value in place, as keyspace images rely on it.
     */
    boolean mayChangeValues() {
        return command != null && !command.isReadonly();
    }

    Frame enter(Client c, Command cmd, byte[][] args) {
        Frame saved = client == null ? null
                : new Frame(client, command, argv, shown, propagated, override, execDepth);
        client = c;
        command = cmd;
        argv = args;
        shown = args;
        propagated = null;
        override = false;
        arguments.reset(args);
        return saved;
    }

    void leave(Frame saved) {
        if (saved == null) {
            client = null;
            command = null;
            argv = null;
            shown = null;
            propagated = null;
            override = false;
            return;
        }
        client = saved.client();
        command = saved.command();
        argv = saved.argv();
        shown = saved.shown();
        propagated = saved.propagated();
        override = saved.override();
        execDepth = saved.execDepth();
        arguments.reset(argv);
    }

    Arguments arguments() {
        return arguments;
    }

    /** True if the client may read any key with the running command (SORT's BY and GET patterns). */
    public boolean unrestrictedKeyRead() {
        return engine.accessControl().unrestrictedKeyRead(
                new EngineAccessRequest(engine, client, command, argv, dev.cinnabar.spi.AccessContext.TOPLEVEL));
    }

    /** The command running now, or null between commands. */
    public Command currentCommand() {
        return command;
    }

    /** The command line running now, or null between commands. */
    public byte[][] currentArgv() {
        return argv;
    }

    /** The command line as observers (MONITOR, SLOWLOG) may show it. */
    byte[][] shownArguments() {
        return shown;
    }

    boolean hasPropagationOverride() {
        return override;
    }

    List<byte[][]> propagated(byte[][] original) {
        return override ? propagated : List.<byte[][]>of(original);
    }

    int propagatedDb() {
        return client.db;
    }

    /** True while EXEC runs its queued commands (they must not block). */
    public boolean inExec() {
        return execDepth > 0;
    }

    /** EXEC marks the span in which its queued commands run. */
    public void enterExec() {
        execDepth++;
    }

    public void leaveExec() {
        execDepth--;
    }

    public Client currentClient() {
        return client;
    }

    @Override
    public ClientView client() {
        return client;
    }

    @Override
    public Keyspace keyspace() {
        return engine.database(client.db);
    }

    @Override
    public Keyspace keyspace(int index) {
        if (index < 0 || index >= engine.databaseCount()) {
            throw Errors.DB_INDEX;
        }
        return engine.database(index);
    }

    @Override
    public ReplyWriter reply() {
        return client.reply();
    }

    @Override
    public EngineServices services() {
        return dispatcher.services();
    }

    @Override
    public long now() {
        return engine.now();
    }

    @Override
    public void modified(byte[] key, KeyEvent type, String event) {
        modified(client.db, key, type, event);
    }

    @Override
    public void modified(int db, byte[] key, KeyEvent type, String event) {
        engine.watches().touch(engine.database(db), key);
        engine.stats().dirty++;
        if (event != null) {
            engine.notifier().notify(type, event, key, db);
        }
    }

    @Override
    public void notify(byte[] key, KeyEvent type, String event) {
        engine.notifier().notify(type, event, key, client.db);
    }

    @Override
    public void dirty(long changes) {
        engine.stats().dirty += changes;
    }

    @Override
    public void propagate(byte[]... commandLine) {
        if (!override) {
            override = true;
            propagated = new ArrayList<>(2);
        }
        if (commandLine.length > 0) {
            propagated.add(commandLine);
        }
    }

    @Override
    public void redactArgument(int index) {
        if (shown == argv) {
            shown = argv.clone();
        }
        shown[index] = REDACTED;
    }

    @Override
    public void rewriteArgument(int index, byte[] value) {
        // a copy: the array may be the one MONITOR and SLOWLOG show
        byte[][] rewritten = argv.clone();
        rewritten[index] = value;
        argv = rewritten;
        arguments.reset(rewritten);
    }

    @Override
    public boolean block(byte[][] keys, long timeoutMillis, Consumer<ReplyWriter> timeoutReply) {
        return dispatcher.block(client, command, argv, keys, timeoutMillis, timeoutReply);
    }

    @Override
    public <T> T read(byte[] key, ValueType<T> type) {
        T value = keyspace().get(key, type);
        if (value == null) {
            notify(key, KeyEvent.KEY_MISS, "keymiss");
        }
        return value;
    }

    @Override
    public void storeResult(byte[] key, Object result, KeyEvent type, String event) {
        if (result != null) {
            keyspace().set(key, result);
            modified(key, type, event);
        } else if (keyspace().remove(key)) {
            modified(key, KeyEvent.GENERIC, "del");
        }
    }

    @Override
    public void deleteEmptied(byte[] key) {
        keyspace().remove(key);
        notify(key, KeyEvent.GENERIC, "del");
    }

    @Override
    public void signalKeyReady(byte[] key) {
        engine.blocking().signal(client.db, key);
    }

    @Override
    public byte[] readyKey() {
        return dispatcher.servingKey();
    }

    @Override
    public long publish(byte[] channel, byte[] message) {
        return engine.pubsub().publish(channel, message);
    }

    @Override
    public void call(ReplyWriter sink, byte[]... commandLine) {
        call(sink, true, commandLine);
    }

    @Override
    public void serveWhileBusy(RedisError busyError) {
        engine.serveWhileBusy(client, busyError);
    }

    @Override
    public void call(ReplyWriter sink, boolean propagate, byte[]... commandLine) {
        Client c = client;
        ReplyWriter previous = c.replyTarget();
        boolean wasScripting = c.scripting;
        c.redirectReplies(sink);
        c.scripting = true;
        dispatcher.suppressPropagation(!propagate);
        try {
            dispatcher.process(c, commandLine);
        } finally {
            dispatcher.suppressPropagation(false);
            c.scripting = wasScripting;
            c.redirectReplies(previous);
        }
    }
}
