// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;

import java.util.ArrayList;
import java.util.List;

/** XCLAIM and XAUTOCLAIM: pending entries changing owner, as Redis 7.0's t_stream.c moves them. */
final class ClaimCommands {
    private static final RedisError XCLAIM_MIN_IDLE = RedisError.err("Invalid min-idle-time argument for XCLAIM");
    private static final RedisError XAUTOCLAIM_MIN_IDLE = RedisError.err(
            "Invalid min-idle-time argument for XAUTOCLAIM");
    private static final RedisError IDLE = RedisError.err("Invalid IDLE option argument for XCLAIM");
    private static final RedisError TIME = RedisError.err("Invalid TIME option argument for XCLAIM");
    private static final RedisError RETRYCOUNT = RedisError.err("Invalid RETRYCOUNT option argument for XCLAIM");
    private static final RedisError COUNT = RedisError.err("COUNT must be > 0");
    /** XAUTOCLAIM looks at up to COUNT times this many pending entries (Redis's {@code attempts_factor}). */
    private static final long ATTEMPTS_FACTOR = 10;
    /** COUNT's upper bound: {@code LONG_MAX / max(sizeof(streamID), attempts_factor)}. */
    private static final long MAX_COUNT = Long.MAX_VALUE / 16;
    /**
     * Redis allocates COUNT 16-byte ids up front and fails above what a 47-bit address space can map
     * (128 TiB); the same limit is kept so a huge COUNT gets the same error.
     */
    private static final long ALLOCATABLE_COUNT = (1L << 47) / 16;
    private static final RedisError COUNT_TOO_HIGH = RedisError.err(
            "Insufficient memory, failed allocating transient memory, COUNT too high.");

    private ClaimCommands() {
    }

    /**
     * XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME unix-time-milliseconds]
     * [RETRYCOUNT count] [FORCE] [JUSTID] [LASTID lastid]
     */
    static void xclaim(CommandContext ctx, Arguments args) {
        byte[] key = args.get(1);
        Stream s = ctx.read(key, StreamsFamily.TYPE);
        ConsumerGroup g = s == null ? null : s.groups.get(args.get(2));
        if (g == null) {
            throw PendingCommands.noGroup(args);
        }
        long minIdle = Math.max(0, Numbers.parseLong(args.get(4), XCLAIM_MIN_IDLE));
        int j = 5;
        while (j < args.size() && isStrictId(args.get(j))) {
            j++;
        }
        int lastIdArg = j - 1;
        long now = ctx.now();
        long deliveryTime = -1;
        long retryCount = -1;
        boolean force = false;
        boolean justId = false;
        StreamId lastId = StreamId.MIN;
        for (; j < args.size(); j++) {
            int more = args.size() - 1 - j;
            if (args.is(j, "FORCE")) {
                force = true;
            } else if (args.is(j, "JUSTID")) {
                justId = true;
            } else if (args.is(j, "IDLE") && more > 0) {
                deliveryTime = now - Numbers.parseLong(args.get(++j), IDLE);
            } else if (args.is(j, "TIME") && more > 0) {
                deliveryTime = Numbers.parseLong(args.get(++j), TIME);
            } else if (args.is(j, "RETRYCOUNT") && more > 0) {
                retryCount = Numbers.parseLong(args.get(++j), RETRYCOUNT);
            } else if (args.is(j, "LASTID") && more > 0) {
                lastId = StreamIds.parseStrict(args.get(++j), 0);
            } else {
                throw RedisError.err("Unrecognized XCLAIM option '" + GroupReplies.cString(args.get(j)) + "'");
            }
        }
        // a claim is propagated as XCLAIM lines of its own, never as the command typed
        ctx.propagate();
        boolean propagateLastId = false;
        if (lastId.compareTo(g.lastDeliveredId) > 0) {
            g.lastDeliveredId = lastId;
            propagateLastId = true;
        }
        if (deliveryTime == -1 || deliveryTime < 0 || deliveryTime > now) {
            deliveryTime = now;
        }
        Consumer consumer = null;
        List<Runnable> replies = new ArrayList<>();
        ReplyWriter out = ctx.reply();
        for (int i = 5; i <= lastIdArg; i++) {
            StreamId id = StreamIds.parseStrict(args.get(i), 0);
            PendingEntry p = g.pending.get(id);
            if (s.get(id) == null) {
                if (p != null) {
                    GroupPropagation.claim(ctx, key, args.get(2), g, args.get(i), p);
                    propagateLastId = false;
                    ctx.dirty(1);
                    Groups.remove(g, p);
                }
                continue;
            }
            if (force && p == null) {
                p = new PendingEntry(id, null, now, 1);
                g.pending.put(id, p);
            }
            if (p == null) {
                continue;
            }
            if (p.owner != null && minIdle != 0 && now - p.deliveryTime < minIdle) {
                continue;
            }
            if (consumer == null) {
                consumer = Groups.consumer(ctx, key, g, args.get(3));
            }
            p.deliveryTime = deliveryTime;
            if (retryCount >= 0) {
                p.deliveryCount = retryCount;
            } else if (!justId) {
                p.deliveryCount++;
            }
            Groups.transfer(p, consumer);
            if (justId) {
                replies.add(() -> GroupReplies.id(out, id));
            } else {
                replies.add(() -> GroupReplies.entryOrNull(out, s, id));
            }
            GroupPropagation.claim(ctx, key, args.get(2), g, args.get(i), p);
            propagateLastId = false;
            ctx.dirty(1);
        }
        if (propagateLastId) {
            GroupPropagation.groupId(ctx, key, args.get(2), g);
            ctx.dirty(1);
        }
        out.array(replies.size());
        replies.forEach(Runnable::run);
    }

