// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.ErrorCode;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** XACK and XPENDING: the pending entries lists of a group, as Redis 7.0's t_stream.c reads and trims them. */
final class PendingCommands {
    private PendingCommands() {
    }

    /** NOGROUP as XPENDING, XCLAIM and XAUTOCLAIM report a missing key or group. */
    static RedisError noGroup(Arguments args) {
        return new RedisError(ErrorCode.NOGROUP, "No such key '" + GroupReplies.cString(args.get(1))
                + "' or consumer group '" + GroupReplies.cString(args.get(2)) + "'");
    }

    /** XACK key group id [id ...] */
    static void xack(CommandContext ctx, Arguments args) {
        Stream s = ctx.read(args.get(1), StreamsFamily.TYPE);
        ConsumerGroup g = s == null ? null : s.groups.get(args.get(2));
        if (g == null) {
            ctx.reply().integer(0);
            return;
        }
        StreamId[] ids = new StreamId[args.size() - 3];
        for (int i = 3; i < args.size(); i++) {
            ids[i - 3] = StreamIds.parseStrict(args.get(i), 0);
        }
        int acknowledged = 0;
        for (StreamId id : ids) {
            PendingEntry p = g.pending.get(id);
            if (p != null) {
                Groups.remove(g, p);
                acknowledged++;
            }
        }
        ctx.dirty(acknowledged);
        ctx.reply().integer(acknowledged);
    }

    /** XPENDING key group [[IDLE min-idle-time] start end count [consumer]] */
    static void xpending(CommandContext ctx, Arguments args) {
        int argc = args.size();
        if (argc != 3 && (argc < 6 || argc > 9)) {
            throw Errors.SYNTAX;
        }
        StreamId start = null;
        StreamId end = null;
        long count = 0;
        long minIdle = 0;
        byte[] consumerName = null;
        if (argc >= 6) {
            int at = 3;
            if (args.is(3, "IDLE")) {
                minIdle = args.longValue(4);
                if (argc < 8) {
                    throw Errors.SYNTAX;
                }
                at += 2;
            }
            count = Math.max(0, args.longValue(at + 2));
            start = StreamIds.parseIntervalStart(args.get(at));
            end = StreamIds.parseIntervalEnd(args.get(at + 1));
            if (at + 3 < argc) {
                consumerName = args.get(at + 3);
            }
        }
        Stream s = ctx.read(args.get(1), StreamsFamily.TYPE);
        ConsumerGroup g = s == null ? null : s.groups.get(args.get(2));
        if (g == null) {
            throw noGroup(args);
        }
        if (argc == 3) {
            summary(ctx.reply(), g);
        } else {
            extended(ctx, g, start, end, count, minIdle, consumerName);
        }
    }

    private static void summary(ReplyWriter out, ConsumerGroup g) {
        out.array(4);
        out.integer(g.pending.size());
        if (g.pending.isEmpty()) {
            out.nullBulk();
            out.nullBulk();
            out.nullArray();
            return;
        }
        GroupReplies.id(out, g.pending.firstKey());
        GroupReplies.id(out, g.pending.lastKey());
        List<Consumer> holding = new ArrayList<>();
        for (Consumer c : g.consumers.values()) {
            if (!c.pending.isEmpty()) {
                holding.add(c);
            }
        }
        out.array(holding.size());
        for (Consumer c : holding) {
            out.array(2);
            out.bulk(c.name);
            out.bulk(Long.toString(c.pending.size()).getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void extended(CommandContext ctx, ConsumerGroup g, StreamId start, StreamId end, long count,
                                 long minIdle, byte[] consumerName) {
        ReplyWriter out = ctx.reply();
        RaxMap<PendingEntry> pel = g.pending;
        if (consumerName != null) {
            Consumer c = g.consumers.get(consumerName);
            if (c == null) {
                out.array(0);
                return;
            }
            pel = c.pending;
        }
        long now = ctx.now();
        List<PendingEntry> selected = new ArrayList<>();
        if (start.compareTo(end) <= 0) {
            for (PendingEntry p : pel.view().subMap(start, true, end, true).values()) {
                if (count == 0) {
                    break;
                }
                if (minIdle != 0 && now - p.deliveryTime < minIdle) {
                    continue;
                }
                selected.add(p);
                count--;
            }
        }
        out.array(selected.size());
        for (PendingEntry p : selected) {
            out.array(4);
            GroupReplies.id(out, p.id);
            out.bulk(p.owner.name);
            out.integer(Math.max(0, now - p.deliveryTime));
            out.integer(p.deliveryCount);
        }
    }
}
