// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.command.Command;
import dev.cinnabar.core.command.CommandTable;
import dev.cinnabar.core.keyspace.Glob;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.CommandFlag;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.FamilyContext;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** COMMAND and its subcommands, answered from the command table: only registered commands exist here. */
final class CommandCommand {
    private final Engine engine;

    CommandCommand(Engine engine) {
        this.engine = engine;
    }

    void register(FamilyContext ctx) {
        ctx.command("command", this::command);
        ctx.command("command|count", this::count);
        ctx.command("command|list", this::list);
        ctx.command("command|info", this::info);
        ctx.command("command|docs", this::docs);
        ctx.command("command|getkeys", (c, a) -> getkeys(c, a, false));
        ctx.command("command|getkeysandflags", (c, a) -> getkeys(c, a, true));
        ctx.command("command|help", this::help);
    }

    /** COMMAND */
    void command(CommandContext ctx, Arguments args) {
        ctx.reply().array(engine.commands().all().size());
        for (Command c : engine.commands().all()) {
            CommandInfo.write(ctx.reply(), c);
        }
    }

    /** COMMAND COUNT */
    void count(CommandContext ctx, Arguments args) {
        ctx.reply().integer(engine.commands().all().size());
    }

    /** COMMAND LIST [FILTERBY MODULE module-name | ACLCAT category | PATTERN pattern] */
    void list(CommandContext ctx, Arguments args) {
        Predicate<Command> filter = c -> true;
        for (int i = 2; i < args.size(); i += 3) {
            if (!args.is(i, "FILTERBY") || args.size() - 1 - i != 2) {
                throw Errors.SYNTAX;
            }
            filter = filter(args.string(i + 1), args.string(i + 2));
        }
        List<String> names = new ArrayList<>();
        for (Command c : engine.commands().all()) {
            if (filter.test(c)) {
                names.add(c.fullName());
            }
            for (Command sub : c.subcommands().values()) {
                if (filter.test(sub)) {
                    names.add(sub.fullName());
                }
            }
        }
        ctx.reply().array(names.size());
        for (String name : names) {
            ctx.reply().bulk(name);
        }
    }

    private static Predicate<Command> filter(String type, String argument) {
        if (type.equalsIgnoreCase("MODULE")) {
            // no command here comes from a Redis module
            return c -> false;
        }
        if (type.equalsIgnoreCase("ACLCAT")) {
            String category = argument.toLowerCase(Locale.ROOT);
            return c -> CommandInfo.categories(c.spec()).contains(category);
        }
        if (type.equalsIgnoreCase("PATTERN")) {
            byte[] pattern = argument.getBytes(StandardCharsets.UTF_8);
            return c -> Glob.matches(pattern, c.fullName().getBytes(StandardCharsets.UTF_8), true);
        }
        throw Errors.SYNTAX;
    }

    /** COMMAND INFO [command-name [command-name ...]] */
    void info(CommandContext ctx, Arguments args) {
        if (args.size() == 2) {
            command(ctx, args);
            return;
        }
        ctx.reply().array(args.size() - 2);
        for (int i = 2; i < args.size(); i++) {
            Command c = lookup(args.string(i));
            if (c == null) {
                ctx.reply().nullBulk();
            } else {
                CommandInfo.write(ctx.reply(), c);
            }
        }
    }

    /** COMMAND DOCS [command-name [command-name ...]] */
    void docs(CommandContext ctx, Arguments args) {
        List<Command> found = new ArrayList<>();
        if (args.size() == 2) {
            found.addAll(engine.commands().all());
        } else {
            for (int i = 2; i < args.size(); i++) {
                Command c = lookup(args.string(i));
                if (c != null) {
                    found.add(c);
                }
            }
        }
        ctx.reply().map(found.size());
        for (Command c : found) {
            ctx.reply().bulk(c.fullName());
            CommandDocs.write(ctx.reply(), c);
        }
    }

    /** A command or {@code container|subcommand} by name, any case. */
    private Command lookup(String name) {
        return engine.commands().get(name.toLowerCase(Locale.ROOT));
    }

    /** COMMAND GETKEYS command [arg [arg ...]] and COMMAND GETKEYSANDFLAGS command [arg [arg ...]] */
    void getkeys(CommandContext ctx, Arguments args, boolean withFlags) {
        writeKeys(engine.commands(), args.slice(2), withFlags, ctx.reply());
    }

    /** The keys of the command line {@code argv} as GETKEYS (or GETKEYSANDFLAGS) replies them. */
    static void writeKeys(CommandTable table, byte[][] argv, boolean withFlags, ReplyWriter out) {
        Command c = table.lookup(argv);
        if (c == null) {
            throw RedisError.err("Invalid command specified");
        }
        if (!KeyFinder.hasKeys(c)) {
            throw RedisError.err("The command has no key arguments");
        }
        if (!c.arityOk(argv.length)) {
            throw RedisError.err("Invalid number of arguments specified for command");
        }
        List<KeyFinder.Key> keys = KeyFinder.find(c, argv);
        if (keys.isEmpty() && !c.has(CommandFlag.NO_MANDATORY_KEYS)) {
            throw RedisError.err("Invalid arguments specified for command");
        }
        out.array(keys.size());
        for (KeyFinder.Key k : keys) {
            if (withFlags) {
                out.array(2);
                out.bulk(argv[k.pos()]);
                List<String> flags = CommandInfo.keyFlags(k.flags());
                out.set(flags.size());
                for (String f : flags) {
                    out.simple(f);
                }
            } else {
                out.bulk(argv[k.pos()]);
            }
        }
    }

    /** COMMAND HELP */
    void help(CommandContext ctx, Arguments args) {
        Help.reply(ctx, args,
                "(no subcommand)",
                "    Describe every command of this server.",
                "COUNT",
                "    How many commands this server has.",
                "LIST [FILTERBY (MODULE <name>|ACLCAT <category>|PATTERN <pattern>)]",
                "    The names of the commands, optionally only those of a category or matching a pattern.",
                "INFO [<command-name> ...]",
                "    Describe the given commands, or every command when none is named.",
                "DOCS [<command-name> ...]",
                "    Document the given commands, or every command when none is named.",
                "GETKEYS <full-command>",
                "    The keys a full command line would touch.",
                "GETKEYSANDFLAGS <full-command>",
                "    The keys a full command line would touch, with how each is used.");
    }
}
