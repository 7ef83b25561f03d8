// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.lists;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;

/** LPOP and RPOP with their optional count ({@code popGenericCommand}). */
final class ListPopCommands {
    private static final RedisError NOT_POSITIVE = RedisError.err("value is out of range, must be positive");

    /** LPOP key [count] */
    void lpop(CommandContext ctx, Arguments args) {
        popGeneric(ctx, args, true);
    }

    /** RPOP key [count] */
    void rpop(CommandContext ctx, Arguments args) {
        popGeneric(ctx, args, false);
    }

    private static void popGeneric(CommandContext ctx, Arguments args, boolean head) {
        if (args.size() > 3) {
            throw Errors.wrongArity(head ? "lpop" : "rpop");
        }
        boolean hasCount = args.size() == 3;
        long count = hasCount ? args.longValue(2, 0, Long.MAX_VALUE, NOT_POSITIVE) : 1;
        byte[] key = args.get(1);
        QuickList list = ctx.keyspace().get(key, ListType.INSTANCE);
        ReplyWriter reply = ctx.reply();
        if (list == null) {
            if (hasCount) {
                reply.nullArray();
            } else {
                reply.nullBulk();
            }
            return;
        }
        if (count == 0) {
            reply.array(0);
            return;
        }
        if (hasCount) {
            count = popRange(reply, list, head, count);
        } else {
            reply.bulk(list.pop(head));
        }
        elementsRemoved(ctx, key, list, head, count);
    }

    /** Pops up to {@code count} elements into an array reply; returns how many it popped. */
    static long popRange(ReplyWriter reply, QuickList list, boolean head, long count) {
        long n = Math.min(count, list.size());
        reply.array((int) n);
        for (long i = 0; i < n; i++) {
            reply.bulk(list.pop(head));
        }
        return n;
    }

    /** Redis's {@code listElementsRemoved}: the pop event, then {@code del} if the list emptied. */
    static void elementsRemoved(CommandContext ctx, byte[] key, QuickList list, boolean head, long count) {
        ctx.modified(key, KeyEvent.LIST, head ? "lpop" : "rpop");
        ctx.dirty(count - 1);
        ListCommands.deleteIfEmpty(ctx, key, list);
    }
}
