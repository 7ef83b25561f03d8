// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.connection;

import dev.cinnabar.core.ClientPause;
import dev.cinnabar.core.Engine;
import dev.cinnabar.core.client.Client;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.ErrorCode;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.FamilyContext;
import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

import static dev.cinnabar.core.family.connection.ConnectionCommands.client;

/** The {@code CLIENT} subcommands; the client-side caching ones are in {@link ClientTracking}. */
final class ClientCommands {
    private static final RedisError INVALID_ID = RedisError.err("Invalid client ID");
    private static final RedisError PAUSE_MODE = RedisError.err("CLIENT PAUSE mode must be WRITE or ALL");
    private static final RedisError TIMEOUT_NOT_INT = RedisError.err("timeout is not an integer or out of range");
    private static final RedisError UNBLOCK_REASON = RedisError.err("CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
    private static final String UNBLOCKED = ErrorCode.UNBLOCKED.name() + " client unblocked via CLIENT UNBLOCK";

    private final Engine engine;

    ClientCommands(Engine engine) {
        this.engine = Objects.requireNonNull(engine, "engine is null");
    }

    void register(FamilyContext ctx) {
        ctx.command("client|id", this::id);
        ctx.command("client|setname", this::setname);
        ctx.command("client|getname", this::getname);
        ctx.command("client|list", this::list);
        ctx.command("client|info", this::info);
        ctx.command("client|kill", this::kill);
        ctx.command("client|pause", this::pause);
        ctx.command("client|unpause", this::unpause);
        ctx.command("client|reply", this::reply);
        ctx.command("client|no-evict", this::noEvict);
        ctx.command("client|unblock", this::unblock);
        ctx.command("client|help", this::help);
        new ClientTracking(engine).register(ctx);
    }

    /** Redis's {@code addReplySubcommandSyntaxError}: an argument count the arity allows but the subcommand not. */
    private static RedisError subcommandSyntax(Arguments args) {
        return RedisError.err("unknown subcommand or wrong number of arguments for '" + args.string(1) + "'. Try "
                + args.string(0).toUpperCase(Locale.ROOT) + " HELP.");
    }

    /** CLIENT ID */
    void id(CommandContext ctx, Arguments args) {
        ctx.reply().integer(ctx.client().id());
    }

    /** CLIENT SETNAME connection-name */
    void setname(CommandContext ctx, Arguments args) {
        ClientNames.set(client(ctx), args.get(2));
        ctx.reply().ok();
    }

    /** CLIENT GETNAME */
    void getname(CommandContext ctx, Arguments args) {
        String name = ctx.client().name();
        if (name == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().bulk(name);
        }
    }

    /** CLIENT LIST [TYPE NORMAL|MASTER|REPLICA|PUBSUB] [ID client-id [client-id ...]] */
    void list(CommandContext ctx, Arguments args) {
        Client caller = client(ctx);
        List<Client> shown = new ArrayList<>();
        if (args.size() == 4 && args.is(2, "type")) {
            ClientType type = ClientType.parse(args.string(3));
            for (Client c : engine.clients().all()) {
                if (ClientType.of(c) == type) {
                    shown.add(c);
                }
            }
        } else if (args.size() > 3 && args.is(2, "id")) {
            for (int j = 3; j < args.size(); j++) {
                Client c = engine.clients().get(Numbers.parseLong(args.get(j), INVALID_ID));
                if (c != null) {
                    shown.add(c);
                }
            }
        } else if (args.size() != 2) {
            throw Errors.SYNTAX;
        } else {
            shown.addAll(engine.clients().all());
        }
        StringBuilder text = new StringBuilder(shown.size() * 280);
        for (Client c : shown) {
            text.append(ClientInfo.line(c, caller, args.slice(0), engine.now())).append('\n');
        }
        ctx.reply().verbatim("txt", text.toString());
    }

    /** CLIENT INFO */
    void info(CommandContext ctx, Arguments args) {
        Client c = client(ctx);
        ctx.reply().verbatim("txt", ClientInfo.line(c, c, args.slice(0), engine.now()) + "\n");
    }

    /**
     * CLIENT KILL ip:port | CLIENT KILL [ID client-id] [TYPE NORMAL|MASTER|SLAVE|REPLICA|PUBSUB] [USER username]
     * [ADDR ip:port] [LADDR ip:port] [SKIPME yes|no]
     */
    void kill(CommandContext ctx, Arguments args) {
        Client caller = client(ctx);
        ClientKillFilter filter = ClientKillFilter.parse(args, engine.accessControl());
        List<Client> victims = new ArrayList<>();
        for (Client c : engine.clients().all()) {
            if (filter.matches(c, caller)) {
                victims.add(c);
            }
        }
        for (Client c : victims) {
            if (c == caller) {
                // the caller goes once its reply is sent
                c.closeAfterReply = true;
            } else {
                engine.kill(c);
            }
        }
        if (!filter.oldForm()) {
            ctx.reply().integer(victims.size());
        } else if (victims.isEmpty()) {
            throw RedisError.err("No such client");
        } else {
            ctx.reply().ok();
        }
    }

    /** CLIENT PAUSE timeout [WRITE|ALL] */
    void pause(CommandContext ctx, Arguments args) {
        if (args.size() > 4) {
            throw subcommandSyntax(args);
        }
        ClientPause.Mode mode = ClientPause.Mode.ALL;
        if (args.size() == 4) {
            if (args.is(3, "write")) {
                mode = ClientPause.Mode.WRITE;
            } else if (!args.is(3, "all")) {
                throw PAUSE_MODE;
            }
        }
        long timeout = Numbers.parseLong(args.get(2), TIMEOUT_NOT_INT);
        if (timeout < 0) {
            throw Errors.TIMEOUT_NEGATIVE;
        }
        // a timeout so large that the end wraps around ends the pause at once, as in Redis 7.0
        engine.pause().pause(mode, timeout == 0 ? 0 : ctx.now() + timeout);
        ctx.reply().ok();
    }

    /** CLIENT UNPAUSE */
    void unpause(CommandContext ctx, Arguments args) {
        engine.pause().unpause();
        ctx.reply().ok();
    }

    /** CLIENT REPLY ON|OFF|SKIP */
    void reply(CommandContext ctx, Arguments args) {
        Client c = client(ctx);
        if (args.is(2, "on")) {
            c.replyMode = Client.ReplyMode.ON;
            c.skipNextReply = false;
            ctx.reply().ok();
        } else if (args.is(2, "off")) {
            c.replyMode = Client.ReplyMode.OFF;
        } else if (args.is(2, "skip")) {
            if (c.replyMode != Client.ReplyMode.OFF) {
                c.skipNextReply = true;
            }
        } else {
            throw Errors.SYNTAX;
        }
    }

    /** CLIENT NO-EVICT ON|OFF */
    void noEvict(CommandContext ctx, Arguments args) {
        Client c = client(ctx);
        if (args.is(2, "on")) {
            c.noEvict = true;
        } else if (args.is(2, "off")) {
            c.noEvict = false;
        } else {
            throw Errors.SYNTAX;
        }
        ctx.reply().ok();
    }

    /**
     * CLIENT UNBLOCK client-id [TIMEOUT|ERROR]
     *
     * <p>Only clients blocked on keys are unblocked. A client held back by CLIENT PAUSE is not (Redis 7.0.15
     * crashes on it; later releases reply 0 as this does).
     */
    void unblock(CommandContext ctx, Arguments args) {
        if (args.size() > 4) {
            throw subcommandSyntax(args);
        }
        boolean error = false;
        if (args.size() == 4) {
            if (args.is(3, "error")) {
                error = true;
            } else if (!args.is(3, "timeout")) {
                throw UNBLOCK_REASON;
            }
        }
        Client target = engine.clients().get(args.longValue(2));
        if (target == null || target.blocked == null) {
            ctx.reply().integer(0);
            return;
        }
        Consumer<ReplyWriter> reply = error ? w -> {
            engine.stats().error(UNBLOCKED);
            w.error(UNBLOCKED);
        } : target.blocked.timeoutReply;
        engine.dispatcher().unblock(target, reply);
        ctx.reply().integer(1);
    }

    /** CLIENT HELP */
    void help(CommandContext ctx, Arguments args) {
        ctx.reply().array(ClientHelp.LINES.size());
        for (String line : ClientHelp.LINES) {
            ctx.reply().simple(line);
        }
    }
}
