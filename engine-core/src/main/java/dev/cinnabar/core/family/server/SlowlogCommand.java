// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.FamilyContext;
import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RedisError;

/** SLOWLOG GET, LEN, RESET and HELP over the {@link SlowLog}. */
final class SlowlogCommand {
    /** What SLOWLOG GET returns without a count. */
    private static final long DEFAULT_COUNT = 10;
    private static final RedisError BAD_COUNT = RedisError.err("count should be greater than or equal to -1");

    private final SlowLog log;

    SlowlogCommand(SlowLog log) {
        this.log = log;
    }

    void register(FamilyContext ctx) {
        ctx.command("slowlog|get", this::get);
        ctx.command("slowlog|len", this::len);
        ctx.command("slowlog|reset", this::reset);
        ctx.command("slowlog|help", this::help);
    }

    /** SLOWLOG GET [count] */
    void get(CommandContext ctx, Arguments args) {
        if (args.size() > 3) {
            throw Help.syntaxError(args);
        }
        long count = DEFAULT_COUNT;
        if (args.size() == 3) {
            count = Numbers.parseLong(args.get(2), BAD_COUNT);
            if (count < -1) {
                throw BAD_COUNT;
            }
        }
        int n = count == -1 ? log.size() : (int) Math.min(count, log.size());
        ctx.reply().array(n);
        for (SlowLog.Entry e : log.entries()) {
            if (n-- == 0) {
                break;
            }
            ctx.reply().array(6);
            ctx.reply().integer(e.id());
            ctx.reply().integer(e.unixSeconds());
            ctx.reply().integer(e.micros());
            ctx.reply().array(e.args().size());
            for (byte[] arg : e.args()) {
                ctx.reply().bulk(arg);
            }
            ctx.reply().bulk(e.peer());
            ctx.reply().bulk(e.clientName());
        }
    }

    /** SLOWLOG LEN */
    void len(CommandContext ctx, Arguments args) {
        ctx.reply().integer(log.size());
    }

    /** SLOWLOG RESET */
    void reset(CommandContext ctx, Arguments args) {
        log.reset();
        ctx.reply().ok();
    }

    /** SLOWLOG HELP */
    void help(CommandContext ctx, Arguments args) {
        Help.reply(ctx, args,
                "GET [<count>]",
                "    List the <count> most recent slow commands, newest first (10 by default, -1 for all).",
                "    Each entry holds: id, Unix time, duration in microseconds, the arguments, the",
                "    client's address and the client's name.",
                "LEN",
                "    Count the entries in the slow log.",
                "RESET",
                "    Empty the slow log.");
    }
}
