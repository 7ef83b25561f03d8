// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.lists;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.CommandFamily;
import dev.cinnabar.spi.ConfigParam;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.FamilyContext;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;

import java.util.Arrays;

/**
 * The list commands ({@code t_list.c}). Pops live in {@link ListPopCommands}, the moving and blocking
 * commands in {@link BlockingListCommands}.
 */
public final class ListCommands implements CommandFamily {
    private static final RedisError RANK_ZERO = RedisError.err("RANK can't be zero: use 1 to start from the "
            + "first match, 2 from the second ... or use negative to start from the end of the list");
    private static final RedisError COUNT_NEGATIVE = RedisError.err("COUNT can't be negative");
    private static final RedisError MAXLEN_NEGATIVE = RedisError.err("MAXLEN can't be negative");

    /** {@code list-max-listpack-size} and {@code list-compress-depth}, read when a list is created. */
    private int fill = -2;
    private int compressDepth;

    @Override
    public String name() {
        return "lists";
    }

    @Override
    public void register(FamilyContext ctx) {
        ctx.valueType(new ListType(this::newList));
        ctx.config(ConfigParam.ofInt("list-max-listpack-size", -2, Integer.MIN_VALUE, Integer.MAX_VALUE,
                v -> fill = Integer.parseInt(v)));
        ctx.config(ConfigParam.ofInt("list-compress-depth", 0, 0, Integer.MAX_VALUE,
                v -> compressDepth = Integer.parseInt(v)));
        ctx.command("lpush", this::lpush);
        ctx.command("rpush", this::rpush);
        ctx.command("lpushx", this::lpushx);
        ctx.command("rpushx", this::rpushx);
        ctx.command("linsert", this::linsert);
        ctx.command("llen", this::llen);
        ctx.command("lindex", this::lindex);
        ctx.command("lset", this::lset);
        ctx.command("lrange", this::lrange);
        ctx.command("ltrim", this::ltrim);
        ctx.command("lrem", this::lrem);
        ctx.command("lpos", this::lpos);
        ListPopCommands pops = new ListPopCommands();
        ctx.command("lpop", pops::lpop);
        ctx.command("rpop", pops::rpop);
        BlockingListCommands moves = new BlockingListCommands(this::newList);
        ctx.command("lmove", moves::lmove);
        ctx.command("rpoplpush", moves::rpoplpush);
        ctx.command("lmpop", moves::lmpop);
        ctx.command("blmove", moves::blmove);
        ctx.command("brpoplpush", moves::brpoplpush);
        ctx.command("blpop", moves::blpop);
        ctx.command("brpop", moves::brpop);
        ctx.command("blmpop", moves::blmpop);
    }

    /** An empty list with the current node settings (Redis's {@code createQuicklistObject}). */
    QuickList newList() {
        return new QuickList(fill, compressDepth);
    }

    /** LPUSH key element [element ...] */
    void lpush(CommandContext ctx, Arguments args) {
        pushGeneric(ctx, args, true, false);
    }

    /** RPUSH key element [element ...] */
    void rpush(CommandContext ctx, Arguments args) {
        pushGeneric(ctx, args, false, false);
    }

    /** LPUSHX key element [element ...] */
    void lpushx(CommandContext ctx, Arguments args) {
        pushGeneric(ctx, args, true, true);
    }

    /** RPUSHX key element [element ...] */
    void rpushx(CommandContext ctx, Arguments args) {
        pushGeneric(ctx, args, false, true);
    }

    private void pushGeneric(CommandContext ctx, Arguments args, boolean head, boolean onlyIfExists) {
        byte[] key = args.get(1);
        QuickList list = ctx.keyspace().get(key, ListType.INSTANCE);
        if (list == null) {
            if (onlyIfExists) {
                ctx.reply().integer(0);
                return;
            }
            list = newList();
            ctx.keyspace().set(key, list);
        }
        for (int i = 2; i < args.size(); i++) {
            list.push(args.get(i), head);
        }
        ctx.reply().integer(list.size());
        ctx.modified(key, KeyEvent.LIST, head ? "lpush" : "rpush");
        ctx.dirty(args.size() - 3L);
    }

    /** LINSERT key BEFORE|AFTER pivot element */
    void linsert(CommandContext ctx, Arguments args) {
        boolean after;
        if (args.is(2, "AFTER")) {
            after = true;
        } else if (args.is(2, "BEFORE")) {
            after = false;
        } else {
            throw Errors.SYNTAX;
        }
        byte[] key = args.get(1);
        QuickList list = ctx.keyspace().get(key, ListType.INSTANCE);
        if (list == null) {
            ctx.reply().integer(0);
            return;
        }
        if (!list.insert(args.get(3), args.get(4), after)) {
            ctx.reply().integer(-1);
            return;
        }
        ctx.modified(key, KeyEvent.LIST, "linsert");
        ctx.reply().integer(list.size());
    }

    /** LLEN key */
    void llen(CommandContext ctx, Arguments args) {
        QuickList list = ctx.read(args.get(1), ListType.INSTANCE);
        ctx.reply().integer(list == null ? 0 : list.size());
    }

    /** LINDEX key index */
    void lindex(CommandContext ctx, Arguments args) {
        QuickList list = ctx.read(args.get(1), ListType.INSTANCE);
        if (list == null) {
            ctx.reply().nullBulk();
            return;
        }
        long index = args.longValue(2);
        byte[] value = list.get(index < 0 ? list.size() + index : index);
        if (value == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().bulk(value);
        }
    }

