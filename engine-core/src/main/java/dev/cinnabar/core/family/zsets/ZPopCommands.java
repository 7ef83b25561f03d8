// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

import dev.cinnabar.core.family.lists.BlockingKeys;
import dev.cinnabar.core.family.zsets.ZSetStore.Cursor;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;

import java.nio.charset.StandardCharsets;

/**
 * ZPOPMIN, ZPOPMAX, ZMPOP and their blocking forms ({@code genericZpopCommand},
 * {@code blockingGenericZpopCommand}). Every pop is propagated as ZPOPMIN or ZPOPMAX, as Redis 7.0 does.
 */
final class ZPopCommands {
    private static final RedisError NOT_POSITIVE = RedisError.err("value is out of range, must be positive");
    private static final RedisError NUMKEYS = RedisError.err("numkeys should be greater than 0");
    private static final RedisError COUNT = RedisError.err("count should be greater than 0");
    private static final byte[] ZPOPMIN = "ZPOPMIN".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ZPOPMAX = "ZPOPMAX".getBytes(StandardCharsets.US_ASCII);

    /** How a pop replies: Redis's {@code emitkey} and {@code use_nested_array}. */
    private record Shape(boolean emitKey, boolean nested) {
    }

    private ZPopCommands() {
    }

    /** ZPOPMIN key [count] */
    static void zpopmin(CommandContext ctx, Arguments args) {
        zpopGeneric(ctx, args, false);
    }

    /** ZPOPMAX key [count] */
    static void zpopmax(CommandContext ctx, Arguments args) {
        zpopGeneric(ctx, args, true);
    }

    /** {@code zpopMinMaxCommand}: a flat array, or pairs in RESP3 when a count is given; empty when missing. */
    private static void zpopGeneric(CommandContext ctx, Arguments args, boolean max) {
        if (args.size() > 3) {
            throw Errors.SYNTAX;
        }
        long count = args.size() == 3 ? args.longValue(2, 0, Long.MAX_VALUE, NOT_POSITIVE) : 1;
        byte[] key = args.get(1);
        SortedSet set = ZSetCommands.write(ctx, key);
        if (set == null || count == 0) {
            ctx.reply().array(0);
            return;
        }
        pop(ctx, key, set, max, count, new Shape(false, args.size() == 3 && ctx.reply().protocol() > 2));
    }

    /** ZMPOP numkeys key [key ...] MIN | MAX [COUNT count] */
    static void zmpop(CommandContext ctx, Arguments args) {
        zmpopGeneric(ctx, args, 1);
    }

    /** BZMPOP timeout numkeys key [key ...] MIN | MAX [COUNT count] */
    static void bzmpop(CommandContext ctx, Arguments args) {
        zmpopGeneric(ctx, args, 2);
    }

    /** BZPOPMIN key [key ...] timeout */
    static void bzpopmin(CommandContext ctx, Arguments args) {
        bzpopGeneric(ctx, args, false);
    }

    /** BZPOPMAX key [key ...] timeout */
    static void bzpopmax(CommandContext ctx, Arguments args) {
        bzpopGeneric(ctx, args, true);
    }

    private static void bzpopGeneric(CommandContext ctx, Arguments args, boolean max) {
        long timeout = args.timeoutSeconds(args.size() - 1);
        byte[][] keys = new byte[args.size() - 2][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = args.get(i + 1);
        }
        blockingPop(ctx, keys, max, 1, new Shape(true, false), timeout);
    }

