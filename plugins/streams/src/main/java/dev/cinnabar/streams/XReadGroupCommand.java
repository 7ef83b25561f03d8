// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.ErrorCode;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * XREADGROUP, as Redis 7.0's {@code xreadCommand} in its group form and, for a blocked client woken by a
 * key, {@code serveClientsBlockedOnStreamKey}.
 */
final class XReadGroupCommand {
    /** Entries a woken client gets at most when it gave no COUNT (Redis's {@code XREAD_BLOCKED_DEFAULT_COUNT}). */
    private static final long BLOCKED_DEFAULT_COUNT = 1000;
    private static final RedisError TIMEOUT_NOT_INTEGER = RedisError.err("timeout is not an integer or out of range");
    private static final RedisError UNBALANCED = RedisError.err(
            "Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.");
    private static final RedisError MISSING_GROUP = RedisError.err("Missing GROUP option for XREADGROUP");
    private static final RedisError DOLLAR = RedisError.err("The $ ID is meaningless in the context of XREADGROUP: "
            + "you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new "
            + "messages. The $ ID would just return an empty result set.");
    private static final RedisError KEY_GONE = new RedisError(ErrorCode.UNBLOCKED, "the stream key no longer exists");
    private static final RedisError GROUP_GONE = new RedisError(ErrorCode.NOGROUP,
            "the consumer group this client was blocked on no longer exists");
    private static final java.util.function.Consumer<ReplyWriter> NULL_ARRAY = ReplyWriter::nullArray;

    private XReadGroupCommand() {
    }

    /** The parsed command line. {@code timeout} is -1 without BLOCK. */
    private record Request(byte[] group, byte[] consumer, long count, long timeout, boolean noack, int streamsAt,
                           int streams) {
        byte[] key(Arguments args, int i) {
            return args.get(streamsAt + i);
        }

        byte[][] keys(Arguments args) {
            byte[][] keys = new byte[streams][];
            for (int i = 0; i < streams; i++) {
                keys[i] = key(args, i);
            }
            return keys;
        }
    }

    /** What one stream contributes to the reply: its key and entries (null fields for a vanished entry). */
    private record Served(byte[] key, List<Stream.Entry> entries) {
    }

    private static Request parse(CommandContext ctx, Arguments args) {
        long timeout = -1;
        long count = 0;
        boolean noack = false;
        byte[] group = null;
        byte[] consumer = null;
        int streamsAt = 0;
        int streams = 0;
        for (int i = 1; i < args.size(); i++) {
            int more = args.size() - i - 1;
            if (args.is(i, "BLOCK") && more > 0) {
                if (ctx.client().inScript()) {
                    throw RedisError.err(args.string(0) + " command is not allowed with BLOCK option from scripts");
                }
                i++;
                timeout = Numbers.parseLong(args.get(i), TIMEOUT_NOT_INTEGER);
                if (timeout < 0) {
                    throw Errors.TIMEOUT_NEGATIVE;
                }
            } else if (args.is(i, "COUNT") && more > 0) {
                i++;
                count = Math.max(0, args.longValue(i));
            } else if (args.is(i, "STREAMS") && more > 0) {
                streamsAt = i + 1;
                int n = args.size() - streamsAt;
                if (n % 2 != 0) {
                    throw UNBALANCED;
                }
                streams = n / 2;
                break;
            } else if (args.is(i, "GROUP") && more >= 2) {
                group = args.get(i + 1);
                consumer = args.get(i + 2);
                i += 2;
            } else if (args.is(i, "NOACK")) {
                noack = true;
            } else {
                throw Errors.SYNTAX;
            }
        }
        if (streamsAt == 0) {
            throw Errors.SYNTAX;
        }
        if (group == null) {
            throw MISSING_GROUP;
        }
        return new Request(group, consumer, count, timeout, noack, streamsAt, streams);
    }

    /** XREADGROUP GROUP group consumer [COUNT count] [BLOCK milliseconds] [NOACK] STREAMS key [key ...] id [id ...] */
    static void xreadgroup(CommandContext ctx, Arguments args) {
        Request r = parse(ctx, args);
        // the read itself is never propagated: what it changed goes out as XCLAIM / XGROUP lines
        ctx.propagate();
        if (ctx.readyKey() != null) {
            serveWoken(ctx, args, r, ctx.readyKey());
            return;
        }
        ConsumerGroup[] groups = new ConsumerGroup[r.streams()];
        StreamId[] ids = new StreamId[r.streams()];
        for (int i = 0; i < r.streams(); i++) {
            byte[] key = r.key(args, i);
            Stream s = ctx.read(key, StreamsFamily.TYPE);
            ConsumerGroup g = s == null ? null : s.groups.get(r.group());
            if (g == null) {
                throw new RedisError(ErrorCode.NOGROUP, "No such key '" + string(key) + "' or consumer group '"
                        + string(r.group()) + "' in XREADGROUP with GROUP option");
            }
            groups[i] = g;
            byte[] id = args.get(r.streamsAt() + r.streams() + i);
            if (XGroupCommand.isDollar(id)) {
                throw DOLLAR;
            }
            // ">" is kept as the largest id, as Redis does
            ids[i] = id.length == 1 && id[0] == '>' ? StreamId.MAX : StreamIds.parseStrict(id, 0);
        }
        List<Served> served = new ArrayList<>();
        for (int i = 0; i < r.streams(); i++) {
            byte[] key = r.key(args, i);
            Stream s = ctx.keyspace().get(key, StreamsFamily.TYPE);
            ConsumerGroup g = groups[i];
            StreamId gt = ids[i];
            boolean history = !gt.equals(StreamId.MAX);
            boolean serve = history;
            if (!history && s.length() > 0 && s.last().id().compareTo(g.lastDeliveredId) > 0) {
                serve = true;
                gt = g.lastDeliveredId;
            }
            if (!serve) {
                continue;
            }
            Consumer consumer = consumer(ctx, key, r, g);
            StreamId start = gt.next() == null ? StreamId.MIN : gt.next();
            List<Stream.Entry> entries = history
                    ? history(ctx, s, consumer, start, r.count())
                    : deliver(ctx, key, r, s, g, consumer, start, r.count());
            served.add(new Served(key, entries));
            ctx.dirty(1);
        }
        if (!served.isEmpty()) {
            reply(ctx.reply(), served);
            return;
        }
        if (r.timeout() == -1 || !ctx.block(r.keys(args), r.timeout(), NULL_ARRAY)) {
            ctx.reply().nullArray();
        }
    }

