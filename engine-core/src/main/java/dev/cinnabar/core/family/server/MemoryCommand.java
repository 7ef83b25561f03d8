// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.keyspace.Database;
import dev.cinnabar.core.structures.RedisMemory;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.FamilyContext;
import dev.cinnabar.spi.ReplyWriter;
import dev.cinnabar.spi.ValueType;

/**
 * MEMORY: per-key usage in Redis's terms (what Redis 7.0 would allocate for the key, so sizing tools and
 * tests read the same numbers), and the JVM's figures for the rest.
 */
final class MemoryCommand {
    /** Redis's MEMORY DOCTOR threshold below which an instance counts as empty. */
    private static final long DOCTOR_MIN_BYTES = 5L * 1024 * 1024;
    private static final int DEFAULT_SAMPLES = 5;

    private final Engine engine;
    private final ServerMetrics metrics;

    MemoryCommand(Engine engine, ServerMetrics metrics) {
        this.engine = engine;
        this.metrics = metrics;
    }

    void register(FamilyContext ctx) {
        ctx.command("memory|usage", this::usage);
        ctx.command("memory|stats", this::stats);
        ctx.command("memory|doctor", this::doctor);
        ctx.command("memory|malloc-stats", this::mallocStats);
        ctx.command("memory|purge", (c, a) -> c.reply().ok());
        ctx.command("memory|help", this::help);
    }

    /** MEMORY USAGE key [SAMPLES count] */
    void usage(CommandContext ctx, Arguments args) {
        int samples = DEFAULT_SAMPLES;
        for (int i = 3; i < args.size(); i++) {
            if (args.is(i, "samples") && i + 1 < args.size()) {
                long n = args.longValue(++i);
                if (n < 0) {
                    throw Errors.SYNTAX;
                }
                samples = n == 0 || n > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) n;
            } else {
                throw Errors.SYNTAX;
            }
        }
        byte[] key = args.get(2);
        // as Redis's dbFind: no expiry check, no keyspace hit or miss, no LRU touch
        Object value = engine.database(ctx.keyspace().index()).peek(key);
        if (value == null) {
            ctx.reply().nullBulk();
            return;
        }
        long usage = usageOf(engine.types().of(value), value, samples) + RedisMemory.sds(key.length)
                + RedisMemory.DICT_ENTRY;
        ctx.reply().integer(usage);
    }

    @SuppressWarnings("unchecked")
    private static <T> long usageOf(ValueType<T> type, Object value, int samples) {
        return type.memoryUsage((T) value, samples);
    }

    /** MEMORY STATS: Redis's field names; allocator figures are the JVM heap's. */
    void stats(CommandContext ctx, Arguments args) {
        long used = ServerMetrics.usedMemory();
        long startup = metrics.startupMemory();
        long peak = Math.max(used, metrics.peakMemory());
        long dataset = Math.max(0, used - startup);
        long keys = 0;
        int populated = 0;
        for (int i = 0; i < engine.databaseCount(); i++) {
            Database db = engine.database(i);
            keys += db.size();
            if (db.size() > 0) {
                populated++;
            }
        }
        ReplyWriter w = ctx.reply();
        w.map(27 + populated);
        field(w, "peak.allocated", peak);
        field(w, "total.allocated", used);
        field(w, "startup.allocated", startup);
        for (String zero : new String[]{"replication.backlog", "clients.slaves", "clients.normal",
            "cluster.links", "aof.buffer", "lua.caches", "functions.caches"}) {
            field(w, zero, 0);
        }
        for (int i = 0; i < engine.databaseCount(); i++) {
            Database db = engine.database(i);
            if (db.size() > 0) {
                w.bulk("db." + i);
                w.map(3);
                field(w, "overhead.hashtable.main", RedisMemory.DICT_BUCKET * RedisMemory.dictSlots(db.size()));
                field(w, "overhead.hashtable.expires",
                        RedisMemory.DICT_BUCKET * RedisMemory.dictSlots(db.expiresSize()));
                field(w, "overhead.hashtable.slot-to-keys", 0);
            }
        }
        field(w, "overhead.total", startup);
        field(w, "keys.count", keys);
        field(w, "keys.bytes-per-key", keys == 0 ? 0 : dataset / keys);
        field(w, "dataset.bytes", dataset);
        ratio(w, "dataset.percentage", used == 0 ? 0 : 100.0 * dataset / used);
        ratio(w, "peak.percentage", peak == 0 ? 0 : 100.0 * used / peak);
        long committed = ServerMetrics.committedMemory();
        long rss = ServerMetrics.residentMemory();
        field(w, "allocator.allocated", used);
        field(w, "allocator.active", committed);
        field(w, "allocator.resident", rss);
        ratio(w, "allocator-fragmentation.ratio", used == 0 ? 0 : (double) committed / used);
        field(w, "allocator-fragmentation.bytes", committed - used);
        ratio(w, "allocator-rss.ratio", committed == 0 ? 0 : (double) rss / committed);
        field(w, "allocator-rss.bytes", rss - committed);
        ratio(w, "rss-overhead.ratio", 1);
        field(w, "rss-overhead.bytes", 0);
        ratio(w, "fragmentation", used == 0 ? 0 : (double) rss / used);
        field(w, "fragmentation.bytes", rss - used);
    }

    private static void field(ReplyWriter w, String name, long value) {
        w.bulk(name);
        w.integer(value);
    }

    private static void ratio(ReplyWriter w, String name, double value) {
        w.bulk(name);
        w.doubleValue(value);
    }

    /** MEMORY DOCTOR */
    void doctor(CommandContext ctx, Arguments args) {
        String report = ServerMetrics.usedMemory() - metrics.startupMemory() < DOCTOR_MIN_BYTES
                ? "This instance is empty or holds very little data: there is nothing to diagnose yet."
                : "No memory problem found. Heap figures are the JVM's; see INFO memory and MEMORY STATS.";
        ctx.reply().verbatim("txt", report);
    }

    /** MEMORY MALLOC-STATS: Redis's reply for an allocator without statistics. */
    void mallocStats(CommandContext ctx, Arguments args) {
        ctx.reply().verbatim("txt", "Stats not supported for the current allocator");
    }

    /** MEMORY HELP */
    void help(CommandContext ctx, Arguments args) {
        Help.reply(ctx, args,
                "DOCTOR",
                "    Report memory problems found in this instance.",
                "MALLOC-STATS",
                "    Allocator statistics (not available on the JVM).",
                "PURGE",
                "    Ask the allocator to release unused memory (the JVM does this itself).",
                "STATS",
                "    Memory use of the server, field by field.",
                "USAGE <key> [SAMPLES <count>]",
                "    Bytes the key and its value would take in Redis. Large collections are estimated",
                "    from <count> elements (default 5; 0 looks at all of them).");
    }
}