    /** {@code zmpopGenericCommand}: numkeys, MIN or MAX, COUNT; BZMPOP parses its timeout only then. */
    private static void zmpopGeneric(CommandContext ctx, Arguments args, int numkeysIndex) {
        long numkeys = args.longValue(numkeysIndex, 1, Long.MAX_VALUE, NUMKEYS);
        long whereIndex = numkeysIndex + numkeys + 1;
        if (whereIndex >= args.size()) {
            throw Errors.SYNTAX;
        }
        boolean max;
        if (args.is((int) whereIndex, "MIN")) {
            max = false;
        } else if (args.is((int) whereIndex, "MAX")) {
            max = true;
        } else {
            throw Errors.SYNTAX;
        }
        long count = -1;
        for (int j = (int) whereIndex + 1; j < args.size(); j++) {
            if (count == -1 && args.is(j, "COUNT") && j + 1 < args.size()) {
                count = args.longValue(++j, 1, Long.MAX_VALUE, COUNT);
            } else {
                throw Errors.SYNTAX;
            }
        }
        count = Math.max(count, 1);
        byte[][] keys = new byte[(int) numkeys][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = args.get(numkeysIndex + 1 + i);
        }
        Shape shape = new Shape(true, true);
        if (numkeysIndex == 2) {
            blockingPop(ctx, keys, max, count, shape, args.timeoutSeconds(1));
            return;
        }
        for (byte[] key : keys) {
            SortedSet set = ZSetCommands.write(ctx, key);
            if (set != null) {
                propagate(ctx, key, max, pop(ctx, key, set, max, count, shape));
                return;
            }
        }
        ctx.reply().nullArray();
    }

    /**
     * {@code blockingGenericZpopCommand}: pops from the first non-empty set (a key of another type is
     * WRONGTYPE) or blocks; a re-run serves from the key that woke the client only, and blocks again if it
     * holds no sorted set. Where blocking is denied (MULTI, scripts) the reply is the timeout's null.
     */
    private static void blockingPop(CommandContext ctx, byte[][] keys, boolean max, long count, Shape shape,
                                    long timeoutMillis) {
        BlockingKeys.Found<SortedSet> found = BlockingKeys.find(ctx, keys, ZSetType.INSTANCE, set -> set.size() > 0);
        if (found != null) {
            served(ctx, found.key(), found.value(), max, count, shape);
        } else {
            BlockingKeys.block(ctx, keys, timeoutMillis, ReplyWriter::nullArray, ReplyWriter::nullArray);
        }
    }

    /** Pops for a blocking command and propagates it: BZPOPMIN as {@code ZPOPMIN key}, BZMPOP with a count. */
    private static void served(CommandContext ctx, byte[] key, SortedSet set, boolean max, long count, Shape shape) {
        int popped = pop(ctx, key, set, max, count, shape);
        if (shape.nested()) {
            propagate(ctx, key, max, popped);
        } else {
            ctx.propagate(max ? ZPOPMAX : ZPOPMIN, key);
        }
    }

    private static void propagate(CommandContext ctx, byte[] key, boolean max, int popped) {
        ctx.propagate(max ? ZPOPMAX : ZPOPMIN, key, Integer.toString(popped).getBytes(StandardCharsets.US_ASCII));
    }

    /** Pops up to {@code count} (at least 1) elements from the low or high end, replies, and returns how many. */
    private static int pop(CommandContext ctx, byte[] key, SortedSet set, boolean max, long count, Shape shape) {
        ReplyWriter w = ctx.reply();
        int size = set.size();
        int n = (int) Math.min(count, size);
        if (shape.emitKey() && shape.nested()) {
            w.array(2);
            w.bulk(key);
            w.array(n);
        } else if (shape.emitKey()) {
            w.array(2 * n + 1);
            w.bulk(key);
        } else {
            w.array(shape.nested() ? n : 2 * n);
        }
        Cursor c = set.cursor(max ? size - 1 : 0, max);
        for (int i = 0; i < n; i++, c.next()) {
            if (shape.nested()) {
                w.array(2);
            }
            w.bulk(c.member());
            w.doubleValue(c.score());
        }
        set.removeRanks(max ? size - n : 0, max ? size - 1 : n - 1);
        ctx.modified(key, KeyEvent.ZSET, max ? "zpopmax" : "zpopmin");
        ctx.dirty(n - 1L);
        ZSetCommands.deleteIfEmpty(ctx, key, set);
        return n;
    }

}
