// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** FUNCTION and FCALL, as Redis's functions.c. */
final class FunctionCommands {
    private static final String[] HELP = {
        "FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "LOAD [REPLACE] <FUNCTION CODE>",
        "    Create a new library with the given library name and code.",
        "DELETE <LIBRARY NAME>",
        "    Delete the given library.",
        "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
        "    Return general information on all the libraries:",
        "    * Library name",
        "    * The engine used to run the Library",
        "    * Library description",
        "    * Functions list",
        "    * Library code (if WITHCODE is given)",
        "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
        "STATS",
        "    Return information about the current function running:",
        "    * Function name",
        "    * Command used to run the function",
        "    * Duration in MS that the function is running",
        "    If no function is running, return nil",
        "    In addition, returns a list of available engines.",
        "KILL",
        "    Kill the current running function.",
        "FLUSH [ASYNC|SYNC]",
        "    Delete all the libraries.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the libraries.",
        "    * SYNC: Synchronously flush the libraries.",
        "DUMP",
        "    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
        "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
        "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
        "    control how to handle existing libraries (default APPEND):",
        "    * FLUSH: delete all existing libraries.",
        "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
        "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
        "      libraries with the new libraries (notice that even on this option there is a chance of failure",
        "      in case of functions name collision with another library).",
        "HELP",
        "    Prints this help.",
    };

    private static final RedisError BAD_NUMKEYS = RedisError.err("Bad number of keys provided");
    private final ScriptRuntime runtime;
    private final FunctionLibraries libraries;

    FunctionCommands(ScriptRuntime runtime, FunctionLibraries libraries) {
        this.runtime = runtime;
        this.libraries = libraries;
    }

    /** FCALL function numkeys [key [key ...]] [arg [arg ...]] */
    void fcall(CommandContext ctx, Arguments args) {
        call(ctx, args, false);
    }

    /** FCALL_RO function numkeys [key [key ...]] [arg [arg ...]] */
    void fcallRo(CommandContext ctx, Arguments args) {
        call(ctx, args, true);
    }

    private void call(CommandContext ctx, Arguments args, boolean readOnlyCommand) {
        int numkeys = EvalCommands.numkeys(args, BAD_NUMKEYS);
        FunctionLibraries.Function f = libraries.function(args.string(1));
        if (f == null) {
            throw RedisError.err("Function not found");
        }
        boolean noWrites = f.flags().contains(ScriptFlag.NO_WRITES);
        if (readOnlyCommand && !noWrites) {
            throw EvalCommands.RO_WITH_WRITE_FLAG;
        }
        ctx.propagate();
        var keys = EvalCommands.array(args, 3, numkeys);
        var argv = EvalCommands.array(args, 3 + numkeys, args.size() - 3 - numkeys);
        runtime.execute(new ScriptRun(ctx, f.name(), readOnlyCommand || noWrites, false, args), f.callback(),
                org.luaj.vm2.LuaValue.varargsOf(keys, argv), ctx.reply(), "user_function");
    }

    /** FUNCTION LOAD [REPLACE] function-code */
    void load(CommandContext ctx, Arguments args) {
        boolean replace = false;
        int i = 2;
        for (; i < args.size() - 1; i++) {
            if (args.is(i, "replace")) {
                replace = true;
            } else {
                throw RedisError.err("Unknown option given: " + args.string(i));
            }
        }
        if (i != args.size() - 1) {
            throw RedisError.err("Function code is missing");
        }
        String name = libraries.load(args.get(i), replace);
        ctx.dirty(1);
        ctx.reply().bulk(name);
    }

    /** FUNCTION DELETE library-name */
    void delete(CommandContext ctx, Arguments args) {
        libraries.delete(args.string(2));
        ctx.dirty(1);
        ctx.reply().ok();
    }

    /** FUNCTION FLUSH [ASYNC|SYNC] */
    void flush(CommandContext ctx, Arguments args) {
        if (args.size() > 3) {
            throw RedisError.err("unknown subcommand or wrong number of arguments for '" + args.string(1)
                    + "'. Try FUNCTION HELP.");
        }
        if (args.size() == 3 && !args.is(2, "sync") && !args.is(2, "async")) {
            throw RedisError.err("FUNCTION FLUSH only supports SYNC|ASYNC option");
        }
        libraries.flush();
        ctx.dirty(1);
        ctx.reply().ok();
    }

    /** FUNCTION KILL: stops a read-only function past busy-reply-threshold at its next instruction. */
    void kill(CommandContext ctx, Arguments args) {
        runtime.kill(false);
        ctx.reply().ok();
    }

