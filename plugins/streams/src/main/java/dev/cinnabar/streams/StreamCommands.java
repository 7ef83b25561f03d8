// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.FamilyContext;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.Keyspace;
import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The commands on a stream's entries ({@code t_stream.c} minus consumer groups): XADD, XLEN, XRANGE,
 * XREVRANGE, XDEL, XTRIM, XSETID and XREAD.
 */
final class StreamCommands {
    private static final StreamType TYPE = StreamsFamily.TYPE;
    private static final RedisError ZERO_ID = RedisError.err("The ID specified in XADD must be greater than 0-0");
    private static final RedisError SMALLER_ID = RedisError.err(
            "The ID specified in XADD is equal or smaller than the target stream top item");
    private static final RedisError TOO_LARGE = RedisError.err("Elements are too large to be stored");
    private static final RedisError EXHAUSTED = RedisError.err(
            "The stream has exhausted the last possible ID, unable to add more items");
    private static final RedisError TIMEOUT_NOT_INTEGER = RedisError.err("timeout is not an integer or out of range");
    /** Redis's {@code XREAD_BLOCKED_DEFAULT_COUNT}: what a blocked XREAD without COUNT gets when served. */
    private static final long BLOCKED_DEFAULT_COUNT = 1000;

    static void register(FamilyContext ctx) {
        StreamConfig.register(ctx);
        StreamCommands c = new StreamCommands();
        ctx.command("xadd", c::xadd);
        ctx.command("xlen", c::xlen);
        ctx.command("xrange", (cc, a) -> c.xrange(cc, a, false));
        ctx.command("xrevrange", (cc, a) -> c.xrange(cc, a, true));
        ctx.command("xdel", c::xdel);
        ctx.command("xtrim", c::xtrim);
        ctx.command("xsetid", c::xsetid);
        ctx.command("xread", c::xread);
    }

    /** XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value [field value ...] */
    void xadd(CommandContext ctx, Arguments args) {
        TrimArgs trim = TrimArgs.parse(args, true);
        int fieldPos = trim.idPos + 1;
        int pairs = args.size() - fieldPos;
        if (pairs < 2 || pairs % 2 == 1) {
            throw Errors.wrongArity("xadd");
        }
        if (trim.id != null && trim.seqGiven && trim.id.equals(StreamId.MIN)) {
            throw ZERO_ID;
        }
        byte[] key = args.get(1);
        Keyspace ks = ctx.keyspace();
        Stream s = ks.get(key, TYPE);
        boolean created = false;
        if (s == null) {
            if (trim.noMkStream) {
                ctx.reply().nullBulk();
                return;
            }
            s = new Stream();
            ks.set(key, s);
            created = true;
        }
        if (s.lastId.equals(StreamId.MAX)) {
            throw EXHAUSTED;
        }
        StreamId id;
        if (trim.id == null) {
            long now = ctx.now();
            id = Long.compareUnsigned(now, s.lastId.ms()) > 0 ? new StreamId(now, 0) : s.lastId.next();
        } else if (!trim.seqGiven) {
            if (s.lastId.ms() == trim.id.ms()) {
                if (s.lastId.seq() == -1L) {
                    // Redis 7.0.15 reports this overflow with the wrong errno, hence this message
                    throw TOO_LARGE;
                }
                id = s.lastId.next();
            } else {
                id = trim.id;
            }
        } else {
            id = trim.id;
        }
        if (id.compareTo(s.lastId) <= 0) {
            throw SMALLER_ID;
        }
        byte[][] fieldsAndValues = args.slice(fieldPos);
        long total = 0;
        for (byte[] e : fieldsAndValues) {
            total += e.length;
        }
        if (total > Stream.LISTPACK_MAX_SIZE) {
            throw TOO_LARGE;
        }
        s.append(id, fieldsAndValues);
        ctx.reply().bulk(StreamIds.toBytes(id));
        ctx.modified(key, KeyEvent.STREAM, "xadd");

        byte[][] propagated = null;
        if (trim.strategy != TrimArgs.NONE) {
            if (trim.apply(s) > 0) {
                ctx.notify(key, KeyEvent.STREAM, "xtrim");
            }
            if (trim.approx) {
                propagated = trim.rewriteApproximate(args, s);
            }
        }
        if (trim.id == null || !trim.seqGiven) {
            if (propagated == null) {
                propagated = args.slice(0);
            }
            propagated[trim.idPos - trim.dropped(trim.idPos)] = StreamIds.toBytes(id);
        }
        if (propagated != null) {
            ctx.propagate(propagated);
        }
        if (!created) {
            ctx.signalKeyReady(key);
        }
    }

