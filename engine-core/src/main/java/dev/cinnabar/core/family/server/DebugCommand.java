// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.client.Client;
import dev.cinnabar.core.keyspace.ByteKeyMap;
import dev.cinnabar.core.keyspace.Database;
import dev.cinnabar.core.keyspace.LruClock;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.FamilyContext;
import dev.cinnabar.spi.ReplyWriter;
import dev.cinnabar.spi.ValueType;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DEBUG subcommands Cinnabar supports ({@code debug.c}). Whether DEBUG may run at all is the
 * dispatcher's check of {@code enable-debug-command}.
 */
final class DebugCommand {
    private static final System.Logger LOG = System.getLogger("cinnabar.debug");
    /** OBJ_SHARED_INTEGERS: Redis shares the objects of the integers 0 to 9999. */
    private static final long SHARED_INTEGERS = 10000;
    /** OBJ_SHARED_REFCOUNT, the refcount DEBUG OBJECT shows for a shared object. */
    private static final long SHARED_REFCOUNT = Integer.MAX_VALUE;
    /** The longest prefix of a string C's strtod would read. */
    private static final Pattern FLOAT_PREFIX = Pattern.compile("^\\s*[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INT_PREFIX = Pattern.compile("^\\s*[+-]?\\d+");

    private final Engine engine;

    DebugCommand(Engine engine) {
        this.engine = engine;
    }

    void register(FamilyContext ctx) {
        ctx.command("debug", this::debug);
    }

    /** DEBUG subcommand [argument [argument ...]] */
    void debug(CommandContext ctx, Arguments args) {
        String sub = args.string(1).toLowerCase(java.util.Locale.ROOT);
        int argc = args.size();
        switch (sub) {
            case "help" -> help(ctx, args);
            case "sleep" -> {
                requireArgs(args, argc == 3);
                sleep(args.string(2));
                ctx.reply().ok();
            }
            case "set-active-expire" -> {
                requireArgs(args, argc == 3);
                engine.coreConfig().activeExpireEnabled = atoi(args.string(2)) != 0;
                ctx.reply().ok();
            }
            case "set-disable-deny-scripts" -> {
                requireArgs(args, argc == 3);
                engine.coreConfig().scriptDenyDisabled = atoi(args.string(2)) != 0;
                ctx.reply().ok();
            }
            case "object" -> {
                requireArgs(args, argc == 3);
                object(ctx, args.get(2));
            }
            case "change-repl-id" -> {
                requireArgs(args, argc == 2);
                engine.replication().changeId();
                ctx.reply().ok();
            }
            case "error" -> {
                requireArgs(args, argc == 3);
                error(ctx, args.string(2));
            }
            case "log" -> {
                requireArgs(args, argc == 3);
                LOG.log(System.Logger.Level.WARNING, "DEBUG LOG: " + args.string(2));
                ctx.reply().ok();
            }
            case "protocol" -> {
                requireArgs(args, argc == 3);
                protocol(ctx.reply(), args.string(2));
            }
            case "digest" -> {
                requireArgs(args, argc == 2);
                List<ByteKeyMap> tables = new ArrayList<>();
                for (int i = 0; i < engine.databaseCount(); i++) {
                    tables.add(engine.database(i).entries());
                }
                ctx.reply().simple(new DatasetDigest().dataset(tables, engine.types()::of));
            }
            case "digest-value" -> digestValues(ctx, args);
            case "reload" -> {
                reload(args);
                ctx.reply().ok();
            }
            default -> throw Help.syntaxError(args);
        }
    }

    /**
     * DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save the RDB, empty the data set, load the file back.
     * NOFLUSH and MERGE (loading on top of the current keys) are not supported: the loader replaces the
     * whole data set, so they are refused rather than silently ignored.
     */
    private void reload(Arguments args) {
        boolean save = true;
        boolean merge = false;
        for (int i = 2; i < args.size(); i++) {
            if (args.is(i, "MERGE") || args.is(i, "NOFLUSH")) {
                merge = true;
            } else if (args.is(i, "NOSAVE")) {
                save = false;
            } else {
                throw dev.cinnabar.spi.RedisError.err("DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
            }
        }
        if (merge) {
            throw dev.cinnabar.spi.RedisError.err("DEBUG RELOAD MERGE and NOFLUSH are not supported by Cinnabar");
        }
        engine.persistence().debugReload(save);
    }

    private static void requireArgs(Arguments args, boolean ok) {
        if (!ok) {
            throw Help.syntaxError(args);
        }
    }

    /** Sleeps the engine thread, stopping the whole server as Redis does; the argument is read as strtod. */
    private static void sleep(String seconds) {
        Matcher m = FLOAT_PREFIX.matcher(seconds);
        double d = m.find() ? Double.parseDouble(m.group().strip()) : 0;
        long micros = (long) (d * 1_000_000);
        if (micros > 0) {
            try {
                Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** C's atoi: the leading integer of the string, 0 when there is none. */
    private static long atoi(String s) {
        Matcher m = INT_PREFIX.matcher(s);
        if (!m.find()) {
            return 0;
        }
        try {
            return Long.parseLong(m.group().strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** DEBUG DIGEST-VALUE [key ...]: as DEBUG OBJECT, a key past its expiry still counts. */
    private void digestValues(CommandContext ctx, Arguments args) {
        ByteKeyMap table = engine.database(ctx.client().db()).entries();
        DatasetDigest digest = new DatasetDigest();
        ctx.reply().array(args.size() - 2);
        for (int i = 2; i < args.size(); i++) {
            byte[] key = args.get(i);
            int slot = table.find(key);
            Object value = slot < 0 ? null : table.valueAt(slot);
            ValueType<?> type = value == null ? null : engine.types().of(value);
            ctx.reply().simple(digest.value(key, value, type, slot >= 0 && table.expiryAt(slot) != 0));
        }
    }

    /** DEBUG OBJECT key: the line Redis prints, from what Cinnabar knows about the value. */
    private void object(CommandContext ctx, byte[] key) {
        Database db = engine.database(ctx.client().db());
        // as Redis, a key whose time has passed but that was not deleted yet is still shown, and looking
        // at it is not an access
        int slot = db.entries().find(key);
        if (slot < 0) {
            throw Errors.NO_SUCH_KEY;
        }
        Object value = db.entries().valueAt(slot);
        int lru = db.entries().clockAt(slot);
        @SuppressWarnings("unchecked")
        ValueType<Object> type = (ValueType<Object>) engine.types().of(value);
        String encoding = type.encoding(value);
        long refcount = 1;
        if (value instanceof byte[] s && encoding.equals("int")) {
            long n = Long.parseLong(new String(s, java.nio.charset.StandardCharsets.US_ASCII));
            refcount = n >= 0 && n < SHARED_INTEGERS ? SHARED_REFCOUNT : 1;
        }
        ctx.reply().simple("Value at:0x" + Long.toHexString(0x7f0000000000L | System.identityHashCode(value))
                + " refcount:" + refcount + " encoding:" + encoding + " serializedlength:"
                + SerializedLength.of(type, value) + " lru:" + lru + " lru_seconds_idle:"
                + LruClock.idleMillis(lru, engine.now()) / 1000);
    }

    /** DEBUG ERROR: replies the argument as an error line, counted as Redis counts it. */
    private void error(CommandContext ctx, String message) {
        String line = message.replace('\r', ' ').replace('\n', ' ');
        Client c = ServerCommands.client(ctx);
        int space = line.indexOf(' ');
        boolean prefixed = line.startsWith("-") && space > 0 && space < 32;
        engine.stats().error(prefixed ? line.substring(1) : "ERR");
        if (c.currentCommand != null) {
            c.currentCommand.failedCalls++;
        }
        ctx.reply().error(line);
    }

    /** DEBUG PROTOCOL type: one sample reply of each RESP type, as Redis's client tests expect them. */
    private static void protocol(ReplyWriter out, String type) {
        switch (type.toLowerCase(java.util.Locale.ROOT)) {
            case "string" -> out.bulk("Hello World");
            case "integer" -> out.integer(12345);
            case "double" -> out.doubleValue(3.141);
            case "bignum" -> out.bigNumber("1234567999999999999999999999999999999");
            case "null" -> out.nullBulk();
            case "array", "set" -> {
                if (type.equalsIgnoreCase("set")) {
                    out.set(3);
                } else {
                    out.array(3);
                }
                for (int j = 0; j < 3; j++) {
                    out.integer(j);
                }
            }
            case "map" -> {
                out.map(3);
                for (int j = 0; j < 3; j++) {
                    out.integer(j);
                    out.bool(j == 1);
                }
            }
            // RESP3 attributes are not supported by the reply writer; the reply that follows them is
            case "attrib" -> out.bulk("Some real reply following the attribute");
            case "push" -> {
                out.push(2);
                out.bulk("server-cpu-usage");
                out.integer(42);
                out.bulk("Some real reply following the push reply");
            }
            case "true" -> out.bool(true);
            case "false" -> out.bool(false);
            case "verbatim" -> out.verbatim("txt", "This is a verbatim\nstring");
            default -> throw dev.cinnabar.spi.RedisError.err("Wrong protocol type name. Please use one of the "
                    + "following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false");
        }
    }

    /** DEBUG HELP */
    private static void help(CommandContext ctx, Arguments args) {
        Help.reply(ctx, args,
                "CHANGE-REPL-ID",
                "    Give this server a new replication id and forget the previous one.",
                "ERROR <string>",
                "    Reply <string> as an error, to test how clients handle errors.",
                "LOG <message>",
                "    Write <message> to the server log.",
                "OBJECT <key>",
                "    Show how the value at <key> is stored.",
                "RELOAD [option ...]",
                "    Save the RDB on disk and reload it back to memory. Options:",
                "    * NOSAVE: the database will be loaded from an existing RDB file.",
                "PROTOCOL <type>",
                "    Reply a sample value of a RESP type: string, integer, double, bignum, null, array,",
                "    set, map, attrib, push, verbatim, true or false.",
                "SET-ACTIVE-EXPIRE <0|1>",
                "    0 stops deleting expired keys in the background (they still expire when accessed);",
                "    1 turns it back on.",
                "SLEEP <seconds>",
                "    Stop the whole server for <seconds>, decimals allowed.");
    }
}