    /** FUNCTION STATS: the function running past busy-reply-threshold, if any, and the engine's counts. */
    void stats(CommandContext ctx, Arguments args) {
        ScriptRun running = runtime.current();
        if (running != null && running.eval()) {
            throw ScriptRun.BUSY_EVAL;
        }
        ReplyWriter w = ctx.reply();
        w.map(2);
        w.bulk("running_script");
        if (running == null) {
            w.nullBulk();
        } else {
            w.map(3);
            w.bulk("name");
            w.bulk(running.name());
            w.bulk("command");
            byte[][] line = running.commandLine();
            w.array(line.length);
            for (byte[] arg : line) {
                w.bulk(arg);
            }
            w.bulk("duration_ms");
            w.integer(running.elapsedMillis());
        }
        w.bulk("engines");
        w.map(1);
        w.bulk("LUA");
        w.map(2);
        w.bulk("libraries_count");
        w.integer(libraries.byName().size());
        w.bulk("functions_count");
        w.integer(libraries.functionCount());
    }

    /** FUNCTION LIST [LIBRARYNAME library-name-pattern] [WITHCODE] */
    void list(CommandContext ctx, Arguments args) {
        boolean withCode = false;
        byte[] pattern = null;
        for (int i = 2; i < args.size(); i++) {
            if (args.is(i, "withcode") && !withCode) {
                withCode = true;
            } else if (args.is(i, "libraryname") && pattern == null) {
                if (i + 1 >= args.size()) {
                    throw RedisError.err("library name argument was not given");
                }
                pattern = args.get(++i);
            } else {
                throw RedisError.err("Unknown argument " + args.string(i));
            }
        }
        List<FunctionLibraries.Library> shown = new ArrayList<>();
        for (FunctionLibraries.Library lib : libraries.byName().values()) {
            if (pattern == null || GlobMatch.matches(pattern, lib.name.getBytes(StandardCharsets.UTF_8))) {
                shown.add(lib);
            }
        }
        ReplyWriter w = ctx.reply();
        w.array(shown.size());
        for (FunctionLibraries.Library lib : shown) {
            w.map(withCode ? 4 : 3);
            w.bulk("library_name");
            w.bulk(lib.name);
            w.bulk("engine");
            w.bulk("LUA");
            w.bulk("functions");
            w.array(lib.functions.size());
            for (FunctionLibraries.Function f : lib.functions.values()) {
                w.map(3);
                w.bulk("name");
                w.bulk(f.name());
                w.bulk("description");
                if (f.description() == null) {
                    w.nullBulk();
                } else {
                    w.bulk(f.description());
                }
                w.bulk("flags");
                w.set(f.flags().size());
                for (ScriptFlag flag : f.flags()) {
                    w.simple(flag.text);
                }
            }
            if (withCode) {
                w.bulk("library_code");
                w.bulk(lib.code);
            }
        }
    }

    /** FUNCTION DUMP */
    void dump(CommandContext ctx, Arguments args) {
        ctx.reply().bulk(ctx.services().dumpFunctionLibraries(libraries.libraries()));
    }

    /** FUNCTION RESTORE serialized-value [FLUSH|APPEND|REPLACE] */
    void restore(CommandContext ctx, Arguments args) {
        if (args.size() > 4) {
            throw RedisError.err("unknown subcommand or wrong number of arguments for '" + args.string(1)
                    + "'. Try FUNCTION HELP.");
        }
        String policy = "append";
        if (args.size() == 4) {
            if (args.is(3, "flush")) {
                policy = "flush";
            } else if (args.is(3, "append")) {
                policy = "append";
            } else if (args.is(3, "replace")) {
                policy = "replace";
            } else {
                throw RedisError.err("Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.");
            }
        }
        List<byte[]> codes = ctx.services().restoreFunctionLibraries(args.get(2));
        List<byte[]> merged = new ArrayList<>();
        switch (policy) {
            case "flush" -> merged.addAll(codes);
            case "append" -> {
                merged.addAll(libraries.libraries());
                java.util.Set<String> names = new java.util.HashSet<>(libraries.byName().keySet());
                for (byte[] code : codes) {
                    String name = FunctionLibraries.metadataName(code);
                    if (names.contains(name)) {
                        throw RedisError.err("Library " + name + " already exists");
                    }
                }
                merged.addAll(codes);
            }
            default -> {
                java.util.Map<String, byte[]> byName = new java.util.LinkedHashMap<>();
                for (FunctionLibraries.Library lib : libraries.byName().values()) {
                    byName.put(lib.name, lib.code);
                }
                for (byte[] code : codes) {
                    byName.put(FunctionLibraries.metadataName(code), code);
                }
                merged.addAll(byName.values());
            }
        }
        libraries.replaceAll(merged);
        ctx.dirty(1);
        ctx.reply().ok();
    }

    /** FUNCTION HELP */
    void help(CommandContext ctx, Arguments args) {
        ctx.reply().array(HELP.length);
        for (String line : HELP) {
            ctx.reply().simple(line);
        }
    }
}
