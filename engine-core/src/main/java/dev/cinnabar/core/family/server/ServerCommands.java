// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.core.CoreFamilyContext;
import dev.cinnabar.core.Engine;
import dev.cinnabar.core.ExecutionContext;
import dev.cinnabar.core.client.Client;
import dev.cinnabar.core.keyspace.Database;
import dev.cinnabar.core.persistence.Persistence;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.CommandFamily;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.FamilyContext;
import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RedisError;

import java.time.Instant;

/**
 * The server commands ({@code server.c}, {@code db.c}, {@code config.c}, {@code slowlog.c},
 * {@code latency.c}, {@code debug.c}): the keyspace-wide ones here, the larger ones in their own classes.
 * Core state: uses the engine.
 */
public final class ServerCommands implements CommandFamily {
    private static final System.Logger LOG = System.getLogger("cinnabar.server");

    private Engine engine;

    @Override
    public String name() {
        return "server";
    }

    @Override
    public void register(FamilyContext ctx) {
        engine = CoreFamilyContext.engineOf(ctx);
        ctx.command("dbsize", this::dbsize);
        ctx.command("flushdb", this::flushdb);
        ctx.command("flushall", this::flushall);
        ctx.command("swapdb", this::swapdb);
        ctx.command("time", this::time);
        ctx.command("lastsave", this::lastsave);
        ctx.command("save", this::save);
        ctx.command("bgsave", this::bgsave);
        ctx.command("shutdown", this::shutdown);
        SlowLog slowLog = new SlowLog(engine);
        LatencyMonitor latency = new LatencyMonitor(engine);
        ServerMetrics metrics = new ServerMetrics(engine);
        engine.dispatcher().addObserver(slowLog);
        engine.dispatcher().addObserver(latency);
        new InfoCommand(engine, latency, metrics).register(ctx);
        new ConfigCommand(engine, () -> {
            latency.resetHistograms();
            metrics.reset();
        }).register(ctx);
        new CommandCommand(engine).register(ctx);
        new SlowlogCommand(slowLog).register(ctx);
        new LatencyCommand(engine, latency).register(ctx);
        new DebugCommand(engine).register(ctx);
        new MemoryCommand(engine, metrics).register(ctx);
    }

    static Client client(CommandContext ctx) {
        return ((ExecutionContext) ctx).currentClient();
    }

    /** DBSIZE */
    void dbsize(CommandContext ctx, Arguments args) {
        ctx.reply().integer(ctx.keyspace().size());
    }

    /** FLUSHDB [ASYNC | SYNC] */
    void flushdb(CommandContext ctx, Arguments args) {
        flushOption(args);
        Database db = engine.database(ctx.client().db());
        ctx.dirty(flush(db));
        // replicated and written to the AOF even when the database was already empty
        ctx.propagate(args.slice(0));
        ctx.reply().ok();
    }

    /** FLUSHALL [ASYNC | SYNC] */
    void flushall(CommandContext ctx, Arguments args) {
        flushOption(args);
        long removed = 0;
        for (int i = 0; i < engine.databaseCount(); i++) {
            removed += flush(engine.database(i));
        }
        // Redis counts one more change than the keys removed, so FLUSHALL always reaches the AOF
        ctx.dirty(removed + 1);
        if (engine.persistence().savePointsConfigured()) {
            // Redis 7.0 saves the empty data set at once, resetting the dirty counter; the command is still
            // propagated
            ctx.propagate(args.slice(0));
        }
        engine.persistence().flushedAll();
        ctx.reply().ok();
    }

    /**
     * Validates the optional ASYNC or SYNC ({@code getFlushCommandFlags}). Both free synchronously: the
     * keyspace drops its tables in O(1) and the garbage collector reclaims them off the engine thread.
     */
    private static void flushOption(Arguments args) {
        if (args.size() > 2 || (args.size() == 2 && !args.is(1, "ASYNC") && !args.is(1, "SYNC"))) {
            throw Errors.SYNTAX;
        }
    }

    /** Empties one database: every WATCH on a key it held fails; returns the number of keys removed. */
    private long flush(Database db) {
        long keys = db.size();
        engine.watches().touchAll(db, null);
        // a blocked XREADGROUP learns that its stream is gone (Redis's signalFlushedDb)
        engine.blocking().signalExisting(db.index(), key -> engine.wakesWaitersWhenRemoved(db.peek(key)));
        db.clear();
        return keys;
    }

