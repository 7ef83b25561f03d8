// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.RedisError;

import java.util.Locale;

/** The shape of Redis's {@code addReplyHelp} and {@code addReplySubcommandSyntaxError}, with our own text. */
final class Help {
    private Help() {
    }

    /**
     * Replies the help of a container command: a header naming the command as typed (upper-cased), the
     * given lines, then HELP itself; every line a status reply, as Redis sends them.
     */
    static void reply(CommandContext ctx, Arguments args, String... lines) {
        ctx.reply().array(lines.length + 3);
        ctx.reply().simple(args.string(0).toUpperCase(Locale.ROOT)
                + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String line : lines) {
            ctx.reply().simple(line);
        }
        ctx.reply().simple("HELP");
        ctx.reply().simple("    Show this list of subcommands.");
    }

    /** ERR for a known subcommand given the wrong arguments. */
    static RedisError syntaxError(Arguments args) {
        String sub = args.string(1);
        return RedisError.err("unknown subcommand or wrong number of arguments for '"
                + (sub.length() > 128 ? sub.substring(0, 128) : sub) + "'. Try "
                + args.string(0).toUpperCase(Locale.ROOT) + " HELP.");
    }
}
