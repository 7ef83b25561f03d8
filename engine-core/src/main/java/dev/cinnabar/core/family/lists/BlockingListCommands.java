// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.lists;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The commands that pop with a key in the reply or move between lists, and their blocking forms: LMOVE,
 * RPOPLPUSH, LMPOP, BLMOVE, BRPOPLPUSH, BLPOP, BRPOP and BLMPOP. A blocking form that finds an element
 * at once is propagated as its non-blocking form, and so is a client served after blocking, as Redis 7.0
 * rewrites them ({@code t_list.c}, {@code serveClientBlockedOnList}).
 */
final class BlockingListCommands {
    private static final RedisError NUMKEYS = RedisError.err("numkeys should be greater than 0");
    private static final RedisError COUNT = RedisError.err("count should be greater than 0");
    private static final byte[] LPOP = bytes("LPOP");
    private static final byte[] RPOP = bytes("RPOP");
    private static final byte[] LMOVE = bytes("LMOVE");
    private static final byte[] RPOPLPUSH = bytes("RPOPLPUSH");
    private static final Consumer<ReplyWriter> NULL_ARRAY = ReplyWriter::nullArray;
    private static final Consumer<ReplyWriter> NULL_BULK = ReplyWriter::nullBulk;

    private final Supplier<QuickList> newList;

    BlockingListCommands(Supplier<QuickList> newList) {
        this.newList = Objects.requireNonNull(newList, "newList is null");
    }

    /** LMOVE source destination LEFT|RIGHT LEFT|RIGHT */
    void lmove(CommandContext ctx, Arguments args) {
        boolean fromHead = where(args, 3);
        boolean toHead = where(args, 4);
        move(ctx, args.get(1), args.get(2), fromHead, toHead);
    }

    /** RPOPLPUSH source destination */
    void rpoplpush(CommandContext ctx, Arguments args) {
        move(ctx, args.get(1), args.get(2), false, true);
    }

    /** BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout */
    void blmove(CommandContext ctx, Arguments args) {
        boolean fromHead = where(args, 3);
        boolean toHead = where(args, 4);
        long timeout = args.timeoutSeconds(5);
        if (blockingMove(ctx, args, fromHead, toHead, timeout)) {
            ctx.propagate(LMOVE, args.get(1), args.get(2), args.get(3), args.get(4));
        }
    }

    /** BRPOPLPUSH source destination timeout */
    void brpoplpush(CommandContext ctx, Arguments args) {
        long timeout = args.timeoutSeconds(3);
        if (blockingMove(ctx, args, false, true, timeout)) {
            ctx.propagate(RPOPLPUSH, args.get(1), args.get(2));
        }
    }

    /** LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count] */
    void lmpop(CommandContext ctx, Arguments args) {
        mpopGeneric(ctx, args, 1, false);
    }

    /** BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count] */
    void blmpop(CommandContext ctx, Arguments args) {
        mpopGeneric(ctx, args, 2, true);
    }

    /** BLPOP key [key ...] timeout */
    void blpop(CommandContext ctx, Arguments args) {
        blockingPop(ctx, args, true);
    }

    /** BRPOP key [key ...] timeout */
    void brpop(CommandContext ctx, Arguments args) {
        blockingPop(ctx, args, false);
    }

    private void blockingPop(CommandContext ctx, Arguments args, boolean head) {
        long timeout = args.timeoutSeconds(args.size() - 1);
        byte[][] keys = keys(args, 1, args.size() - 2);
        BlockingKeys.Found<QuickList> found = BlockingKeys.find(ctx, keys, ListType.INSTANCE, l -> !l.isEmpty());
        if (found == null) {
            BlockingKeys.block(ctx, keys, timeout, NULL_ARRAY, NULL_ARRAY);
            return;
        }
        ReplyWriter reply = ctx.reply();
        reply.array(2);
        reply.bulk(found.key());
        reply.bulk(found.value().pop(head));
        ListPopCommands.elementsRemoved(ctx, found.key(), found.value(), head, 1);
        ctx.propagate(head ? LPOP : RPOP, found.key());
    }

