// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;

import java.util.Objects;

/** ZADD, ZINCRBY, ZREM and the lookups of single members: ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK. */
final class ZMemberCommands {
    private static final RedisError XX_AND_NX = RedisError.err("XX and NX options at the same time are not compatible");
    private static final RedisError GT_LT_NX =
            RedisError.err("GT, LT, and/or NX options at the same time are not compatible");
    private static final RedisError INCR_PAIRS = RedisError.err("INCR option supports a single increment-element pair");
    private static final RedisError NAN_RESULT = RedisError.err("resulting score is not a number (NaN)");

    private final ZSetLimits limits;

    ZMemberCommands(ZSetLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits is null");
    }

    /** ZADD key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...] */
    void zadd(CommandContext ctx, Arguments args) {
        zaddGeneric(ctx, args, 0);
    }

    /** ZINCRBY key increment member */
    void zincrby(CommandContext ctx, Arguments args) {
        zaddGeneric(ctx, args, SortedSet.INCR);
    }

    /** {@code zaddGenericCommand}: every option and score is checked before anything changes. */
    private void zaddGeneric(CommandContext ctx, Arguments args, int preset) {
        int flags = preset;
        boolean ch = false;
        int first = 2;
        for (; first < args.size(); first++) {
            if (args.is(first, "NX")) {
                flags |= SortedSet.NX;
            } else if (args.is(first, "XX")) {
                flags |= SortedSet.XX;
            } else if (args.is(first, "CH")) {
                ch = true;
            } else if (args.is(first, "INCR")) {
                flags |= SortedSet.INCR;
            } else if (args.is(first, "GT")) {
                flags |= SortedSet.GT;
            } else if (args.is(first, "LT")) {
                flags |= SortedSet.LT;
            } else {
                break;
            }
        }
        int rest = args.size() - first;
        if (rest == 0 || rest % 2 != 0) {
            throw Errors.SYNTAX;
        }
        boolean incr = (flags & SortedSet.INCR) != 0;
        boolean nx = (flags & SortedSet.NX) != 0;
        boolean gt = (flags & SortedSet.GT) != 0;
        boolean lt = (flags & SortedSet.LT) != 0;
        if (nx && (flags & SortedSet.XX) != 0) {
            throw XX_AND_NX;
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            throw GT_LT_NX;
        }
        int elements = rest / 2;
        if (incr && elements > 1) {
            throw INCR_PAIRS;
        }
        double[] scores = new double[elements];
        for (int j = 0; j < elements; j++) {
            scores[j] = Numbers.parseDouble(args.get(first + 2 * j), Errors.NOT_FLOAT);
        }
        byte[] key = args.get(1);
        SortedSet set = ZSetCommands.write(ctx, key);
        boolean created = set == null;
        if (created && (flags & SortedSet.XX) != 0) {
            reply(ctx.reply(), incr, 0, Double.NaN);
            return;
        }
        if (created) {
            set = SortedSet.empty();
        }
        int added = 0;
        int updated = 0;
        boolean processed = false;
        // INCR takes a single pair; its reply is the computed score, which a listpack may store as 0 for -0
        double current = incr ? set.score(args.get(first + 1)) : Double.NaN;
        double newScore = Double.isNaN(current) ? scores[0] : current + scores[0];
        for (int j = 0; j < elements; j++) {
            switch (set.add(args.get(first + 2 * j + 1), scores[j], flags, limits)) {
                case NAN -> throw NAN_RESULT;
                case ADDED -> added++;
                case UPDATED -> updated++;
                case NOTHING -> {
                    continue;
                }
                default -> {
                }
            }
            processed = true;
        }
        if (created) {
            ctx.keyspace().set(key, set);
        }
        if (added + updated > 0) {
            ctx.modified(key, KeyEvent.ZSET, incr ? "zincr" : "zadd");
            ctx.dirty(added + updated - 1L);
        }
        reply(ctx.reply(), incr, ch ? added + updated : added, processed ? newScore : Double.NaN);
    }

    /** ZADD's reply: with INCR the new score, null (NaN) when nothing was done; else how many were counted. */
    private static void reply(ReplyWriter w, boolean incr, long count, double score) {
        if (!incr) {
            w.integer(count);
        } else {
            replyScore(w, score);
        }
    }

    /** ZREM key member [member ...] */
    static void zrem(CommandContext ctx, Arguments args) {
        byte[] key = args.get(1);
        SortedSet set = ZSetCommands.write(ctx, key);
        if (set == null) {
            ctx.reply().integer(0);
            return;
        }
        int deleted = 0;
        for (int j = 2; j < args.size() && set.size() > 0; j++) {
            if (set.remove(args.get(j))) {
                deleted++;
            }
        }
        if (deleted > 0) {
            ctx.modified(key, KeyEvent.ZSET, "zrem");
            ctx.dirty(deleted - 1L);
            ZSetCommands.deleteIfEmpty(ctx, key, set);
        }
        ctx.reply().integer(deleted);
    }

    /** ZCARD key */
    static void zcard(CommandContext ctx, Arguments args) {
        SortedSet set = ZSetCommands.read(ctx, args.get(1));
        ctx.reply().integer(set == null ? 0 : set.size());
    }

    /** ZSCORE key member */
    static void zscore(CommandContext ctx, Arguments args) {
        SortedSet set = ZSetCommands.read(ctx, args.get(1));
        replyScore(ctx.reply(), set == null ? Double.NaN : set.score(args.get(2)));
    }

    /** ZMSCORE key member [member ...] */
    static void zmscore(CommandContext ctx, Arguments args) {
        SortedSet set = ZSetCommands.read(ctx, args.get(1));
        ReplyWriter w = ctx.reply();
        w.array(args.size() - 2);
        for (int j = 2; j < args.size(); j++) {
            replyScore(w, set == null ? Double.NaN : set.score(args.get(j)));
        }
    }

    /** A score, or null for NaN (an absent member). */
    private static void replyScore(ReplyWriter w, double score) {
        if (Double.isNaN(score)) {
            w.nullBulk();
        } else {
            w.doubleValue(score);
        }
    }

    /** ZRANK key member */
    static void zrank(CommandContext ctx, Arguments args) {
        rankGeneric(ctx, args, false);
    }

    /** ZREVRANK key member */
    static void zrevrank(CommandContext ctx, Arguments args) {
        rankGeneric(ctx, args, true);
    }

    private static void rankGeneric(CommandContext ctx, Arguments args, boolean reverse) {
        SortedSet set = ZSetCommands.read(ctx, args.get(1));
        int rank = set == null ? -1 : set.rank(args.get(2));
        if (rank < 0) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().integer(reverse ? set.size() - 1 - rank : rank);
        }
    }
}