    /** XLEN key */
    void xlen(CommandContext ctx, Arguments args) {
        Stream s = ctx.read(args.get(1), TYPE);
        ctx.reply().integer(s == null ? 0 : s.length());
    }

    /** XRANGE key start end [COUNT count] / XREVRANGE key end start [COUNT count] */
    void xrange(CommandContext ctx, Arguments args, boolean reverse) {
        StreamId start = StreamIds.parseIntervalStart(args.get(reverse ? 3 : 2));
        StreamId end = StreamIds.parseIntervalEnd(args.get(reverse ? 2 : 3));
        long count = -1;
        for (int j = 4; j < args.size(); j++) {
            if (args.is(j, "COUNT") && j + 1 < args.size()) {
                count = Math.max(0, args.longValue(j + 1));
                j++;
            } else {
                throw Errors.SYNTAX;
            }
        }
        Stream s = ctx.read(args.get(1), TYPE);
        ReplyWriter out = ctx.reply();
        if (s == null) {
            out.array(0);
        } else if (count == 0) {
            out.nullArray();
        } else {
            replyRange(out, s, start, end, count == -1 ? 0 : count, reverse);
        }
    }

    /** Writes entries {@code start}..{@code end} ({@code count} 0: all) as Redis's streamReplyWithRange. */
    static void replyRange(ReplyWriter out, Stream s, StreamId start, StreamId end, long count, boolean reverse) {
        List<Stream.Entry> entries = new ArrayList<>();
        Iterator<Stream.Entry> it = s.range(start, end, reverse);
        while (it.hasNext() && (count == 0 || entries.size() < count)) {
            entries.add(it.next());
        }
        out.array(entries.size());
        for (Stream.Entry e : entries) {
            out.array(2);
            out.bulk(StreamIds.toBytes(e.id()));
            out.bulkArray(e.fieldsAndValues());
        }
    }

    /** XDEL key id [id ...] */
    void xdel(CommandContext ctx, Arguments args) {
        byte[] key = args.get(1);
        Stream s = ctx.keyspace().get(key, TYPE);
        if (s == null) {
            ctx.reply().integer(0);
            return;
        }
        StreamId[] ids = new StreamId[args.size() - 2];
        for (int j = 2; j < args.size(); j++) {
            ids[j - 2] = StreamIds.parseStrict(args.get(j), 0);
        }
        int deleted = 0;
        for (StreamId id : ids) {
            if (s.delete(id)) {
                deleted++;
            }
        }
        if (deleted > 0) {
            ctx.modified(key, KeyEvent.STREAM, "xdel");
            ctx.dirty(deleted - 1);
        }
        ctx.reply().integer(deleted);
    }

    /** XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count] */
    void xtrim(CommandContext ctx, Arguments args) {
        TrimArgs trim = TrimArgs.parse(args, false);
        byte[] key = args.get(1);
        Stream s = ctx.keyspace().get(key, TYPE);
        if (s == null) {
            ctx.reply().integer(0);
            return;
        }
        long deleted = trim.apply(s);
        if (deleted > 0) {
            ctx.modified(key, KeyEvent.STREAM, "xtrim");
            ctx.dirty(deleted - 1);
            if (trim.approx) {
                ctx.propagate(trim.rewriteApproximate(args, s));
            }
        }
        ctx.reply().integer(deleted);
    }

