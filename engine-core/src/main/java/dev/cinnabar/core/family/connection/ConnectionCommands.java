// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.connection;

import dev.cinnabar.core.CoreFamilyContext;
import dev.cinnabar.core.Engine;
import dev.cinnabar.core.ExecutionContext;
import dev.cinnabar.core.client.Client;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.CommandFamily;
import dev.cinnabar.spi.FamilyContext;

/** Connection commands ({@code PING}, {@code ECHO}, {@code SELECT}, {@code QUIT} …). Core state: uses the engine. */
public final class ConnectionCommands implements CommandFamily {
    private Engine engine;

    @Override
    public String name() {
        return "connection";
    }

    @Override
    public void register(FamilyContext ctx) {
        engine = CoreFamilyContext.engineOf(ctx);
        ctx.command("ping", this::ping);
        ctx.command("echo", this::echo);
        ctx.command("select", this::select);
        ctx.command("quit", this::quit);
    }

    private Client client(CommandContext ctx) {
        return ((ExecutionContext) ctx).currentClient();
    }

    /** PING [message] */
    void ping(CommandContext ctx, Arguments args) {
        if (args.size() > 2) {
            throw dev.cinnabar.spi.Errors.wrongArity("ping");
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
        if (index < 0 || index >= engine.databaseCount()) {
            throw dev.cinnabar.spi.Errors.DB_INDEX;
        }
        client(ctx).db = (int) index;
        ctx.reply().ok();
    }

    /** QUIT */
    void quit(CommandContext ctx, Arguments args) {
        ctx.reply().ok();
        client(ctx).closeAfterReply = true;
    }
}