    /** A blocked client woken by {@code key}: served from it alone, or blocked again keeping its place. */
    private static void serveWoken(CommandContext ctx, Arguments args, Request r, byte[] key) {
        if (!(ctx.keyspace().get(key) instanceof Stream s)) {
            throw KEY_GONE;
        }
        ConsumerGroup g = s.groups.get(r.group());
        if (g == null) {
            throw GROUP_GONE;
        }
        if (s.lastId.compareTo(g.lastDeliveredId) <= 0) {
            ctx.block(r.keys(args), r.timeout(), NULL_ARRAY);
            return;
        }
        Consumer consumer = consumer(ctx, key, r, g);
        long count = r.count() == 0 ? BLOCKED_DEFAULT_COUNT : r.count();
        List<Stream.Entry> entries = deliver(ctx, key, r, s, g, consumer, g.lastDeliveredId.next(), count);
        reply(ctx.reply(), List.of(new Served(key, entries)));
    }

    /** The reading consumer, created if new; a new one read with NOACK is propagated as its own creation. */
    private static Consumer consumer(CommandContext ctx, byte[] key, Request r, ConsumerGroup g) {
        Consumer c = g.consumers.get(r.consumer());
        if (c == null) {
            c = Groups.create(ctx, key, g, r.consumer());
            if (r.noack()) {
                GroupPropagation.consumerCreation(ctx, key, r.group(), c.name);
            }
        }
        c.seenTime = ctx.now();
        return c;
    }

    /** New entries from {@code start} on, moving the group forward and into the consumer's pending list. */
    private static List<Stream.Entry> deliver(CommandContext ctx, byte[] key, Request r, Stream s, ConsumerGroup g,
                                              Consumer consumer, StreamId start, long count) {
        List<Stream.Entry> out = new ArrayList<>();
        if (start == null) {
            return out;
        }
        boolean propagateLastId = false;
        Iterator<Stream.Entry> it = s.range(start, StreamId.MAX, false);
        while (it.hasNext()) {
            Stream.Entry e = it.next();
            if (e.id().compareTo(g.lastDeliveredId) > 0) {
                GroupCounters.delivered(s, g, e.id());
                // without NOACK the XCLAIM lines carry the group's last id
                propagateLastId |= r.noack();
            }
            out.add(e);
            if (!r.noack()) {
                PendingEntry p = Groups.deliver(g, consumer, e.id(), ctx.now());
                GroupPropagation.claim(ctx, key, r.group(), g, GroupReplies.idBytes(e.id()), p);
            }
            if (count != 0 && out.size() == count) {
                break;
            }
        }
        if (propagateLastId) {
            GroupPropagation.groupId(ctx, key, r.group(), g);
        }
        return out;
    }

    /** The consumer's own pending entries from {@code start} on, each delivered once more. */
    private static List<Stream.Entry> history(CommandContext ctx, Stream s, Consumer consumer,
                                              StreamId start, long count) {
        List<Stream.Entry> out = new ArrayList<>();
        for (Map.Entry<StreamId, PendingEntry> e : consumer.pending.view().tailMap(start, true).entrySet()) {
            if (count != 0 && out.size() == count) {
                break;
            }
            byte[][] fields = s.get(e.getKey());
            if (fields != null) {
                PendingEntry p = e.getValue();
                p.deliveryTime = ctx.now();
                p.deliveryCount++;
            }
            out.add(new Stream.Entry(e.getKey(), fields));
        }
        return out;
    }

    private static void reply(ReplyWriter out, List<Served> served) {
        if (out.protocol() == 2) {
            out.array(served.size());
        } else {
            out.map(served.size());
        }
        for (Served one : served) {
            if (out.protocol() == 2) {
                out.array(2);
            }
            out.bulk(one.key());
            out.array(one.entries().size());
            for (Stream.Entry e : one.entries()) {
                if (e.fieldsAndValues() == null) {
                    out.array(2);
                    GroupReplies.id(out, e.id());
                    out.nullArray();
                } else {
                    GroupReplies.entry(out, e.id(), e.fieldsAndValues());
                }
            }
        }
    }

    private static String string(byte[] b) {
        return GroupReplies.cString(b);
    }
}
