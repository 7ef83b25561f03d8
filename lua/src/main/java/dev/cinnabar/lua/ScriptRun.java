// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.CommandFlag;
import dev.cinnabar.spi.CommandSpec;
import org.luaj.vm2.LuaValue;

import java.util.Optional;

/**
 * One script or function invocation: the caller's context, the script's protocol and replication mode, and
 * the checks Redis's {@code scriptCall} makes before a command called from the script runs.
 *
 * @param name what error replies name after "script:": the SHA1 of an EVAL body, or the function name
 */
final class ScriptRun {
    private final CommandContext ctx;
    private final String name;
    private final boolean readOnly;
    private int protocol = 2;
    private boolean propagate = true;

    ScriptRun(CommandContext ctx, String name, boolean readOnly) {
        this.ctx = ctx;
        this.name = name;
        this.readOnly = readOnly;
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
        String refusal = refusal(argv);
        if (refusal != null) {
            return LuaReplyBuilder.errorTable(refusal);
        }
        StackGuard.ensureHeadroom();
        LuaReplyBuilder sink = new LuaReplyBuilder(protocol);
        ctx.call(sink, propagate, argv);
        return sink.result();
    }

    /** Redis's {@code scriptCall} checks, in its order; null when the command may run. */
    private String refusal(byte[][] argv) {
        Optional<CommandSpec> found = ctx.services().lookupCommand(argv);
        if (found.isEmpty()) {
            return "Unknown Redis command called from script";
        }
        CommandSpec spec = found.get();
        int arity = spec.arity();
        if ((arity > 0 && argv.length != arity) || argv.length < -arity) {
            return "Wrong number of args calling Redis command from script";
        }
        if (spec.has(CommandFlag.NOSCRIPT)) {
            return "This Redis command is not allowed from script";
        }
        if (spec.has(CommandFlag.WRITE) && readOnly) {
            return "Write commands are not allowed from read-only scripts.";
        }
        return null;
    }
}
