// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

import dev.cinnabar.core.family.zsets.ZSetStore.Cursor;
import dev.cinnabar.core.structures.ByteMap;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RedisError;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD ({@code zunionInterDiffGenericCommand}).
 */
final class ZSetAlgebra {
    private static final RedisError WEIGHT_NOT_FLOAT = RedisError.err("weight value is not a float");
    private static final RedisError LIMIT_NEGATIVE = RedisError.err("LIMIT can't be negative");

    private enum Op { UNION, INTER, DIFF }

    private enum Aggregate { SUM, MIN, MAX }

    private final ZSetLimits limits;

    ZSetAlgebra(ZSetLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits is null");
    }

    /** ZUNION numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] [WITHSCORES] */
    void zunion(CommandContext ctx, Arguments args) {
        generic(ctx, args, 1, Op.UNION, "zunion");
    }

    /** ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] */
    void zunionstore(CommandContext ctx, Arguments args) {
        generic(ctx, args, 2, Op.UNION, "zunionstore");
    }

    /** ZINTER numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] [WITHSCORES] */
    void zinter(CommandContext ctx, Arguments args) {
        generic(ctx, args, 1, Op.INTER, "zinter");
    }

    /** ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] */
    void zinterstore(CommandContext ctx, Arguments args) {
        generic(ctx, args, 2, Op.INTER, "zinterstore");
    }

    /** ZINTERCARD numkeys key [key ...] [LIMIT limit] */
    void zintercard(CommandContext ctx, Arguments args) {
        generic(ctx, args, 1, Op.INTER, "zintercard");
    }

    /** ZDIFF numkeys key [key ...] [WITHSCORES] */
    void zdiff(CommandContext ctx, Arguments args) {
        generic(ctx, args, 1, Op.DIFF, "zdiff");
    }

    /** ZDIFFSTORE destination numkeys key [key ...] */
    void zdiffstore(CommandContext ctx, Arguments args) {
        generic(ctx, args, 2, Op.DIFF, "zdiffstore");
    }

    /**
     * The shared path: numkeys at {@code numkeysIndex}, a destination before it for the STORE forms. Keys are
     * looked up (WRONGTYPE) before the options are parsed, as in Redis.
     */
    private void generic(CommandContext ctx, Arguments args, int numkeysIndex, Op op, String command) {
        boolean store = numkeysIndex == 2;
        boolean cardinalityOnly = command.equals("zintercard");
        long setnum = args.longValue(numkeysIndex);
        if (setnum < 1) {
            throw RedisError.err("at least 1 input key is needed for '" + command + "' command");
        }
        if (setnum > args.size() - (numkeysIndex + 1)) {
            throw Errors.SYNTAX;
        }
        Operand[] src = new Operand[(int) setnum];
        int j = numkeysIndex + 1;
        for (int i = 0; i < src.length; i++, j++) {
            src[i] = Operand.of(ctx, args.get(j));
        }
        Aggregate aggregate = Aggregate.SUM;
        boolean withScores = false;
        long limit = 0;
        boolean weighted = op != Op.DIFF && !cardinalityOnly;
        while (j < args.size()) {
            int remaining = args.size() - j;
            if (weighted && remaining > setnum && args.is(j, "WEIGHTS")) {
                j++;
                for (Operand o : src) {
                    o.weight = Numbers.parseDouble(args.get(j++), WEIGHT_NOT_FLOAT);
                }
            } else if (weighted && remaining >= 2 && args.is(j, "AGGREGATE")) {
                aggregate = aggregate(args, j + 1);
                j += 2;
            } else if (!store && !cardinalityOnly && args.is(j, "WITHSCORES")) {
                withScores = true;
                j++;
            } else if (cardinalityOnly && remaining >= 2 && args.is(j, "LIMIT")) {
                limit = args.longValue(j + 1, 0, Long.MAX_VALUE, LIMIT_NEGATIVE);
                j += 2;
            } else {
                throw Errors.SYNTAX;
            }
        }
        if (op != Op.DIFF) {
            // smallest first, as Redis's qsort: it drives intersections and fixes the order of SUM's additions
            Arrays.sort(src, Comparator.comparingInt(Operand::size));
        }
        if (cardinalityOnly) {
            ctx.reply().integer(intersect(src, aggregate, null, limit));
            return;
        }
        SortedSet result = SortedSet.skipList();
        switch (op) {
            case UNION -> union(src, aggregate, result);
            case INTER -> intersect(src, aggregate, result, 0);
            default -> difference(src, result);
        }
        if (store) {
            result.compactIfFits(limits, longestMember(result));
            ZSetCommands.store(ctx, args.get(1), result, command);
        } else {
            Elements out = new Elements();
            for (Cursor c = result.cursor(0, false); c.valid(); c.next()) {
                out.add(c.member(), c.score());
            }
            out.reply(ctx.reply(), withScores);
        }
    }

