// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import dev.cinnabar.spi.CommandFamily;
import dev.cinnabar.spi.ConfigParam;
import dev.cinnabar.spi.FamilyContext;

/** EVAL, EVALSHA, SCRIPT, FUNCTION and FCALL on LuaJ. */
public final class ScriptingFamily implements CommandFamily {
    @Override
    public String name() {
        return "scripting";
    }

    @Override
    public void register(FamilyContext ctx) {
        ScriptRuntime runtime = new ScriptRuntime(ctx.services().logger("scripting"));
        EvalScripts scripts = new EvalScripts(runtime);
        EvalCommands eval = new EvalCommands(runtime, scripts);
        FunctionLibraries libraries = new FunctionLibraries(runtime);
        FunctionCommands functions = new FunctionCommands(runtime, libraries);

        ctx.command("eval", eval::eval);
        ctx.command("eval_ro", eval::evalRo);
        ctx.command("evalsha", eval::evalsha);
        ctx.command("evalsha_ro", eval::evalshaRo);
        ctx.command("script|load", eval::scriptLoad);
        ctx.command("script|exists", eval::scriptExists);
        ctx.command("script|flush", eval::scriptFlush);
        ctx.command("script|kill", eval::scriptKill);
        ctx.command("script|help", eval::scriptHelp);
        ctx.command("script|debug", eval::scriptDebug);

        ctx.command("fcall", functions::fcall);
        ctx.command("fcall_ro", functions::fcallRo);
        ctx.command("function|load", functions::load);
        ctx.command("function|list", functions::list);
        ctx.command("function|delete", functions::delete);
        ctx.command("function|flush", functions::flush);
        ctx.command("function|dump", functions::dump);
        ctx.command("function|restore", functions::restore);
        ctx.command("function|stats", functions::stats);
        ctx.command("function|kill", functions::kill);
        ctx.command("function|help", functions::help);
        ctx.functionStore(new ScriptingStore(libraries, scripts));

        ctx.config(ConfigParam.ofInt("busy-reply-threshold", 5000, 0, Long.MAX_VALUE,
                        v -> runtime.busyReplyThreshold(Long.parseLong(v)))
                .withAliases("lua-time-limit"));
    }
}