    /** SWAPDB index1 index2 */
    void swapdb(CommandContext ctx, Arguments args) {
        int first = dbIndex(args.get(1), "invalid first DB index");
        int second = dbIndex(args.get(2), "invalid second DB index");
        if (first < 0 || first >= engine.databaseCount() || second < 0 || second >= engine.databaseCount()) {
            throw Errors.DB_INDEX;
        }
        if (first != second) {
            Database a = engine.database(first);
            Database b = engine.database(second);
            engine.watches().touchAll(a, b);
            engine.watches().touchAll(b, a);
            // a blocked XREADGROUP learns that its stream left (Redis's scanDatabaseForDeletedStreams)
            engine.blocking().signalExisting(first, key -> engine.wakesWaitersWhenRemoved(a.peek(key)));
            engine.blocking().signalExisting(second, key -> engine.wakesWaitersWhenRemoved(b.peek(key)));
            a.swapWith(b);
            // clients stay on their database number, so a key they block on may exist there now
            engine.blocking().signalExisting(first, a::exists);
            engine.blocking().signalExisting(second, b::exists);
        }
        ctx.dirty(1);
        ctx.reply().ok();
    }

    /** A C int, as {@code getIntFromObjectOrReply} reads it, or ERR {@code message}. */
    private static int dbIndex(byte[] arg, String message) {
        long v = Numbers.parseLong(arg, RedisError.err(message));
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw RedisError.err(message);
        }
        return (int) v;
    }

    /** TIME */
    void time(CommandContext ctx, Arguments args) {
        Instant now = Instant.now();
        ctx.reply().array(2);
        ctx.reply().bulk(Long.toString(now.getEpochSecond()));
        ctx.reply().bulk(Long.toString(now.getNano() / 1000));
    }

    /** LASTSAVE */
    void lastsave(CommandContext ctx, Arguments args) {
        ctx.reply().integer(engine.stats().lastSaveMillis / 1000);
    }

    /** SAVE */
    void save(CommandContext ctx, Arguments args) {
        if (engine.persistence().activeJob() == Persistence.JobKind.RDB) {
            throw RedisError.err("Background save already in progress");
        }
        if (!engine.persistence().saveCommand()) {
            throw Persistence.SAVE_FAILED;
        }
        ctx.reply().ok();
    }

    /** BGSAVE [SCHEDULE] */
    void bgsave(CommandContext ctx, Arguments args) {
        if (args.size() > 2 || (args.size() == 2 && !args.is(1, "SCHEDULE"))) {
            throw Errors.SYNTAX;
        }
        boolean inExec = ((ExecutionContext) ctx).inExec();
        ctx.reply().simple(engine.persistence().bgsaveCommand(args.size() == 2, inExec));
    }

    /** SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT] */
    void shutdown(CommandContext ctx, Arguments args) {
        boolean save = false;
        boolean nosave = false;
        boolean flags = false;
        boolean force = false;
        boolean abort = false;
        for (int i = 1; i < args.size(); i++) {
            if (args.is(i, "NOSAVE")) {
                nosave = true;
            } else if (args.is(i, "SAVE")) {
                save = true;
            } else if (args.is(i, "NOW")) {
                flags = true;
            } else if (args.is(i, "FORCE")) {
                flags = true;
                force = true;
            } else if (args.is(i, "ABORT")) {
                abort = true;
            } else {
                throw Errors.SYNTAX;
            }
        }
        if ((abort && (save || nosave || flags)) || (save && nosave)) {
            throw Errors.SYNTAX;
        }
        if (abort) {
            // a shutdown here never waits for replicas, so there is never one in progress to abort
            throw RedisError.err("No shutdown in progress.");
        }
        if (engine.busyError() != null && !nosave) {
            // a busy script can only be stopped by losing what it did, as in Redis
            throw engine.busyError();
        }
        LOG.log(System.Logger.Level.WARNING, "User requested shutdown...");
        if (!engine.persistence().prepareShutdown(save, nosave, force)) {
            LOG.log(System.Logger.Level.WARNING, "Errors trying to shut down the server. Check the logs for more "
                    + "information.");
            throw RedisError.err("Errors trying to SHUTDOWN. Check logs.");
        }
        // as Redis, the client gets no reply: the connection just closes
        client(ctx).closeAfterReply = true;
        engine.requestShutdown();
    }
}
