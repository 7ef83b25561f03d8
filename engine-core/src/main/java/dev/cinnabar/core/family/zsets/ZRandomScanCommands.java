// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

import dev.cinnabar.core.family.keys.ScanCommands;
import dev.cinnabar.core.family.zsets.ZSetStore.Cursor;
import dev.cinnabar.core.structures.ByteMap;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** ZRANDMEMBER ({@code zrandmemberWithCountCommand}) and ZSCAN. */
final class ZRandomScanCommands {
    private static final RedisError COUNT_RANGE = RedisError.err(
            "value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    private static final RedisError OUT_OF_RANGE = RedisError.err("value is out of range");
    /** Redis's ZRANDMEMBER_SUB_STRATEGY_MUL: above size/3 a sample is drawn by elimination. */
    private static final int SUB_STRATEGY_MUL = 3;

    private ZRandomScanCommands() {
    }

    /** ZRANDMEMBER key [count [WITHSCORES]] */
    static void zrandmember(CommandContext ctx, Arguments args) {
        byte[] key = args.get(1);
        if (args.size() >= 3) {
            long count = args.longValue(2);
            if (count == Long.MIN_VALUE) {
                throw COUNT_RANGE;
            }
            if (args.size() > 4 || (args.size() == 4 && !args.is(3, "WITHSCORES"))) {
                throw Errors.SYNTAX;
            }
            boolean withScores = args.size() == 4;
            // Redis bounds a WITHSCORES count by LONG_MAX/2; a Java reply array also stops at 2^31
            long bound = withScores ? Integer.MAX_VALUE / 2 : Integer.MAX_VALUE;
            if (withScores && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
                throw OUT_OF_RANGE;
            }
            withCount(ctx, key, count, withScores, bound);
            return;
        }
        SortedSet set = ZSetCommands.read(ctx, key);
        if (set == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().bulk(set.random().member());
        }
    }

    private static void withCount(CommandContext ctx, byte[] key, long count, boolean withScores, long bound) {
        ReplyWriter w = ctx.reply();
        SortedSet set = ZSetCommands.read(ctx, key);
        if (set == null || count == 0) {
            w.array(0);
            return;
        }
        int size = set.size();
        if (count < 0 || count == 1) {
            // with repetitions, in random order
            long n = Math.abs(count);
            if (n > bound) {
                throw OUT_OF_RANGE;
            }
            ZSetCommands.elementsHeader(w, (int) n, withScores);
            for (long i = 0; i < n; i++) {
                Cursor c = set.random();
                ZSetCommands.element(w, c.member(), c.score(), withScores);
            }
            return;
        }
        if (count >= size) {
            // the whole set, walked from the highest rank as Redis's zuiNext does
            ZSetCommands.elementsHeader(w, size, withScores);
            for (Cursor c = set.cursor(size - 1, true); c.valid(); c.next()) {
                ZSetCommands.element(w, c.member(), c.score(), withScores);
            }
            return;
        }
        int n = (int) count;
        ZSetCommands.elementsHeader(w, n, withScores);
        if ((long) n * SUB_STRATEGY_MUL > size) {
            // a partial shuffle of the ranks
            int[] ranks = new int[size];
            for (int i = 0; i < size; i++) {
                ranks[i] = i;
            }
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < n; i++) {
                int j = i + random.nextInt(size - i);
                int r = ranks[j];
                ranks[j] = ranks[i];
                ranks[i] = r;
                Cursor c = set.cursor(r, false);
                ZSetCommands.element(w, c.member(), c.score(), withScores);
            }
            return;
        }
        ByteMap<Boolean> picked = new ByteMap<>();
        while (picked.size() < n) {
            Cursor c = set.random();
            if (picked.put(c.member(), Boolean.TRUE) == null) {
                ZSetCommands.element(w, c.member(), c.score(), withScores);
            }
        }
    }

    /** ZSCAN key cursor [MATCH pattern] [COUNT count] */
    static void zscan(CommandContext ctx, Arguments args) {
        ScanCommands.scanCollection(ctx, args, ZSetType.INSTANCE, (set, cursor, options, found) ->
                set.scan(cursor, options.count(), (member, score) -> {
                    if (options.matches(member)) {
                        found.add(member);
                        found.add(Numbers.formatG17(score).getBytes(StandardCharsets.US_ASCII));
                    }
                }));
    }
}
