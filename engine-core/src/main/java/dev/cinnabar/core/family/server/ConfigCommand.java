// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.core.Dispatcher;
import dev.cinnabar.core.Engine;
import dev.cinnabar.core.command.Command;
import dev.cinnabar.core.config.ConfigRegistry;
import dev.cinnabar.core.config.ConfigRewriter;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.ConfigFlag;
import dev.cinnabar.spi.ConfigParam;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.FamilyContext;
import dev.cinnabar.spi.RedisError;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** CONFIG GET, SET, RESETSTAT, REWRITE and HELP over the engine's {@link ConfigRegistry}. */
final class ConfigCommand {
    private static final System.Logger LOG = System.getLogger("cinnabar.config");

    private final Engine engine;
    private final Runnable resetFamilyStats;

    /** @param resetFamilyStats resets what this family keeps beyond the engine's counters (histograms…) */
    ConfigCommand(Engine engine, Runnable resetFamilyStats) {
        this.engine = engine;
        this.resetFamilyStats = resetFamilyStats;
    }

    void register(FamilyContext ctx) {
        ctx.command("config|get", this::get);
        ctx.command("config|set", this::set);
        ctx.command("config|resetstat", this::resetstat);
        ctx.command("config|rewrite", this::rewrite);
        ctx.command("config|help", this::help);
    }

    /** CONFIG GET parameter [parameter ...] */
    void get(CommandContext ctx, Arguments args) {
        List<String> patterns = new ArrayList<>();
        for (int i = 2; i < args.size(); i++) {
            patterns.add(args.string(i));
        }
        Map<String, String> found = engine.config().matching(patterns);
        ctx.reply().map(found.size());
        for (Map.Entry<String, String> e : found.entrySet()) {
            ctx.reply().bulk(e.getKey());
            ctx.reply().bulk(e.getValue());
        }
    }

    /** CONFIG SET parameter value [parameter value ...] */
    void set(CommandContext ctx, Arguments args) {
        if (args.size() % 2 != 0) {
            throw Errors.SYNTAX;
        }
        List<ConfigRegistry.Change> changes = new ArrayList<>();
        for (int i = 2; i < args.size(); i += 2) {
            changes.add(new ConfigRegistry.Change(args.string(i), args.string(i + 1)));
            ConfigParam p = engine.config().find(args.string(i));
            if (p != null && p.has(ConfigFlag.SENSITIVE)) {
                ctx.redactArgument(i + 1);
            }
        }
        String protectedConfigs = engine.config().get("enable-protected-configs");
        boolean allowed = "yes".equals(protectedConfigs)
                || ("local".equals(protectedConfigs) && Dispatcher.isLocal(ServerCommands.client(ctx)));
        engine.config().setAll(changes, allowed);
        ctx.reply().ok();
    }

    /** CONFIG RESETSTAT */
    void resetstat(CommandContext ctx, Arguments args) {
        engine.stats().reset();
        for (Command c : engine.commands().all()) {
            c.resetStats();
            c.subcommands().values().forEach(Command::resetStats);
        }
        resetFamilyStats.run();
        ctx.reply().ok();
    }

    /** CONFIG REWRITE */
    void rewrite(CommandContext ctx, Arguments args) {
        Path file = engine.configFile();
        if (file == null) {
            throw RedisError.err("The server is running without a config file");
        }
        try {
            ConfigRewriter.rewrite(file, engine.config());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "CONFIG REWRITE failed: " + e);
            throw RedisError.err("Rewriting config file: " + ConfigRewriter.reason(e));
        }
        LOG.log(System.Logger.Level.WARNING, "CONFIG REWRITE executed with success.");
        ctx.reply().ok();
    }

    /** CONFIG HELP */
    void help(CommandContext ctx, Arguments args) {
        Help.reply(ctx, args,
                "GET <pattern>",
                "    The parameters whose names match the glob-style <pattern>, with their values.",
                "SET <directive> <value>",
                "    Give the parameter <directive> the value <value>.",
                "RESETSTAT",
                "    Zero the counters INFO reports.",
                "REWRITE",
                "    Write the current configuration back into the config file the server started with.");
    }
}
