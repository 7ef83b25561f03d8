// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.ErrorCode;
import dev.cinnabar.spi.RedisError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.util.Locale;

/** EVAL, EVALSHA, their _RO variants and SCRIPT, as Redis's eval.c. */
final class EvalCommands {
    static final RedisError NOSCRIPT = new RedisError(ErrorCode.NOSCRIPT, "No matching script. Please use EVAL.");
    static final RedisError RO_WITH_WRITE_FLAG =
            RedisError.err("Can not execute a script with write flag using *_ro command.");
    private static final String[] SCRIPT_HELP = {
        "SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "DEBUG (YES|SYNC|NO)",
        "    Set the debug mode for subsequent scripts executed.",
        "EXISTS <sha1> [<sha1> ...]",
        "    Return information about the existence of the scripts in the script cache.",
        "FLUSH [ASYNC|SYNC]",
        "    Flush the Lua scripts cache. Very dangerous on replicas.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the scripts cache.",
        "    * SYNC: Synchronously flush the scripts cache.",
        "KILL",
        "    Kill the currently executing Lua script.",
        "LOAD <script>",
        "    Load a script into the scripts cache without executing it.",
        "HELP",
        "    Prints this help.",
    };

    private final ScriptRuntime runtime;
    private final EvalScripts scripts;

    EvalCommands(ScriptRuntime runtime, EvalScripts scripts) {
        this.runtime = runtime;
        this.scripts = scripts;
    }

    /** EVAL script numkeys [key [key ...]] [arg [arg ...]] */
    void eval(CommandContext ctx, Arguments args) {
        run(ctx, args, false, false);
    }

    /** EVAL_RO script numkeys [key [key ...]] [arg [arg ...]] */
    void evalRo(CommandContext ctx, Arguments args) {
        run(ctx, args, false, true);
    }

    /** EVALSHA sha1 numkeys [key [key ...]] [arg [arg ...]] */
    void evalsha(CommandContext ctx, Arguments args) {
        run(ctx, args, true, false);
    }

    /** EVALSHA_RO sha1 numkeys [key [key ...]] [arg [arg ...]] */
    void evalshaRo(CommandContext ctx, Arguments args) {
        run(ctx, args, true, true);
    }

    /** Redis's numkeys checks, shared with FCALL. */
    static int numkeys(Arguments args) {
        return numkeys(args, dev.cinnabar.spi.Errors.NOT_INTEGER);
    }

    /** @param notInteger EVAL's generic error, or FCALL's "Bad number of keys provided" */
    static int numkeys(Arguments args, RedisError notInteger) {
        long n = args.longValue(2, Long.MIN_VALUE, Long.MAX_VALUE, notInteger);
        if (n > args.size() - 3) {
            throw RedisError.err("Number of keys can't be greater than number of args");
        }
        if (n < 0) {
            throw RedisError.err("Number of keys can't be negative");
        }
        return (int) n;
    }

    static LuaTable array(Arguments args, int from, int count) {
        LuaTable t = new LuaTable(count, 0);
        for (int i = 0; i < count; i++) {
            t.rawset(i + 1, LuaValue.valueOf(args.get(from + i)));
        }
        return t;
    }

    private void run(CommandContext ctx, Arguments args, boolean bySha, boolean readOnlyCommand) {
        int numkeys = numkeys(args);
        EvalScripts.Script script;
        String sha;
        if (bySha) {
            sha = args.string(1).toLowerCase(Locale.ROOT);
            script = sha.length() == 40 ? scripts.get(sha) : null;
            if (script == null) {
                throw NOSCRIPT;
            }
        } else {
            byte[] body = args.get(1);
            sha = RedisLuaApi.sha1Hex(body);
            script = scripts.compile(sha, body);
        }
        if (script.shebang() && readOnlyCommand && !script.flags().contains(ScriptFlag.NO_WRITES)) {
            throw RO_WITH_WRITE_FLAG;
        }
        boolean readOnly = readOnlyCommand || script.flags().contains(ScriptFlag.NO_WRITES);
        // effects replication: what the script writes is propagated, never the EVAL line
        ctx.propagate();
        scripts.setArguments(array(args, 3, numkeys), array(args, 3 + numkeys, args.size() - 3 - numkeys));
        runtime.execute(new ScriptRun(ctx, sha, readOnly, true, args), script.function(), LuaValue.NONE, ctx.reply(),
                "user_script");
    }

    /** SCRIPT LOAD script */
    void scriptLoad(CommandContext ctx, Arguments args) {
        byte[] body = args.get(2);
        String sha = RedisLuaApi.sha1Hex(body);
        scripts.compile(sha, body);
        ctx.reply().bulk(sha);
    }

    /** SCRIPT EXISTS sha1 [sha1 ...] */
    void scriptExists(CommandContext ctx, Arguments args) {
        ctx.reply().array(args.size() - 2);
        for (int i = 2; i < args.size(); i++) {
            ctx.reply().integer(scripts.exists(args.string(i).toLowerCase(Locale.ROOT)) ? 1 : 0);
        }
    }

    /** SCRIPT FLUSH [ASYNC|SYNC] */
    void scriptFlush(CommandContext ctx, Arguments args) {
        if (args.size() > 3 || (args.size() == 3 && !args.is(2, "sync") && !args.is(2, "async"))) {
            throw RedisError.err("SCRIPT FLUSH only support SYNC|ASYNC option");
        }
        scripts.flush();
        ctx.reply().ok();
    }

    /** SCRIPT KILL: stops a read-only EVAL script past busy-reply-threshold at its next instruction. */
    void scriptKill(CommandContext ctx, Arguments args) {
        runtime.kill(true);
        ctx.reply().ok();
    }

    /**
     * SCRIPT DEBUG YES|SYNC|NO: NO (the default) is accepted; the Lua debugger (LDB) is not implemented,
     * so YES and SYNC are refused.
     */
    void scriptDebug(CommandContext ctx, Arguments args) {
        if (args.is(2, "no")) {
            ctx.reply().ok();
        } else if (args.is(2, "yes") || args.is(2, "sync")) {
            throw RedisError.err("SCRIPT DEBUG (the Lua debugger) is not supported by Cinnabar");
        } else {
            throw RedisError.err("Use SCRIPT DEBUG YES/SYNC/NO");
        }
    }

    /** SCRIPT HELP */
    void scriptHelp(CommandContext ctx, Arguments args) {
        ctx.reply().array(SCRIPT_HELP.length);
        for (String line : SCRIPT_HELP) {
            ctx.reply().simple(line);
        }
    }

}