    private static Aggregate aggregate(Arguments args, int index) {
        if (args.is(index, "SUM")) {
            return Aggregate.SUM;
        }
        if (args.is(index, "MIN")) {
            return Aggregate.MIN;
        }
        if (args.is(index, "MAX")) {
            return Aggregate.MAX;
        }
        throw Errors.SYNTAX;
    }

    /** {@code zunionInterAggregate}: a SUM of inf and -inf is 0, not NaN. */
    private static double aggregate(Aggregate aggregate, double target, double value) {
        return switch (aggregate) {
            case SUM -> {
                double sum = target + value;
                yield Double.isNaN(sum) ? 0.0 : sum;
            }
            case MIN -> value < target ? value : target;
            case MAX -> value > target ? value : target;
        };
    }

    /** A weighted score; 0 × inf gives 0, as Redis. */
    private static double weighted(double weight, double score) {
        double v = weight * score;
        return Double.isNaN(v) ? 0.0 : v;
    }

    private static void union(Operand[] src, Aggregate aggregate, SortedSet result) {
        ByteMap<double[]> accumulator = new ByteMap<>();
        for (Operand o : src) {
            o.forEach((member, score) -> {
                double v = weighted(o.weight, score);
                double[] acc = accumulator.get(member);
                if (acc == null) {
                    accumulator.put(member, new double[]{v});
                } else {
                    acc[0] = aggregate(aggregate, acc[0], v);
                }
            });
        }
        accumulator.forEachSlot(slot -> result.put(accumulator.keyAt(slot), accumulator.valueAt(slot)[0]));
    }

    /**
     * Walks the smallest input and keeps what every other input holds; fills {@code result}, or, when it is
     * null, counts up to {@code limit} (0 for no limit) matches and returns the count.
     */
    private static long intersect(Operand[] src, Aggregate aggregate, SortedSet result, long limit) {
        long[] cardinality = {0};
        if (src[0].size() == 0) {
            return 0;
        }
        src[0].forEachWhile((member, score) -> {
            double total = weighted(src[0].weight, score);
            for (int j = 1; j < src.length; j++) {
                double other = src[j].sameAs(src[0]) ? score : src[j].score(member);
                if (Double.isNaN(other)) {
                    return true;
                }
                total = aggregate(aggregate, total, other * src[j].weight);
            }
            if (result != null) {
                result.put(member, total);
                return true;
            }
            cardinality[0]++;
            return limit == 0 || cardinality[0] < limit;
        });
        return cardinality[0];
    }

    /** The members of the first input that no other input holds, with their scores. */
    private static void difference(Operand[] src, SortedSet result) {
        src[0].forEach((member, score) -> {
            for (int j = 1; j < src.length; j++) {
                if (src[j].sameAs(src[0]) || !Double.isNaN(src[j].score(member))) {
                    return;
                }
            }
            result.put(member, score);
        });
    }

    private static long longestMember(SortedSet set) {
        long max = 0;
        for (Cursor c = set.cursor(0, false); c.valid(); c.next()) {
            max = Math.max(max, c.member().length);
        }
        return max;
    }
}