    /** LMPOP and BLMPOP from {@code numkeysIndex} on ({@code lmpopGenericCommand}). */
    private void mpopGeneric(CommandContext ctx, Arguments args, int numkeysIndex, boolean blocking) {
        long numkeys = args.longValue(numkeysIndex, 1, Long.MAX_VALUE, NUMKEYS);
        if (numkeys >= args.size() - numkeysIndex - 1) {
            throw Errors.SYNTAX;
        }
        int whereIndex = numkeysIndex + (int) numkeys + 1;
        boolean head = where(args, whereIndex);
        long count = -1;
        for (int i = whereIndex + 1; i < args.size(); i++) {
            if (count == -1 && args.is(i, "COUNT") && i + 1 < args.size()) {
                count = args.longValue(++i, 1, Long.MAX_VALUE, COUNT);
            } else {
                throw Errors.SYNTAX;
            }
        }
        count = count == -1 ? 1 : count;
        long timeout = blocking ? args.timeoutSeconds(1) : 0;
        byte[][] keys = keys(args, numkeysIndex + 1, (int) numkeys);
        BlockingKeys.Found<QuickList> found = BlockingKeys.find(ctx, keys, ListType.INSTANCE, l -> !l.isEmpty());
        if (found == null) {
            if (blocking) {
                BlockingKeys.block(ctx, keys, timeout, NULL_ARRAY, NULL_ARRAY);
            } else {
                ctx.reply().nullArray();
            }
            return;
        }
        ReplyWriter reply = ctx.reply();
        reply.array(2);
        reply.bulk(found.key());
        long popped = ListPopCommands.popRange(reply, found.value(), head, count);
        ListPopCommands.elementsRemoved(ctx, found.key(), found.value(), head, popped);
        ctx.propagate(head ? LPOP : RPOP, found.key(), bytes(Long.toString(popped)));
    }

    /**
     * BLMOVE and BRPOPLPUSH: moves at once if the source has an element, else blocks ({@code
     * blmoveGenericCommand}); true if it moved. A client served after blocking gets WRONGTYPE when the
     * destination holds another type, and the element stays in the source.
     */
    private boolean blockingMove(CommandContext ctx, Arguments args, boolean fromHead, boolean toHead,
                                 long timeout) {
        byte[][] source = {args.get(1)};
        if (BlockingKeys.find(ctx, source, ListType.INSTANCE, l -> !l.isEmpty()) == null) {
            BlockingKeys.block(ctx, source, timeout, NULL_ARRAY, NULL_BULK);
            return false;
        }
        return move(ctx, args.get(1), args.get(2), fromHead, toHead);
    }

    /** Redis's {@code lmoveGenericCommand}: pops from {@code src}, pushes to {@code dst}; true if it moved. */
    private boolean move(CommandContext ctx, byte[] src, byte[] dst, boolean fromHead, boolean toHead) {
        QuickList source = ctx.keyspace().get(src, ListType.INSTANCE);
        if (source == null) {
            ctx.reply().nullBulk();
            return false;
        }
        QuickList target = ctx.keyspace().get(dst, ListType.INSTANCE);
        byte[] value = source.pop(fromHead);
        if (target == null) {
            target = newList.get();
            ctx.keyspace().set(dst, target);
        }
        target.push(value, toHead);
        ctx.modified(dst, KeyEvent.LIST, toHead ? "lpush" : "rpush");
        ctx.reply().bulk(value);
        ctx.modified(src, KeyEvent.LIST, fromHead ? "lpop" : "rpop");
        ListCommands.deleteIfEmpty(ctx, src, source);
        return true;
    }

    private static byte[][] keys(Arguments args, int from, int count) {
        byte[][] keys = new byte[count][];
        for (int i = 0; i < count; i++) {
            keys[i] = args.get(from + i);
        }
        return keys;
    }

    /** LEFT (the head) or RIGHT; a syntax error otherwise ({@code getListPositionFromObjectOrReply}). */
    private static boolean where(Arguments args, int index) {
        if (args.is(index, "LEFT")) {
            return true;
        }
        if (args.is(index, "RIGHT")) {
            return false;
        }
        throw Errors.SYNTAX;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
