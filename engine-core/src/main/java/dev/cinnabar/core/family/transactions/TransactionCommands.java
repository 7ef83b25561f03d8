// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.transactions;

import dev.cinnabar.core.CoreFamilyContext;
import dev.cinnabar.core.Engine;
import dev.cinnabar.core.EngineAccessRequest;
import dev.cinnabar.core.ExecutionContext;
import dev.cinnabar.core.client.Client;
import dev.cinnabar.core.client.MultiState;
import dev.cinnabar.core.multi.Watches;
import dev.cinnabar.spi.AccessContext;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.CommandFamily;
import dev.cinnabar.spi.ErrorCode;
import dev.cinnabar.spi.FamilyContext;
import dev.cinnabar.spi.RedisError;

import java.util.List;

/**
 * MULTI, EXEC, DISCARD, WATCH and UNWATCH ({@code multi.c}). The dispatcher queues commands and flags
 * queueing errors; this family opens, runs and ends the transaction. Core state: uses the engine.
 */
public final class TransactionCommands implements CommandFamily {
    private static final RedisError NESTED = RedisError.err("MULTI calls can not be nested");
    private static final RedisError EXEC_WITHOUT_MULTI = RedisError.err("EXEC without MULTI");
    private static final RedisError DISCARD_WITHOUT_MULTI = RedisError.err("DISCARD without MULTI");
    private static final RedisError WATCH_IN_MULTI = RedisError.err("WATCH inside MULTI is not allowed");
    private static final RedisError EXECABORT = new RedisError(ErrorCode.EXECABORT,
            "Transaction discarded because of previous errors.");
    private static final String ACL_CHANGED = "NOPERM ACLs rules changed between the moment the transaction was "
            + "accumulated and the EXEC call. This command is no longer allowed for the following reason: ";

    private Engine engine;

    @Override
    public String name() {
        return "transactions";
    }

    @Override
    public void register(FamilyContext ctx) {
        engine = CoreFamilyContext.engineOf(ctx);
        ctx.command("multi", this::multi);
        ctx.command("exec", this::exec);
        ctx.command("discard", this::discard);
        ctx.command("watch", this::watch);
        ctx.command("unwatch", this::unwatch);
    }

    private static Client client(CommandContext ctx) {
        return ((ExecutionContext) ctx).currentClient();
    }

    /** MULTI */
    void multi(CommandContext ctx, Arguments args) {
        Client c = client(ctx);
        if (c.multi.active) {
            throw NESTED;
        }
        c.multi.active = true;
        ctx.reply().ok();
    }

    /** EXEC */
    void exec(CommandContext ctx, Arguments args) {
        Client c = client(ctx);
        if (!c.multi.active) {
            throw EXEC_WITHOUT_MULTI;
        }
        Watches watches = engine.watches();
        if (watches.anyExpiredSinceWatch(c, engine::database, ctx.now())) {
            c.multi.watchDirty = true;
        }
        if (c.multi.aborted || c.multi.watchDirty) {
            boolean aborted = c.multi.aborted;
            watches.discardTransaction(c);
            if (aborted) {
                throw EXECABORT;
            }
            ctx.reply().nullArray();
            return;
        }
        List<MultiState.Queued> queue = List.copyOf(c.multi.queue);
        // the transaction's own writes must not invalidate it: unwatch before running anything
        watches.unwatchAll(c);
        // EXEC itself is not propagated; the dispatcher wraps what its commands propagate in MULTI/EXEC
        ctx.propagate();
        ExecutionContext exec = (ExecutionContext) ctx;
        ctx.reply().array(queue.size());
        exec.enterExec();
        try {
            for (MultiState.Queued q : queue) {
                runQueued(c, q);
            }
        } finally {
            exec.leaveExec();
            watches.discardTransaction(c);
        }
    }

    /** Runs one queued command unless the ACL rules changed since it was queued (Redis re-checks at EXEC). */
    private void runQueued(Client c, MultiState.Queued q) {
        String denied = engine.accessControl().recheck(
                new EngineAccessRequest(engine, c, q.command(), q.argv(), AccessContext.MULTI));
        if (denied != null) {
            String line = ACL_CHANGED + denied;
            engine.stats().error(line);
            c.reply().error(line);
            return;
        }
        engine.dispatcher().call(c, q.command(), q.argv());
    }

    /** DISCARD */
    void discard(CommandContext ctx, Arguments args) {
        Client c = client(ctx);
        if (!c.multi.active) {
            throw DISCARD_WITHOUT_MULTI;
        }
        engine.watches().discardTransaction(c);
        ctx.reply().ok();
    }

    /** WATCH key [key ...] */
    void watch(CommandContext ctx, Arguments args) {
        Client c = client(ctx);
        if (c.multi.active) {
            throw WATCH_IN_MULTI;
        }
        for (int i = 1; i < args.size(); i++) {
            engine.watches().watch(c, engine.database(c.db), args.get(i), ctx.now());
        }
        ctx.reply().ok();
    }

    /** UNWATCH */
    void unwatch(CommandContext ctx, Arguments args) {
        engine.watches().unwatchAll(client(ctx));
        ctx.reply().ok();
    }
}
