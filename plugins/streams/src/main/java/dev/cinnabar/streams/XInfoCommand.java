// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.ErrorCode;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;

import java.util.Iterator;

/** XINFO STREAM, GROUPS, CONSUMERS and HELP, field for field as Redis 7.0's {@code xinfoCommand}. */
final class XInfoCommand {
    /** Entries and pending entries XINFO STREAM FULL shows by default. */
    private static final long FULL_DEFAULT_COUNT = 10;

    private XInfoCommand() {
    }

    private static Stream stream(CommandContext ctx, byte[] key) {
        Stream s = ctx.read(key, StreamsFamily.TYPE);
        if (s == null) {
            throw Errors.NO_SUCH_KEY;
        }
        return s;
    }

    /** XINFO STREAM key [FULL [COUNT count]] */
    static void stream(CommandContext ctx, Arguments args) {
        // the key is looked up before the options are read, as Redis does
        Stream s = stream(ctx, args.get(2));
        boolean full = args.size() > 3;
        long count = FULL_DEFAULT_COUNT;
        if (full) {
            if (!args.is(3, "FULL")) {
                throw XGroupCommand.syntax(args);
            }
            if (args.size() > 4) {
                if (args.size() != 6 || !args.is(4, "COUNT")) {
                    throw XGroupCommand.syntax(args);
                }
                count = args.longValue(5);
                if (count < 0) {
                    count = FULL_DEFAULT_COUNT;
                }
            }
        }
        ReplyWriter out = ctx.reply();
        out.map(full ? 9 : 10);
        out.bulk("length");
        out.integer(s.length());
        out.bulk("radix-tree-keys");
        out.integer(s.nodeCount());
        out.bulk("radix-tree-nodes");
        out.integer(s.nodes.radixNodes());
        out.bulk("last-generated-id");
        GroupReplies.id(out, s.lastId);
        out.bulk("max-deleted-entry-id");
        GroupReplies.id(out, s.maxDeletedId);
        out.bulk("entries-added");
        out.integer(s.entriesAdded);
        out.bulk("recorded-first-entry-id");
        GroupReplies.id(out, s.recordedFirstId());
        if (!full) {
            out.bulk("groups");
            out.integer(s.groups.size());
            out.bulk("first-entry");
            edge(out, s.first());
            out.bulk("last-entry");
            edge(out, s.last());
            return;
        }
        out.bulk("entries");
        entries(out, s, count);
        out.bulk("groups");
        out.array(s.groups.size());
        for (ConsumerGroup g : s.groups.values()) {
            fullGroup(out, s, g, count);
        }
    }

    private static void edge(ReplyWriter out, Stream.Entry e) {
        if (e == null) {
            out.nullBulk();
        } else {
            GroupReplies.entry(out, e.id(), e.fieldsAndValues());
        }
    }

    private static void entries(ReplyWriter out, Stream s, long count) {
        long n = count == 0 ? s.length() : Math.min(count, s.length());
        out.array((int) n);
        Iterator<Stream.Entry> it = s.range(StreamId.MIN, StreamId.MAX, false);
        for (long i = 0; i < n && it.hasNext(); i++) {
            Stream.Entry e = it.next();
            GroupReplies.entry(out, e.id(), e.fieldsAndValues());
        }
    }

    private static int limit(int size, long count) {
        return count == 0 ? size : (int) Math.min(size, count);
    }

    private static void fullGroup(ReplyWriter out, Stream s, ConsumerGroup g, long count) {
        out.map(7);
        out.bulk("name");
        out.bulk(g.name);
        out.bulk("last-delivered-id");
        GroupReplies.id(out, g.lastDeliveredId);
        out.bulk("entries-read");
        entriesRead(out, g);
        out.bulk("lag");
        lag(out, s, g);
        out.bulk("pel-count");
        out.integer(g.pending.size());
        out.bulk("pending");
        int n = limit(g.pending.size(), count);
        out.array(n);
        Iterator<PendingEntry> it = g.pending.values().iterator();
        for (int i = 0; i < n; i++) {
            PendingEntry p = it.next();
            out.array(4);
            GroupReplies.id(out, p.id);
            out.bulk(p.owner.name);
            out.integer(p.deliveryTime);
            out.integer(p.deliveryCount);
        }
        out.bulk("consumers");
        out.array(g.consumers.size());
        for (Consumer c : g.consumers.values()) {
            out.map(4);
            out.bulk("name");
            out.bulk(c.name);
            out.bulk("seen-time");
            out.integer(c.seenTime);
            out.bulk("pel-count");
            out.integer(c.pending.size());
            out.bulk("pending");
            int m = limit(c.pending.size(), count);
            out.array(m);
            Iterator<PendingEntry> pit = c.pending.values().iterator();
            for (int i = 0; i < m; i++) {
                PendingEntry p = pit.next();
                out.array(3);
                GroupReplies.id(out, p.id);
                out.integer(p.deliveryTime);
                out.integer(p.deliveryCount);
            }
        }
    }

    private static void entriesRead(ReplyWriter out, ConsumerGroup g) {
        if (g.entriesRead != GroupCounters.INVALID) {
            out.integer(g.entriesRead);
        } else {
            out.nullBulk();
        }
    }

    private static void lag(ReplyWriter out, Stream s, ConsumerGroup g) {
        Long lag = GroupCounters.lag(s, g);
        if (lag == null) {
            out.nullBulk();
        } else {
            out.integer(lag);
        }
    }

    /** XINFO GROUPS key */
    static void groups(CommandContext ctx, Arguments args) {
        Stream s = stream(ctx, args.get(2));
        ReplyWriter out = ctx.reply();
        out.array(s.groups.size());
        for (ConsumerGroup g : s.groups.values()) {
            out.map(6);
            out.bulk("name");
            out.bulk(g.name);
            out.bulk("consumers");
            out.integer(g.consumers.size());
            out.bulk("pending");
            out.integer(g.pending.size());
            out.bulk("last-delivered-id");
            GroupReplies.id(out, g.lastDeliveredId);
            out.bulk("entries-read");
            entriesRead(out, g);
            out.bulk("lag");
            lag(out, s, g);
        }
    }

    /** XINFO CONSUMERS key group */
    static void consumers(CommandContext ctx, Arguments args) {
        Stream s = stream(ctx, args.get(2));
        ConsumerGroup g = s.groups.get(args.get(3));
        if (g == null) {
            throw new RedisError(ErrorCode.NOGROUP, "No such consumer group '" + GroupReplies.cString(args.get(3))
                    + "' for key name '" + GroupReplies.cString(args.get(2)) + "'");
        }
        ReplyWriter out = ctx.reply();
        long now = ctx.now();
        out.array(g.consumers.size());
        for (Consumer c : g.consumers.values()) {
            out.map(3);
            out.bulk("name");
            out.bulk(c.name);
            out.bulk("pending");
            out.integer(c.pending.size());
            out.bulk("idle");
            out.integer(Math.max(0, now - c.seenTime));
        }
    }

    /** XINFO HELP */
    static void help(CommandContext ctx, Arguments args) {
        GroupReplies.help(ctx.reply(), args.string(0),
                "CONSUMERS <key> <groupname>",
                "    Show consumers of <groupname>.",
                "GROUPS <key>",
                "    Show the stream consumer groups.",
                "STREAM <key> [FULL [COUNT <count>]",
                "    Show information about the stream.");
    }
}
