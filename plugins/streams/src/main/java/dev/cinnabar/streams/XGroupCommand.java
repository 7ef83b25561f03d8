// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.ErrorCode;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.RedisError;

import java.util.Locale;

/** XGROUP and its subcommands, as Redis 7.0's {@code xgroupCommand}. */
final class XGroupCommand {
    private static final RedisError KEY_REQUIRED = RedisError.err("The XGROUP subcommand requires the key to exist. "
            + "Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.");
    private static final RedisError ENTRIES_READ_RANGE = RedisError.err("value for ENTRIESREAD must be positive or -1");

    private XGroupCommand() {
    }

    /** What the options after the id said (CREATE and SETID). */
    private record Options(boolean mkstream, long entriesRead) {
    }

    /** Redis's {@code addReplySubcommandSyntaxError}. */
    static RedisError syntax(Arguments args) {
        String sub = GroupReplies.cString(args.get(1));
        return RedisError.err("unknown subcommand or wrong number of arguments for '"
                + (sub.length() > 128 ? sub.substring(0, 128) : sub) + "'. Try "
                + args.string(0).toUpperCase(Locale.ROOT) + " HELP.");
    }

    private static Options options(Arguments args, boolean create) {
        boolean mkstream = false;
        long entriesRead = GroupCounters.INVALID;
        int i = 5;
        while (i < args.size()) {
            if (create && args.is(i, "MKSTREAM")) {
                mkstream = true;
                i++;
            } else if (args.is(i, "ENTRIESREAD") && i + 1 < args.size()) {
                entriesRead = args.longValue(i + 1);
                if (entriesRead < 0 && entriesRead != GroupCounters.INVALID) {
                    throw ENTRIES_READ_RANGE;
                }
                i += 2;
            } else {
                throw syntax(args);
            }
        }
        return new Options(mkstream, entriesRead);
    }

    private static RedisError noGroup(Arguments args) {
        return new RedisError(ErrorCode.NOGROUP, "No such consumer group '" + GroupReplies.cString(args.get(3))
                + "' for key name '" + GroupReplies.cString(args.get(2)) + "'");
    }

    private static Stream existing(CommandContext ctx, Arguments args) {
        Stream s = ctx.keyspace().get(args.get(2), StreamsFamily.TYPE);
        if (s == null) {
            throw KEY_REQUIRED;
        }
        return s;
    }

    private static ConsumerGroup group(Arguments args, Stream s) {
        ConsumerGroup g = s.groups.get(args.get(3));
        if (g == null) {
            throw noGroup(args);
        }
        return g;
    }

    /** XGROUP CREATE key group id|$ [MKSTREAM] [ENTRIESREAD entries-read] */
    static void create(CommandContext ctx, Arguments args) {
        Options o = options(args, true);
        byte[] key = args.get(2);
        Stream s = ctx.keyspace().get(key, StreamsFamily.TYPE);
        if (s == null && !o.mkstream()) {
            throw KEY_REQUIRED;
        }
        if (args.size() > 8) {
            throw syntax(args);
        }
        StreamId id;
        if (isDollar(args.get(4))) {
            id = s == null ? StreamId.MIN : s.lastId;
        } else {
            id = StreamIds.parseStrict(args.get(4), 0);
        }
        boolean created = false;
        if (s == null) {
            s = new Stream();
            ctx.keyspace().set(key, s);
            created = true;
        }
        if (s.groups.containsKey(args.get(3))) {
            if (created) {
                ctx.modified(key, KeyEvent.STREAM, null);
            }
            ctx.reply().error(new RedisError(ErrorCode.BUSYGROUP, "Consumer Group name already exists"));
            return;
        }
        byte[] name = args.get(3).clone();
        s.groups.put(name, new ConsumerGroup(name, id, o.entriesRead()));
        if (created) {
            ctx.modified(key, KeyEvent.STREAM, "xgroup-create");
        } else {
            ctx.dirty(1);
            ctx.notify(key, KeyEvent.STREAM, "xgroup-create");
        }
        ctx.reply().ok();
    }

    /** XGROUP SETID key group id|$ [ENTRIESREAD entries-read] */
    static void setid(CommandContext ctx, Arguments args) {
        Options o = options(args, false);
        Stream s = existing(ctx, args);
        ConsumerGroup g = group(args, s);
        if (args.size() != 5 && args.size() != 7) {
            throw syntax(args);
        }
        StreamId id = isDollar(args.get(4)) ? s.lastId : StreamIds.parse(args.get(4), 0);
        g.lastDeliveredId = id;
        g.entriesRead = o.entriesRead();
        ctx.dirty(1);
        ctx.notify(args.get(2), KeyEvent.STREAM, "xgroup-setid");
        ctx.reply().ok();
    }

    /** XGROUP DESTROY key group */
    static void destroy(CommandContext ctx, Arguments args) {
        Stream s = existing(ctx, args);
        if (s.groups.remove(args.get(3)) == null) {
            ctx.reply().integer(0);
            return;
        }
        ctx.dirty(1);
        ctx.notify(args.get(2), KeyEvent.STREAM, "xgroup-destroy");
        // its blocked readers learn at once that the group is gone
        ctx.signalKeyReady(args.get(2));
        ctx.reply().integer(1);
    }

    /** XGROUP CREATECONSUMER key group consumer */
    static void createConsumer(CommandContext ctx, Arguments args) {
        Stream s = existing(ctx, args);
        ConsumerGroup g = group(args, s);
        ctx.reply().integer(Groups.create(ctx, args.get(2), g, args.get(4)) == null ? 0 : 1);
    }

    /** XGROUP DELCONSUMER key group consumer */
    static void delConsumer(CommandContext ctx, Arguments args) {
        Stream s = existing(ctx, args);
        ConsumerGroup g = group(args, s);
        Consumer c = g.consumers.get(args.get(4));
        long pending = 0;
        if (c != null) {
            pending = Groups.delete(g, c);
            ctx.dirty(1);
            ctx.notify(args.get(2), KeyEvent.STREAM, "xgroup-delconsumer");
        }
        ctx.reply().integer(pending);
    }

    /** XGROUP HELP */
    static void help(CommandContext ctx, Arguments args) {
        GroupReplies.help(ctx.reply(), args.string(0),
                "CREATE <key> <groupname> <id|$> [option]",
                "    Create a new consumer group. Options are:",
                "    * MKSTREAM",
                "      Create the empty stream if it does not exist.",
                "    * ENTRIESREAD entries_read",
                "      Set the group's entries_read counter (internal use).",
                "CREATECONSUMER <key> <groupname> <consumer>",
                "    Create a new consumer in the specified group.",
                "DELCONSUMER <key> <groupname> <consumer>",
                "    Remove the specified consumer.",
                "DESTROY <key> <groupname>",
                "    Remove the specified group.",
                "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
                "    Set the current group ID and entries_read counter.");
    }

    static boolean isDollar(byte[] arg) {
        return arg.length == 1 && arg[0] == '$';
    }
}