    /** LSET key index element */
    void lset(CommandContext ctx, Arguments args) {
        byte[] key = args.get(1);
        QuickList list = ctx.keyspace().get(key, ListType.INSTANCE);
        if (list == null) {
            throw Errors.NO_SUCH_KEY;
        }
        long index = args.longValue(2);
        if (!list.set(index < 0 ? list.size() + index : index, args.get(3))) {
            throw Errors.OUT_OF_RANGE;
        }
        ctx.reply().ok();
        ctx.modified(key, KeyEvent.LIST, "lset");
    }

    /** LRANGE key start stop */
    void lrange(CommandContext ctx, Arguments args) {
        long start = args.longValue(2);
        long end = args.longValue(3);
        QuickList list = ctx.read(args.get(1), ListType.INSTANCE);
        if (list == null) {
            ctx.reply().array(0);
            return;
        }
        long[] range = range(start, end, list.size());
        if (range == null) {
            ctx.reply().array(0);
            return;
        }
        replyRange(ctx.reply(), list, range[0], range[1] - range[0] + 1, false);
    }

    /** LTRIM key start stop */
    void ltrim(CommandContext ctx, Arguments args) {
        long start = args.longValue(2);
        long end = args.longValue(3);
        byte[] key = args.get(1);
        QuickList list = ctx.keyspace().get(key, ListType.INSTANCE);
        if (list == null) {
            ctx.reply().ok();
            return;
        }
        long size = list.size();
        long[] range = range(start, end, size);
        long left = range == null ? size : range[0];
        long right = range == null ? 0 : size - range[1] - 1;
        if (right > 0) {
            list.removeRange(size - right, right);
        }
        if (left > 0) {
            list.removeRange(0, left);
        }
        ctx.modified(key, KeyEvent.LIST, "ltrim");
        // Redis counts the removed elements only: a trim that removes nothing is not propagated
        ctx.dirty(left + right - 1);
        deleteIfEmpty(ctx, key, list);
        ctx.reply().ok();
    }

    /** LREM key count element */
    void lrem(CommandContext ctx, Arguments args) {
        long count = args.longValue(2);
        byte[] key = args.get(1);
        QuickList list = ctx.keyspace().get(key, ListType.INSTANCE);
        if (list == null) {
            ctx.reply().integer(0);
            return;
        }
        long removed = list.removeMatching(args.get(3), count);
        if (removed > 0) {
            ctx.modified(key, KeyEvent.LIST, "lrem");
            ctx.dirty(removed - 1);
            deleteIfEmpty(ctx, key, list);
        }
        ctx.reply().integer(removed);
    }

    /** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len] */
    void lpos(CommandContext ctx, Arguments args) {
        long rank = 1;
        long count = -1;
        long maxlen = 0;
        for (int i = 3; i < args.size(); i++) {
            boolean more = i + 1 < args.size();
            if (args.is(i, "RANK") && more) {
                rank = args.longValue(++i);
                if (rank == 0) {
                    throw RANK_ZERO;
                }
            } else if (args.is(i, "COUNT") && more) {
                count = args.longValue(++i, 0, Long.MAX_VALUE, COUNT_NEGATIVE);
            } else if (args.is(i, "MAXLEN") && more) {
                maxlen = args.longValue(++i, 0, Long.MAX_VALUE, MAXLEN_NEGATIVE);
            } else {
                throw Errors.SYNTAX;
            }
        }
        QuickList list = ctx.read(args.get(1), ListType.INSTANCE);
        if (list == null) {
            if (count != -1) {
                ctx.reply().array(0);
            } else {
                ctx.reply().nullBulk();
            }
            return;
        }
        boolean forward = rank > 0;
        // -Long.MIN_VALUE stays negative, and Redis then counts every match as ranked: so does this
        rank = forward ? rank : -rank;
        long size = list.size();
        ListCursor cursor = list.cursor(forward ? 0 : size - 1, forward);
        byte[] element = args.get(2);
        long[] found = new long[8];
        int n = 0;
        long matches = 0;
        for (long index = 0; cursor.hasNext() && (maxlen == 0 || index < maxlen); index++) {
            if (cursor.nextEquals(element) && ++matches >= rank) {
                if (n == found.length) {
                    found = Arrays.copyOf(found, n * 2);
                }
                found[n++] = forward ? index : size - index - 1;
                // without COUNT the first ranked match ends the search; COUNT 0 means all of them
                if (count == -1 || (count > 0 && matches - rank + 1 >= count)) {
                    break;
                }
            }
        }
        if (count == -1) {
            if (n == 0) {
                ctx.reply().nullBulk();
            } else {
                ctx.reply().integer(found[0]);
            }
            return;
        }
        ctx.reply().array(n);
        for (int i = 0; i < n; i++) {
            ctx.reply().integer(found[i]);
        }
    }

    /** The inclusive index range LRANGE and LTRIM select in a list of {@code size}; null if empty. */
    private static long[] range(long start, long end, long size) {
        if (start < 0) {
            start = size + start;
        }
        if (end < 0) {
            end = size + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > end || start >= size) {
            return null;
        }
        return new long[]{start, Math.min(end, size - 1)};
    }

    /** Replies {@code count} elements from {@code start}, toward the head if {@code reverse}. */
    static void replyRange(ReplyWriter reply, QuickList list, long start, long count, boolean reverse) {
        reply.array((int) count);
        ListCursor cursor = list.cursor(start, !reverse);
        for (long i = 0; i < count; i++) {
            reply.bulk(cursor.next());
        }
    }

    /** Deletes the key of a list that has become empty, with the {@code del} event after the command's own. */
    static void deleteIfEmpty(CommandContext ctx, byte[] key, QuickList list) {
        if (list.isEmpty()) {
            ctx.deleteEmptied(key);
        }
    }
}
