// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.CommandFlag;
import dev.cinnabar.spi.CommandSpec;
import dev.cinnabar.spi.ErrorCode;
import dev.cinnabar.spi.RedisError;
import org.luaj.vm2.LuaValue;

import java.util.Optional;

/**
 * One script or function invocation: the caller's context, the script's protocol and replication mode, the
 * checks Redis's {@code scriptCall} makes before a command called from the script runs, and its state as a
 * long-running script (Redis's {@code scriptRunCtx} flags: timed out, killed, wrote data).
 */
final class ScriptRun {
    static final RedisError BUSY_EVAL = new RedisError(ErrorCode.BUSY,
            "Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.");
    static final RedisError BUSY_FUNCTION = new RedisError(ErrorCode.BUSY,
            "Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.");

    private final CommandContext ctx;
    private final String name;
    private final boolean readOnly;
    private final boolean eval;
    private final byte[][] commandLine;
    private final Thread thread = Thread.currentThread();
    private final long startNanos = System.nanoTime();
    private int protocol = 2;
    private boolean propagate = true;
    private boolean wroteData;
    private boolean timedOut;
    private boolean killed;

    /**
     * @param name        what error replies name after "script:": the SHA1 of an EVAL body, or the function name
     * @param eval        an EVAL/EVALSHA script, not a function
     * @param commandLine the caller's command, kept for FUNCTION STATS (the view changes with every command)
     */
    ScriptRun(CommandContext ctx, String name, boolean readOnly, boolean eval, Arguments commandLine) {
        this.ctx = ctx;
        this.name = name;
        this.readOnly = readOnly;
        this.eval = eval;
        this.commandLine = commandLine.slice(0);
    }

    boolean eval() {
        return eval;
    }

    byte[][] commandLine() {
        return commandLine;
    }

    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** The thread the script started on: the engine's, where other clients may be served. */
    boolean onOwnThread() {
        return Thread.currentThread() == thread;
    }

    /** What other clients are told while this script is past busy-reply-threshold. */
    RedisError busyError() {
        return eval ? BUSY_EVAL : BUSY_FUNCTION;
    }

    boolean timedOut() {
        return timedOut;
    }

    void timeOut() {
        timedOut = true;
    }

    boolean killed() {
        return killed;
    }

    void kill() {
        killed = true;
    }

    /** Whether a write command was called: such a script can no longer be killed. */
    boolean wroteData() {
        return wroteData;
    }

    String name() {
        return name;
    }

    CommandContext context() {
        return ctx;
    }

    int protocol() {
        return protocol;
    }

    void protocol(int resp) {
        protocol = resp;
    }

    /** {@code redis.set_repl}: only the AOF bit matters, the AOF being the one propagation target. */
    void replication(int flags) {
        propagate = (flags & RedisLuaApi.REPL_AOF) != 0;
    }

    /**
     * Runs {@code argv} as Redis runs a command from a script: the script's own checks first (their error
     * text is Redis's), then the dispatcher's. Returns the reply as a Lua value; an error is a table with
     * an {@code err} field.
     */
    LuaValue call(byte[][] argv) {
        Optional<CommandSpec> found = ctx.services().lookupCommand(argv);
        String refusal = refusal(argv, found);
        if (refusal != null) {
            return LuaReplyBuilder.errorTable(refusal);
        }
        if (found.get().has(CommandFlag.WRITE)) {
            wroteData = true;
        }
        StackGuard.ensureHeadroom();
        LuaReplyBuilder sink = new LuaReplyBuilder(protocol);
        ctx.call(sink, propagate, argv);
        return sink.result();
    }

    /** Redis's {@code scriptCall} checks, in its order; null when the command may run. */
    private String refusal(byte[][] argv, Optional<CommandSpec> found) {
        if (found.isEmpty()) {
            return "Unknown Redis command called from script";
        }
        CommandSpec spec = found.get();
        int arity = spec.arity();
        if ((arity > 0 && argv.length != arity) || argv.length < -arity) {
            return "Wrong number of args calling Redis command from script";
        }
        if (spec.has(CommandFlag.NOSCRIPT) && !ctx.services().scriptDenyDisabled()) {
            return "This Redis command is not allowed from script";
        }
        if (!ctx.services().currentUserMayRun(argv)) {
            // Redis checks the ACL before the write rule: the dispatcher refuses it with the ACL's error and logs it
            return null;
        }
        if (spec.has(CommandFlag.WRITE) && readOnly) {
            return "Write commands are not allowed from read-only scripts.";
        }
        return null;
    }
}
