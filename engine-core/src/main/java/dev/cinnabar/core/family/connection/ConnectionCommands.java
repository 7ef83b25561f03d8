// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.connection;

import dev.cinnabar.core.CoreFamilyContext;
import dev.cinnabar.core.Engine;
import dev.cinnabar.core.ExecutionContext;
import dev.cinnabar.core.client.Client;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.CommandFamily;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.FamilyContext;
import dev.cinnabar.spi.RedisError;

/**
 * Connection commands: {@code PING}, {@code ECHO}, {@code SELECT}, {@code QUIT}, {@code RESET},
 * {@code MONITOR} here, {@code CLIENT} in {@link ClientCommands}, {@code AUTH} and {@code HELLO} in
 * {@link AuthCommands}. Core state: uses the engine.
 */
public final class ConnectionCommands implements CommandFamily {
    private static final RedisError DB_INDEX_NOT_INT =
            RedisError.err("value is out of range, value must between -2147483648 and 2147483647");
    private static final RedisError MONITOR_DENIED = RedisError.err("MONITOR isn't allowed for DENY BLOCKING client");

    private Engine engine;
    private Monitors monitors;

    @Override
    public String name() {
        return "connection";
    }

    @Override
    public void register(FamilyContext ctx) {
        engine = CoreFamilyContext.engineOf(ctx);
        monitors = new Monitors(engine);
        engine.dispatcher().addObserver(monitors);
        ctx.command("ping", this::ping);
        ctx.command("echo", this::echo);
        ctx.command("select", this::select);
        ctx.command("quit", this::quit);
        ctx.command("reset", this::reset);
        ctx.command("monitor", this::monitor);
        new ClientCommands(engine).register(ctx);
        new AuthCommands(engine).register(ctx);
    }

    static Client client(CommandContext ctx) {
        return ((ExecutionContext) ctx).currentClient();
    }

    /** PING [message] */
    void ping(CommandContext ctx, Arguments args) {
        if (args.size() > 2) {
            throw Errors.wrongArity("ping");
        }
        Client c = client(ctx);
        if (c.protocol == 2 && c.subscriptions.any()) {
            ctx.reply().array(2);
            ctx.reply().bulk("pong");
            ctx.reply().bulk(args.size() == 2 ? args.get(1) : new byte[0]);
        } else if (args.size() == 2) {
            ctx.reply().bulk(args.get(1));
        } else {
            ctx.reply().simple("PONG");
        }
    }

    /** ECHO message */
    void echo(CommandContext ctx, Arguments args) {
        ctx.reply().bulk(args.get(1));
    }

    /** SELECT index */
    void select(CommandContext ctx, Arguments args) {
        long index = args.longValue(1);
        if (index < Integer.MIN_VALUE || index > Integer.MAX_VALUE) {
            // getIntFromObjectOrReply: a long that is no int has its own message
            throw DB_INDEX_NOT_INT;
        }
        if (index < 0 || index >= engine.databaseCount()) {
            throw Errors.DB_INDEX;
        }
        client(ctx).db = (int) index;
        ctx.reply().ok();
    }

    /** QUIT */
    void quit(CommandContext ctx, Arguments args) {
        ctx.reply().ok();
        client(ctx).closeAfterReply = true;
    }

    /**
     * RESET
     *
     * <p>Redis 7.0's {@code clearClientConnectionState}: leaves MONITOR, discards MULTI and every WATCH,
     * drops subscriptions without notices, selects db 0, goes back to RESP2, forgets the name, turns
     * CLIENT REPLY back on and falls back to the default user, unauthenticated if it needs a password.
     * CLIENT NO-EVICT stays, as in 7.0.
     */
    void reset(CommandContext ctx, Arguments args) {
        Client c = client(ctx);
        monitors.remove(c);
        c.multi.reset();
        engine.watches().unwatchAll(c);
        engine.pubsub().removeAll(c);
        c.db = 0;
        c.protocol = 2;
        c.name = null;
        c.replyMode = Client.ReplyMode.ON;
        c.skipNextReply = false;
        c.user = "default";
        c.authenticated = !engine.accessControl().authRequired();
        ctx.reply().simple("RESET");
    }

    /** MONITOR */
    void monitor(CommandContext ctx, Arguments args) {
        Client c = client(ctx);
        if (((ExecutionContext) ctx).inExec() || c.scripting || c.channel() == null && !c.streamed) {
            // inside EXEC, or the embedded client, which takes one reply per command
            throw MONITOR_DENIED;
        }
        if (c.monitor) {
            return;
        }
        monitors.add(c);
        ctx.reply().ok();
    }
}
