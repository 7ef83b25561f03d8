// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core;

import dev.cinnabar.core.blocking.Blocking;
import dev.cinnabar.core.client.BlockedState;
import dev.cinnabar.core.client.Client;
import dev.cinnabar.core.client.MultiState;
import dev.cinnabar.core.command.Command;
import dev.cinnabar.core.command.CommandTable;
import dev.cinnabar.core.rdb.FunctionPayload;
import dev.cinnabar.spi.AccessContext;
import dev.cinnabar.spi.ClientView;
import dev.cinnabar.spi.CommandFlag;
import dev.cinnabar.spi.CommandSpec;
import dev.cinnabar.spi.EngineServices;
import dev.cinnabar.spi.KeyAccess;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;
import dev.cinnabar.spi.ValueType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs commands: lookup, the flag-driven checks of Redis's {@code processCommand} in its order, MULTI
 * queueing, then {@link #call} (the handler, stats, propagation, observers). Engine thread only.
 */
public final class Dispatcher {
    private static final System.Logger LOG = System.getLogger("cinnabar.dispatch");
    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MULTI = "MULTI".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXEC = "EXEC".getBytes(StandardCharsets.US_ASCII);

    private final Engine engine;
    private final CommandTable table;
    private boolean propagationSuppressed;
    private final ExecutionContext context;
    private final List<CallObserver> observers = new ArrayList<>();
    private final List<Propagation> propagation = new ArrayList<>();
    /** What the current top-level call propagates, emitted when it returns (Redis's {@code also_propagate}). */
    private final List<PendingPropagation> pending = new ArrayList<>();
    private int callDepth;
    private final EngineServices services;
    private Client serving;
    private byte[] servingKey;
    private boolean reblocked;
    /** The AOF client while {@link #runLoaded} runs, else null: its EXEC'd commands skip per-command stats. */
    private Client aofClient;

    Dispatcher(Engine engine) {
        this.engine = engine;
        this.table = engine.commands();
        this.context = new ExecutionContext(engine, this);
        this.services = new Services();
    }

    public EngineServices services() {
        return services;
    }

    public void addObserver(CallObserver observer) {
        observers.add(observer);
    }

    public void addPropagation(Propagation listener) {
        propagation.add(listener);
    }

    /**
     * Processes one command from a client: checks, MULTI queueing or execution. Under CLIENT REPLY OFF or
     * SKIP, whatever the command writes to its client (errors included) is discarded.
     */
    public void process(Client c, byte[][] argv) {
        if (context.currentClient() == c) {
            // a nested call (scripting): its reply goes to the caller's sink, under the caller's reply mode
            processChecked(c, argv, true);
            return;
        }
        if (c.skipNextReply) {
            c.skipNextReply = false;
            if (c.replyMode == Client.ReplyMode.ON) {
                c.replyMode = Client.ReplyMode.SKIP;
            }
        }
        int replyMark = c.replyMode == Client.ReplyMode.ON ? -1 : c.outputMark();
        processChecked(c, argv, false);
        if (replyMark >= 0 && c.replyMode != Client.ReplyMode.ON) {
            c.truncateOutput(replyMark);
        }
        if (c.replyMode == Client.ReplyMode.SKIP) {
            c.replyMode = Client.ReplyMode.ON;
            if (c.postponed != null) {
                // a command held back by CLIENT PAUSE keeps its skip for when it runs
                c.skipNextReply = true;
            }
        }
    }

    /** The checks in Redis's order, then queueing or execution. */
    private void processChecked(Client c, byte[][] argv, boolean nested) {
        // a nested call (a script's) keeps its caller's time, as Redis freezes the clock for a script
        long now = nested ? engine.now() : engine.tick();
        c.lastInteraction = now;
        Command cmd = lookup(c, argv);
        if (!nested) {
            // CLIENT LIST's cmd=: set at lookup as Redis does, so a command shows itself, EXEC stays EXEC and
            // a script's caller stays the script
            c.lastCommand = cmd;
        }
        if (cmd == null) {
            return;
        }
        if (!cmd.arityOk(argv.length) || cmd.spec().handler() == null) {
            reject(c, cmd, Errors.wrongArity(cmd.fullName()).line());
            return;
        }
        if (cmd.has(CommandFlag.PROTECTED) && !protectedAllowed(c, cmd)) {
            String name = cmd.fullName().toUpperCase(java.util.Locale.ROOT);
            reject(c, cmd, "ERR " + name + " command not allowed. If the enable-" + cmd.fullName()
                    + "-command option is set to \"local\", you can run it from a local connection, otherwise you "
                    + "need to set this option in the configuration file, and then restart the server.");
            return;
        }
        // the client's flag first: authRequired() reads the config, a map lookup per command
        if (!c.authenticated && !cmd.isNoAuth() && engine.accessControl().authRequired()) {
            reject(c, cmd, Errors.NOAUTH.line());
            return;
        }
        if (c.multi.active && cmd.has(CommandFlag.NO_MULTI)) {
            reject(c, cmd, "ERR Command not allowed inside a transaction");
            return;
        }
        // every command, a script's calls included, passes the access control before anything runs it
        AccessContext where = nested ? AccessContext.LUA : c.multi.active ? AccessContext.MULTI : AccessContext.TOPLEVEL;
        try {
            engine.accessControl().check(new EngineAccessRequest(engine, c, cmd, argv, where));
        } catch (RedisError e) {
            reject(c, cmd, e.line());
            return;
        }
        RedisError busy = engine.busyError();
        if (busy != null && !cmd.has(CommandFlag.ALLOW_BUSY)) {
            reject(c, cmd, busy.line());
            return;
        }
        if (deniedByDiskError(c, cmd)) {
            return;
        }
        if (c.protocol == 2 && c.subscriptions.any() && !allowedWhileSubscribed(cmd)) {
            reject(c, cmd, "ERR Can't execute '" + cmd.fullName() + "': only (P|S)SUBSCRIBE / "
                    + "(P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
            return;
        }
        if (c.monitor && (cmd.isWrite() || cmd.isReadonly() || cmd.has(CommandFlag.MAY_REPLICATE))) {
            // a MONITOR client is a replica to Redis
            reject(c, cmd, "ERR Replica can't interact with the keyspace");
            return;
        }
        if (engine.persistence().loading() && !cmd.has(CommandFlag.LOADING)) {
            reject(c, cmd, "LOADING Redis is loading the dataset in memory");
            return;
        }
        if (engine.pause().holds(c, cmd)) {
            engine.pause().postpone(c, argv);
            return;
        }
        // inside EXEC the nested calls of a queued script run at once; only the client's own input is queued
        if (c.multi.active && !context.inExec() && !isTransactionControl(cmd)) {
            c.multi.queue.add(new MultiState.Queued(cmd, argv));
            c.reply().simple("QUEUED");
            return;
        }
        call(c, cmd, argv);
        // a script's nested writes serve blocked clients only once the whole script ends, as in Redis
        if (!nested && engine.blocking().hasReady()) {
            serveBlocked();
        }
    }

    /**
     * MISCONF: while persistence fails, write commands, EXEC of a transaction holding one, and PING are
     * refused (Redis's {@code writeCommandsDeniedByDiskError} check in {@code processCommand}).
     */
    private boolean deniedByDiskError(Client c, Command cmd) {
        String error = engine.persistence().diskError();
        if (error == null) {
            return false;
        }
        boolean write = cmd.isWrite() || cmd.fullName().equals("ping");
        if (!write && cmd.fullName().equals("exec")) {
            for (MultiState.Queued q : c.multi.queue) {
                write |= q.command().isWrite();
            }
        }
        if (write) {
            reject(c, cmd, error);
        }
        return write;
    }

    /** Looks up the command or subcommand; replies the error and returns null if there is none. */
    private Command lookup(Client c, byte[][] argv) {
        Command cmd = table.lookup(argv[0]);
        if (cmd == null) {
            reject(c, null, unknownCommand(argv));
            return null;
        }
        if (argv.length >= 2 && !cmd.subcommands().isEmpty()) {
            Command sub = cmd.subcommand(argv[1]);
            if (sub == null) {
                String name = new String(argv[1], StandardCharsets.UTF_8);
                reject(c, null, "ERR unknown subcommand '" + truncate(name, 128) + "'. Try "
                        + cmd.fullName().toUpperCase(java.util.Locale.ROOT) + " HELP.");
                return null;
            }
            cmd = sub;
        }
        return cmd;
    }

    private static String unknownCommand(byte[][] argv) {
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < argv.length && args.length() < 128; i++) {
            String a = new String(argv[i], StandardCharsets.UTF_8);
            args.append('\'').append(truncate(a, 128 - args.length())).append("' ");
        }
        return "ERR unknown command '" + truncate(new String(argv[0], StandardCharsets.UTF_8), 128)
                + "', with args beginning with: " + args;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, Math.max(0, max));
    }

    /**
     * DEBUG and MODULE run only as {@code enable-debug-command} / {@code enable-module-command} allow:
     * "yes", or "local" for loopback and embedded clients (Redis's {@code allowProtectedAction}).
     */
    private boolean protectedAllowed(Client c, Command cmd) {
        String setting = engine.config().get("enable-" + cmd.fullName() + "-command");
        return "yes".equals(setting) || ("local".equals(setting) && isLocal(c));
    }

    /** Loopback peers and the embedded client count as local, as Redis's {@code islocalClient}. */
    public static boolean isLocal(Client c) {
        if (c.channel() == null) {
            return true;
        }
        return !(c.channel().remoteAddress() instanceof java.net.InetSocketAddress inet)
                || (inet.getAddress() != null && inet.getAddress().isLoopbackAddress());
    }

    private static boolean allowedWhileSubscribed(Command cmd) {
        return switch (cmd.fullName()) {
            case "ping", "subscribe", "ssubscribe", "unsubscribe", "sunsubscribe", "psubscribe", "punsubscribe",
                 "quit", "reset" -> true;
            default -> false;
        };
    }

    private static boolean isTransactionControl(Command cmd) {
        return switch (cmd.fullName()) {
            case "exec", "discard", "multi", "watch", "quit", "reset" -> true;
            default -> false;
        };
    }

    /**
     * Replies an error before execution; inside MULTI it also dooms the transaction (EXECABORT). A rejected
     * EXEC discards the transaction and says why, as Redis's {@code execCommandAbort}.
     */
    private void reject(Client c, Command cmd, String line) {
        if (cmd != null) {
            cmd.rejectedCalls++;
        }
        if (c.multi.active) {
            c.multi.aborted = true;
        }
        if (cmd != null && cmd.fullName().equals("exec")) {
            engine.watches().discardTransaction(c);
            String reason = line.startsWith("ERR ") ? line.substring(4) : line;
            line = "EXECABORT Transaction discarded because of: " + reason;
        }
        engine.stats().error(line);
        c.reply().error(line);
    }

    /** True while the command running may change values (see {@link ExecutionContext#mayChangeValues}). */
    public boolean mayChangeValues() {
        return context.mayChangeValues();
    }

    /** Executes a resolved command: handler, stats, propagation and observers (Redis's {@code call}). */
    public void call(Client c, Command cmd, byte[][] argv) {
        callDepth++;
        try {
            callHandler(c, cmd, argv);
        } finally {
            if (--callDepth == 0) {
                flushPropagation();
            }
        }
    }

    /**
     * Runs a command read from an AOF as Redis's loader does ({@code cmd->proc(fakeClient)}, not
     * {@code call}): the handler alone, with no command stats, slowlog, latency sample, MONITOR feed,
     * observers or propagation, which loading must skip and which dominated the cost of a load. EXEC's
     * queued commands still go through {@link #call}, as Redis's EXEC does, and as there (its
     * {@code isAOFLoadingContext}) they count in total_commands_processed but not in the command stats,
     * slowlog, latency monitor or MONITOR.
     */
    public void runLoaded(Client c, Command cmd, byte[][] argv) {
        Client outer = aofClient;
        aofClient = c;
        callDepth++;
        ExecutionContext.Frame saved = context.enter(c, cmd, argv);
        c.currentCommand = cmd;
        try {
            executeHandler(cmd);
        } finally {
            context.leave(saved);
            aofClient = outer;
            if (--callDepth == 0) {
                flushPropagation();
            }
        }
    }

    private void callHandler(Client c, Command cmd, byte[][] argv) {
        ExecutionContext.Frame saved = context.enter(c, cmd, argv);
        try {
            runHandler(c, cmd, argv, saved);
        } catch (Error e) {
            // a script's nested command that ran out of heap or stack: the caller's frame comes back before
            // the error reaches the script, which reports it
            context.leave(saved);
            throw e;
        }
    }

    private void runHandler(Client c, Command cmd, byte[][] argv, ExecutionContext.Frame saved) {
        long dirtyBefore = engine.stats().dirty;
        c.currentCommand = cmd;
        // commands EXEC runs after a CLIENT REPLY OFF in the same transaction reply nothing
        int replyMark = c.replyMode == Client.ReplyMode.OFF ? c.outputMark() : -1;
        long start = System.nanoTime();
        boolean failed = executeHandler(cmd);
        long micros = (System.nanoTime() - start) / 1000;
        boolean loadingAof = c == aofClient;
        if (failed && !loadingAof) {
            cmd.failedCalls++;
        }
        if (!loadingAof) {
            cmd.microseconds += micros;
        }
        // a command that ends blocked is counted once, when it is served or times out (Redis's
        // updateStatsOnUnblock), not once per run
        if (c.blocked == null || (c == serving && !reblocked)) {
            if (!loadingAof) {
                cmd.calls++;
            }
            engine.stats().commandsProcessed++;
        }
        if (replyMark >= 0 && c.replyMode == Client.ReplyMode.OFF) {
            c.truncateOutput(replyMark);
        }
        if (!propagationSuppressed && (engine.stats().dirty != dirtyBefore || context.hasPropagationOverride())) {
            propagate(context.propagatedDb(), context.propagated(argv));
        }
        byte[][] shown = context.shownArguments();
        context.leave(saved);
        if (loadingAof) {
            return;
        }
        for (CallObserver o : observers) {
            o.called(c, cmd, shown, micros);
        }
    }

    /**
     * Runs the entered command's handler; a {@link RedisError}, or a bug, becomes the client's error reply
     * and counts in the error stats.
     *
     * @return true if the command failed
     */
    private boolean executeHandler(Command cmd) {
        try {
            cmd.spec().handler().execute(context, context.arguments());
            return false;
        } catch (RedisError e) {
            engine.stats().error(e.line());
            context.reply().error(e.line());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "command " + cmd.fullName() + " failed", e);
            String line = "ERR internal error in '" + cmd.fullName() + "': " + e;
            engine.stats().error(line);
            context.reply().error(line);
        }
        return true;
    }

    /** While true, commands run are not propagated (a script's {@code redis.set_repl(REPL_NONE)}). */
    void suppressPropagation(boolean suppressed) {
        propagationSuppressed = suppressed;
    }

    /** A command line waiting for its top-level call to end before it is propagated. */
    private record PendingPropagation(int db, byte[][] argv) {
    }

    private void propagate(int db, List<byte[][]> commands) {
        if (propagation.isEmpty()) {
            return;
        }
        for (byte[][] argv : commands) {
            pending.add(new PendingPropagation(db, argv));
        }
    }

    /**
     * Emits what a top-level call propagated; more than one command (EXEC, a script, a command that
     * propagates several) is wrapped in MULTI/EXEC so replicas and the AOF apply it atomically. As Redis
     * 7.0's {@code propagatePendingCommands}: MULTI takes the first command's db, EXEC the last one's.
     */
    private void flushPropagation() {
        if (pending.isEmpty()) {
            return;
        }
        if (pending.size() == 1) {
            PendingPropagation op = pending.get(0);
            pending.clear();
            emit(op.db(), op.argv());
            return;
        }
        List<PendingPropagation> ops = List.copyOf(pending);
        pending.clear();
        emit(ops.get(0).db(), new byte[][]{MULTI});
        for (PendingPropagation op : ops) {
            emit(op.db(), op.argv());
        }
        emit(ops.get(ops.size() - 1).db(), new byte[][]{EXEC});
    }

    private void emit(int db, byte[][] argv) {
        for (Propagation p : propagation) {
            p.propagate(db, argv);
        }
    }

    /** An expired key's DEL goes out at once, outside any transaction being collected (as Redis 7.0 does). */
    void propagateExpired(int db, byte[] key) {
        emit(db, new byte[][]{DEL, key});
    }

    /** Blocks the current client (see {@link dev.cinnabar.spi.CommandContext#block}). */
    boolean block(Client c, Command cmd, byte[][] argv, byte[][] keys, long timeoutMillis,
                  Consumer<ReplyWriter> timeoutReply) {
        if (c.multi.active || c.scripting || context.inExec()) {
            return false;
        }
        if (c == serving) {
            reblocked = true;
            return true;
        }
        // a deadline past Long.MAX_VALUE never comes, as Redis's wrapped deadline in its unsigned timeout table
        boolean endless = timeoutMillis > Long.MAX_VALUE - engine.now();
        long deadline = timeoutMillis == 0 ? 0 : endless ? Long.MAX_VALUE : engine.now() + timeoutMillis;
        BlockedState state = new BlockedState(cmd, argv, keys, c.db, deadline, timeoutReply);
        engine.blocking().add(c, state);
        if (timeoutMillis > 0 && !endless) {
            state.timer = engine.loop().schedule(() -> engine.timeoutBlocked(c), timeoutMillis, TimeUnit.MILLISECONDS);
        }
        return true;
    }

    /**
     * Re-runs the commands of clients blocked on keys that became ready, key by key in signal order and
     * each key's clients in the order they blocked; a command re-run this way is served from that key only
     * ({@link ExecutionContext#readyKey()}), as Redis 7.0 serves a client from the key that woke it.
     */
    public void serveBlocked() {
        if (engine.busyError() != null) {
            // a busy script is still running: its writes wake clients only once it ends, as MULTI's do
            return;
        }
        while (engine.blocking().hasReady()) {
            for (Blocking.Ready ready : engine.blocking().drainReady()) {
                Client c = ready.client();
                BlockedState state = c.blocked;
                if (state == null) {
                    continue;
                }
                serving = c;
                servingKey = ready.key();
                reblocked = false;
                try {
                    call(c, state.command, state.argv);
                } finally {
                    serving = null;
                    servingKey = null;
                }
                if (!reblocked) {
                    engine.blocking().remove(c);
                    engine.resume(c);
                }
            }
        }
    }

    /** The key being served to a re-run blocked command, or null outside {@link #serveBlocked()}. */
    byte[] servingKey() {
        return servingKey;
    }

    /** True while a blocked client's command runs again because a key it waits on became ready. */
    public boolean reprocessing() {
        return serving != null;
    }

    /** Unblocks a client from outside (CLIENT UNBLOCK, disconnect); writes {@code reply} if non-null. */
    public void unblock(Client c, Consumer<ReplyWriter> reply) {
        if (c.blocked == null) {
            return;
        }
        BlockedState state = c.blocked;
        engine.blocking().remove(c);
        if (reply != null) {
            state.command.calls++;
            engine.stats().commandsProcessed++;
            reply.accept(c.reply());
            engine.resume(c);
        }
    }

    ExecutionContext context() {
        return context;
    }

    private final class Services implements EngineServices {
        @Override
        public long nowMillis() {
            return engine.now();
        }

        @Override
        public System.Logger logger(String name) {
            return System.getLogger("cinnabar." + name);
        }

        @Override
        public String config(String name) {
            return engine.config().get(name);
        }

        @Override
        public int databases() {
            return engine.databaseCount();
        }

        @Override
        public Optional<ValueType<?>> valueTypeForRdb(int typeId) {
            return engine.types().forRdbType(typeId);
        }

        @Override
        public boolean scriptDenyDisabled() {
            return engine.coreConfig().scriptDenyDisabled;
        }

        @Override
        public Optional<CommandSpec> lookupCommand(byte[][] argv) {
            Command cmd = table.lookup(argv);
            return cmd == null ? Optional.empty() : Optional.of(cmd.spec());
        }

        @Override
        public List<CommandSpec> commands() {
            List<CommandSpec> out = new ArrayList<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (Command cmd : table.all()) {
                out.add(cmd.spec());
                seen.add(cmd.fullName());
                for (Command sub : cmd.subcommands().values()) {
                    out.add(sub.spec());
                    seen.add(sub.fullName());
                }
            }
            // Redis's ACLs know every Redis command, those no family implements here too (ASKING, WAIT…)
            for (dev.cinnabar.core.command.CommandFacts.Fact f : table.facts().all().values()) {
                if (seen.add(f.name())) {
                    out.add(new CommandSpec(f.name(), f.arity(), f.flags(), f.aclCategories(), f.keySpecs(), f.group(),
                            "", null));
                }
            }
            return out;
        }

        @Override
        public List<KeyAccess> keyAccess(byte[][] argv) {
            Command cmd = table.lookup(argv);
            return cmd == null ? List.of() : EngineAccessRequest.keysOf(cmd, argv);
        }

        @Override
        public boolean currentUserMayRun(byte[][] argv) {
            Command cmd = table.lookup(argv);
            Client c = context.currentClient();
            if (cmd == null || c == null) {
                return false;
            }
            return engine.accessControl().allows(new EngineAccessRequest(engine, c, cmd, argv, AccessContext.LUA));
        }

        @Override
        public List<ClientView> clients() {
            List<ClientView> out = new ArrayList<>();
            for (Client c : engine.clients().all()) {
                out.add(new ConnectedClient(engine, c));
            }
            return out;
        }

        @Override
        public byte[] dumpFunctionLibraries(List<byte[]> libraries) {
            return FunctionPayload.dump(libraries, !"no".equals(engine.config().get("rdbcompression")));
        }

        @Override
        public List<byte[]> restoreFunctionLibraries(byte[] payload) {
            return FunctionPayload.restore(payload);
        }
    }
}