    private static boolean isStrictId(byte[] arg) {
        try {
            StreamIds.parseStrict(arg, 0);
            return true;
        } catch (RedisError e) {
            return false;
        }
    }

    /** XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID] */
    static void xautoclaim(CommandContext ctx, Arguments args) {
        long minIdle = Math.max(0, Numbers.parseLong(args.get(4), XAUTOCLAIM_MIN_IDLE));
        StreamId start = StreamIds.parseIntervalStart(args.get(5));
        long count = 100;
        boolean justId = false;
        for (int j = 6; j < args.size(); j++) {
            int more = args.size() - 1 - j;
            if (args.is(j, "COUNT") && more > 0) {
                count = args.longValue(++j, 1, MAX_COUNT, COUNT);
            } else if (args.is(j, "JUSTID")) {
                justId = true;
            } else {
                throw Errors.SYNTAX;
            }
        }
        byte[] key = args.get(1);
        Stream s = ctx.read(key, StreamsFamily.TYPE);
        ConsumerGroup g = s == null ? null : s.groups.get(args.get(2));
        if (g == null) {
            throw PendingCommands.noGroup(args);
        }
        if (count >= ALLOCATABLE_COUNT) {
            throw COUNT_TOO_HIGH;
        }
        ctx.propagate();
        long attempts = count * ATTEMPTS_FACTOR;
        long now = ctx.now();
        Consumer consumer = null;
        List<StreamId> claimed = new ArrayList<>();
        List<StreamId> deleted = new ArrayList<>();
        StreamId cursor = start;
        // each pass looks at the first pending entry at or after the cursor, as Redis's rax iterator does
        while (attempts-- > 0 && count > 0 && cursor != null) {
            java.util.Map.Entry<StreamId, PendingEntry> next = g.pending.ceilingEntry(cursor);
            if (next == null) {
                cursor = null;
                break;
            }
            PendingEntry p = next.getValue();
            StreamId id = next.getKey();
            cursor = id.next();
            if (s.get(id) == null) {
                GroupPropagation.claim(ctx, key, args.get(2), g, GroupReplies.idBytes(id), p);
                ctx.dirty(1);
                Groups.remove(g, p);
                deleted.add(id);
                count--;
                continue;
            }
            if (minIdle != 0 && now - p.deliveryTime < minIdle) {
                continue;
            }
            if (consumer == null) {
                consumer = Groups.consumer(ctx, key, g, args.get(3));
            }
            p.deliveryTime = now;
            if (!justId) {
                p.deliveryCount++;
            }
            Groups.transfer(p, consumer);
            claimed.add(id);
            count--;
            GroupPropagation.claim(ctx, key, args.get(2), g, GroupReplies.idBytes(id), p);
            ctx.dirty(1);
        }
        StreamId endId = cursor == null ? null : g.pending.ceilingKey(cursor);
        ReplyWriter out = ctx.reply();
        out.array(3);
        GroupReplies.id(out, endId == null ? StreamId.MIN : endId);
        out.array(claimed.size());
        for (StreamId id : claimed) {
            if (justId) {
                GroupReplies.id(out, id);
            } else {
                GroupReplies.entryOrNull(out, s, id);
            }
        }
        out.array(deleted.size());
        for (StreamId id : deleted) {
            GroupReplies.id(out, id);
        }
    }
}
