// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

import dev.cinnabar.core.family.zsets.ZSetStore.Cursor;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.RedisError;

import java.util.Objects;

/**
 * The range commands ({@code zrangeGenericCommand} and {@code zremrangeGenericCommand}): ZRANGE and its
 * older forms, ZRANGESTORE, ZCOUNT, ZLEXCOUNT and ZREMRANGEBY*.
 */
final class ZRangeCommands {
    private static final RedisError LIMIT_WITHOUT_BY =
            RedisError.err("syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
    private static final RedisError WITHSCORES_BYLEX =
            RedisError.err("syntax error, WITHSCORES not supported in combination with BYLEX");

    /** What a range is made of; AUTO until ZRANGE's options say. */
    private enum By { AUTO, RANK, SCORE, LEX }

    /** Which way a range runs; AUTO until ZRANGE's REV says. */
    private enum Direction { AUTO, FORWARD, REVERSE }

    private final ZSetLimits limits;

    ZRangeCommands(ZSetLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits is null");
    }

    /** ZRANGE key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES] */
    void zrange(CommandContext ctx, Arguments args) {
        rangeGeneric(ctx, args, 1, By.AUTO, Direction.AUTO);
    }

    /** ZRANGESTORE dst src min max [BYSCORE | BYLEX] [REV] [LIMIT offset count] */
    void zrangestore(CommandContext ctx, Arguments args) {
        rangeGeneric(ctx, args, 2, By.AUTO, Direction.AUTO);
    }

    /** ZREVRANGE key start stop [WITHSCORES] */
    void zrevrange(CommandContext ctx, Arguments args) {
        rangeGeneric(ctx, args, 1, By.RANK, Direction.REVERSE);
    }

    /** ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count] */
    void zrangebyscore(CommandContext ctx, Arguments args) {
        rangeGeneric(ctx, args, 1, By.SCORE, Direction.FORWARD);
    }

    /** ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count] */
    void zrevrangebyscore(CommandContext ctx, Arguments args) {
        rangeGeneric(ctx, args, 1, By.SCORE, Direction.REVERSE);
    }

    /** ZRANGEBYLEX key min max [LIMIT offset count] */
    void zrangebylex(CommandContext ctx, Arguments args) {
        rangeGeneric(ctx, args, 1, By.LEX, Direction.FORWARD);
    }

    /** ZREVRANGEBYLEX key max min [LIMIT offset count] */
    void zrevrangebylex(CommandContext ctx, Arguments args) {
        rangeGeneric(ctx, args, 1, By.LEX, Direction.REVERSE);
    }

    /**
     * {@code zrangeGenericCommand}: options, then the range, then the key; the source is at
     * {@code keyIndex}, and a destination before it makes this ZRANGESTORE.
     */
    private void rangeGeneric(CommandContext ctx, Arguments args, int keyIndex, By by, Direction direction) {
        boolean store = keyIndex == 2;
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        for (int j = keyIndex + 3; j < args.size(); j++) {
            if (!store && args.is(j, "WITHSCORES")) {
                withScores = true;
            } else if (args.is(j, "LIMIT") && args.size() - j - 1 >= 2) {
                offset = args.longValue(j + 1);
                limit = args.longValue(j + 2);
                j += 2;
            } else if (direction == Direction.AUTO && args.is(j, "REV")) {
                direction = Direction.REVERSE;
            } else if (by == By.AUTO && args.is(j, "BYLEX")) {
                by = By.LEX;
            } else if (by == By.AUTO && args.is(j, "BYSCORE")) {
                by = By.SCORE;
            } else {
                throw Errors.SYNTAX;
            }
        }
        boolean reverse = direction == Direction.REVERSE;
        by = by == By.AUTO ? By.RANK : by;
        // as Redis, "LIMIT x -1" reads as no LIMIT at all
        if (limit != -1 && by == By.RANK) {
            throw LIMIT_WITHOUT_BY;
        }
        if (withScores && by == By.LEX) {
            throw WITHSCORES_BYLEX;
        }
        // the reversed forms take the range as max, min
        byte[] min = args.get(reverse && by != By.RANK ? keyIndex + 2 : keyIndex + 1);
        byte[] max = args.get(reverse && by != By.RANK ? keyIndex + 1 : keyIndex + 2);
        Elements result = new Elements();
        if (by == By.RANK) {
            long start = args.longValue(keyIndex + 1);
            long end = args.longValue(keyIndex + 2);
            SortedSet set = ZSetCommands.read(ctx, args.get(keyIndex));
            if (set != null) {
                collectRanks(set, start, end, reverse, result);
            }
        } else {
            ElementRange range = by == By.SCORE ? ScoreRange.parse(min, max) : LexRange.parse(min, max);
            SortedSet set = ZSetCommands.read(ctx, args.get(keyIndex));
            if (set != null) {
                collect(set, range, offset, limit, reverse, result);
            }
        }
        if (store) {
            long lengthHint = by == By.RANK ? result.size() : -1;
            ZSetCommands.store(ctx, args.get(1), result.toSet(limits, lengthHint), "zrangestore");
        } else {
            result.reply(ctx.reply(), withScores);
        }
    }

    /** {@code genericZrangebyrankCommand}: negative indexes count from the end. */
    private static void collectRanks(SortedSet set, long start, long end, boolean reverse, Elements out) {
        int size = set.size();
        long[] range = clampRanks(start, end, size);
        if (range == null) {
            return;
        }
        int first = (int) (reverse ? size - 1 - range[0] : range[0]);
        Cursor c = set.cursor(first, reverse);
        for (long n = range[1] - range[0] + 1; n > 0; n--, c.next()) {
            out.add(c.member(), c.score());
        }
    }

    /**
     * Redis's index sanitising: negative indexes count from the end; null when nothing is in range, else
     * {start, end} within the set.
     */
    static long[] clampRanks(long start, long end, int size) {
        long s = start < 0 ? size + start : start;
        long e = end < 0 ? size + end : end;
        s = Math.max(s, 0);
        if (s > e || s >= size) {
            return null;
        }
        return new long[]{s, Math.min(e, size - 1L)};
    }

    /**
     * {@code genericZrangebyscoreCommand} and its lex twin: from the range's first element in the direction of
     * travel, skip {@code offset} (a negative one runs past the end), then take up to {@code limit} (negative
     * for all) elements while they stay in range.
     */
    private static void collect(SortedSet set, ElementRange range, long offset, long limit, boolean reverse,
                                Elements out) {
        int first = reverse ? set.lastIn(range) : set.firstIn(range);
        if (first < 0 || offset < 0 || (offset > 0 && offset >= set.size())) {
            return;
        }
        long start = reverse ? first - offset : first + offset;
        if (start < 0 || start >= set.size()) {
            return;
        }
        Cursor c = set.cursor((int) start, reverse);
        for (long left = limit; c.valid() && left != 0; left--, c.next()) {
            if (reverse ? !range.aboveMin(c.score(), c.member()) : !range.belowMax(c.score(), c.member())) {
                break;
            }
            out.add(c.member(), c.score());
        }
    }

    /** ZCOUNT key min max */
    static void zcount(CommandContext ctx, Arguments args) {
        ScoreRange range = ScoreRange.parse(args.get(2), args.get(3));
        SortedSet set = ZSetCommands.read(ctx, args.get(1));
        ctx.reply().integer(set == null ? 0 : set.count(range));
    }

    /** ZLEXCOUNT key min max */
    static void zlexcount(CommandContext ctx, Arguments args) {
        LexRange range = LexRange.parse(args.get(2), args.get(3));
        SortedSet set = ZSetCommands.read(ctx, args.get(1));
        ctx.reply().integer(set == null ? 0 : set.count(range));
    }

    /** ZREMRANGEBYRANK key start stop */
    static void zremrangebyrank(CommandContext ctx, Arguments args) {
        long start = args.longValue(2);
        long end = args.longValue(3);
        SortedSet set = ZSetCommands.write(ctx, args.get(1));
        long[] ranks = set == null ? null : clampRanks(start, end, set.size());
        removeGeneric(ctx, args.get(1), set, ranks == null ? -1 : (int) ranks[0], ranks == null ? -1 : (int) ranks[1],
                "zremrangebyrank");
    }

    /** ZREMRANGEBYSCORE key min max */
    static void zremrangebyscore(CommandContext ctx, Arguments args) {
        removeRange(ctx, args, ScoreRange.parse(args.get(2), args.get(3)), "zremrangebyscore");
    }

    /** ZREMRANGEBYLEX key min max */
    static void zremrangebylex(CommandContext ctx, Arguments args) {
        removeRange(ctx, args, LexRange.parse(args.get(2), args.get(3)), "zremrangebylex");
    }

    /** {@code zslDeleteRangeByScore} and its lex twin: the run from the first element in range upward. */
    private static void removeRange(CommandContext ctx, Arguments args, ElementRange range, String event) {
        SortedSet set = ZSetCommands.write(ctx, args.get(1));
        int first = set == null ? -1 : set.firstIn(range);
        int last = first - 1;
        if (first >= 0) {
            for (Cursor c = set.cursor(first, false); c.valid() && range.belowMax(c.score(), c.member()); c.next()) {
                last++;
            }
        }
        removeGeneric(ctx, args.get(1), set, first, last, event);
    }

    /** Removes ranks {@code first..last} (none when first is negative) and replies how many went. */
    private static void removeGeneric(CommandContext ctx, byte[] key, SortedSet set, int first, int last,
                                      String event) {
        int deleted = first < 0 ? 0 : last - first + 1;
        if (deleted > 0) {
            set.removeRanks(first, last);
            ctx.modified(key, KeyEvent.ZSET, event);
            ctx.dirty(deleted - 1L);
            ZSetCommands.deleteIfEmpty(ctx, key, set);
        }
        ctx.reply().integer(deleted);
    }
}