    /** XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id] */
    void xsetid(CommandContext ctx, Arguments args) {
        StreamId id = StreamIds.parseStrict(args.get(2), 0);
        long entriesAdded = -1;
        StreamId maxDeleted = StreamId.MIN;
        for (int i = 3; i < args.size(); ) {
            boolean more = i + 1 < args.size();
            if (args.is(i, "ENTRIESADDED") && more) {
                entriesAdded = args.longValue(i + 1);
                if (entriesAdded < 0) {
                    throw RedisError.err("entries_added must be positive");
                }
            } else if (args.is(i, "MAXDELETEDID") && more) {
                maxDeleted = StreamIds.parseStrict(args.get(i + 1), 0);
                if (id.compareTo(maxDeleted) < 0) {
                    throw RedisError.err(
                            "The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
                }
            } else {
                throw Errors.SYNTAX;
            }
            i += 2;
        }
        byte[] key = args.get(1);
        Stream s = ctx.keyspace().get(key, TYPE);
        if (s == null) {
            throw Errors.NO_SUCH_KEY;
        }
        if (s.length() > 0) {
            if (id.compareTo(s.lastValidId()) < 0) {
                throw RedisError.err("The ID specified in XSETID is smaller than the target stream top item");
            }
            if (entriesAdded != -1 && s.length() > entriesAdded) {
                throw RedisError.err(
                        "The entries_added specified in XSETID is smaller than the target stream length");
            }
        }
        s.lastId = id;
        if (entriesAdded != -1) {
            s.entriesAdded = entriesAdded;
        }
        if (!maxDeleted.equals(StreamId.MIN)) {
            s.maxDeletedId = maxDeleted;
        }
        ctx.reply().ok();
        // Redis 7.0 does not signal the key modified here: a WATCH on it survives XSETID
        ctx.notify(key, KeyEvent.STREAM, "xsetid");
        ctx.dirty(1);
    }

    /** XREAD [COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...] */
    void xread(CommandContext ctx, Arguments args) {
        long timeout = -1;
        long count = 0;
        int streamsArg = 0;
        int streams = 0;
        for (int i = 1; i < args.size(); i++) {
            boolean more = i + 1 < args.size();
            if (args.is(i, "BLOCK") && more) {
                if (ctx.client().inScript()) {
                    throw RedisError.err(args.string(0) + " command is not allowed with BLOCK option from scripts");
                }
                i++;
                timeout = timeoutMillis(args.get(i));
            } else if (args.is(i, "COUNT") && more) {
                i++;
                count = Math.max(0, args.longValue(i));
            } else if (args.is(i, "STREAMS") && more) {
                streamsArg = i + 1;
                streams = args.size() - streamsArg;
                if (streams % 2 != 0) {
                    throw RedisError.err("Unbalanced XREAD list of streams: for each stream key an ID or '$' "
                            + "must be specified.");
                }
                streams /= 2;
                break;
            } else if (args.is(i, "GROUP") && i + 2 < args.size()) {
                throw RedisError.err("The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
            } else if (args.is(i, "NOACK")) {
                throw RedisError.err("The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
            } else {
                throw Errors.SYNTAX;
            }
        }
        if (streamsArg == 0) {
            throw Errors.SYNTAX;
        }
        byte[] readyKey = ctx.readyKey();
        if (readyKey != null) {
            serveBlocked(ctx, args, readyKey, streamsArg, streams, count);
            return;
        }
        StreamId[] ids = new StreamId[streams];
        Stream[] values = new Stream[streams];
        for (int i = 0; i < streams; i++) {
            byte[] key = args.get(streamsArg + i);
            byte[] idArg = args.get(streamsArg + streams + i);
            Stream s = ctx.read(key, TYPE);
            if (idArg.length == 1 && idArg[0] == '$') {
                ids[i] = s == null ? StreamId.MIN : s.lastId;
            } else if (idArg.length == 1 && idArg[0] == '>') {
                throw RedisError.err("The > ID can be specified only when calling XREADGROUP using the GROUP "
                        + "<group> <consumer> option.");
            } else {
                ids[i] = StreamIds.parseStrict(idArg, 0);
            }
        }
        List<Integer> served = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            Stream s = ctx.read(args.get(streamsArg + i), TYPE);
            values[i] = s;
            if (s != null && s.length() > 0 && s.lastValidId().compareTo(ids[i]) > 0) {
                served.add(i);
            }
        }
        ReplyWriter out = ctx.reply();
        if (!served.isEmpty()) {
            if (out.protocol() == 2) {
                out.array(served.size());
            } else {
                out.map(served.size());
            }
            for (int i : served) {
                replyStream(out, args.get(streamsArg + i), values[i], ids[i], count);
            }
            return;
        }
        if (timeout == -1) {
            out.nullArray();
            return;
        }
        // the re-run must wait for entries after the ids seen now, so '$' becomes the id it stands for
        for (int i = 0; i < streams; i++) {
            int idPos = streamsArg + streams + i;
            if (args.get(idPos).length == 1 && args.get(idPos)[0] == '$') {
                ctx.rewriteArgument(idPos, StreamIds.toBytes(ids[i]));
            }
        }
        byte[][] keys = new byte[streams][];
        for (int i = 0; i < streams; i++) {
            keys[i] = args.get(streamsArg + i);
        }
        if (!ctx.block(keys, timeout, ReplyWriter::nullArray)) {
            out.nullArray();
        }
    }

    /**
     * A blocked XREAD re-run for {@code readyKey}: served from that key alone when its last id passed the
     * awaited one, as Redis's {@code serveClientsBlockedOnStreamKey}; otherwise it blocks again.
     */
    private void serveBlocked(CommandContext ctx, Arguments args, byte[] readyKey, int streamsArg, int streams,
                              long count) {
        int index = -1;
        for (int i = 0; i < streams; i++) {
            if (java.util.Arrays.equals(args.get(streamsArg + i), readyKey)) {
                index = i;
                break;
            }
        }
        Keyspace ks = ctx.keyspace();
        Stream s = index >= 0 && ks.typeOf(readyKey) == TYPE ? ks.get(readyKey, TYPE) : null;
        if (s != null) {
            StreamId after = StreamIds.parseStrict(args.get(streamsArg + streams + index), 0);
            if (s.lastId.compareTo(after) > 0) {
                ReplyWriter out = ctx.reply();
                if (out.protocol() == 2) {
                    out.array(1);
                } else {
                    out.map(1);
                }
                replyStream(out, readyKey, s, after, count == 0 ? BLOCKED_DEFAULT_COUNT : count);
                return;
            }
        }
        byte[][] keys = new byte[streams][];
        for (int i = 0; i < streams; i++) {
            keys[i] = args.get(streamsArg + i);
        }
        ctx.block(keys, 0, ReplyWriter::nullArray);
    }

    private static void replyStream(ReplyWriter out, byte[] key, Stream s, StreamId after, long count) {
        if (out.protocol() == 2) {
            out.array(2);
        }
        out.bulk(key);
        StreamId start = after.next();
        if (start == null) {
            out.array(0);
        } else {
            replyRange(out, s, start, StreamId.MAX, count, false);
        }
    }

    /** Redis's {@code getTimeoutFromObjectOrReply} in milliseconds: the wait, 0 for forever. */
    private static long timeoutMillis(byte[] arg) {
        long millis = Numbers.parseLong(arg, TIMEOUT_NOT_INTEGER);
        if (millis < 0) {
            throw Errors.TIMEOUT_NEGATIVE;
        }
        return millis;
    }
}
