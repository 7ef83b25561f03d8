// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.sort;

import dev.cinnabar.core.ExecutionContext;
import dev.cinnabar.core.family.lists.ListCursor;
import dev.cinnabar.core.family.lists.QuickList;
import dev.cinnabar.core.family.sets.SetValue;
import dev.cinnabar.core.family.zsets.SortedSet;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.CommandFamily;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.FamilyContext;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** SORT and SORT_RO ({@code sort.c}): sorting a list, set or sorted set, by itself or by other keys. */
public final class SortCommands implements CommandFamily {
    private static final RedisError NOT_DOUBLE = RedisError.err("One or more scores can't be converted into double");

    @Override
    public String name() {
        return "sort";
    }

    @Override
    public void register(FamilyContext ctx) {
        ctx.command("sort", this::sort);
        ctx.command("sort_ro", this::sortRo);
    }

    /**
     * SORT key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC | DESC] [ALPHA]
     * [STORE destination]
     */
    void sort(CommandContext ctx, Arguments args) {
        sortGeneric(ctx, args, false);
    }

    /** SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC | DESC] [ALPHA] */
    void sortRo(CommandContext ctx, Arguments args) {
        sortGeneric(ctx, args, true);
    }

    /** Redis's {@code sortCommandGeneric}. */
    private void sortGeneric(CommandContext ctx, Arguments args, boolean readonly) {
        SortOptions o = SortOptions.parse(args, readonly, ((ExecutionContext) ctx)::unrestrictedKeyRead);
        byte[] key = args.get(1);
        Object value = ctx.keyspace().get(key);
        if (value == null) {
            ctx.notify(key, KeyEvent.KEY_MISS, "keymiss");
        } else if (value instanceof SortedSet zset) {
            zset.convertToSkipList();
        } else if (!(value instanceof QuickList) && !(value instanceof SetValue)) {
            throw Errors.WRONGTYPE;
        }
        boolean dontSort = o.dontSort;
        boolean alpha = o.alpha;
        byte[] by = o.by;
        // A set has no order of its own: what is stored or run in a script must not depend on the hash table.
        if (dontSort && value instanceof SetValue && (o.store != null || ctx.client().inScript())) {
            dontSort = false;
            alpha = true;
            by = null;
        }
        long length = length(value);
        long start = Math.min(Math.max(o.limitStart, 0), length);
        long count = Math.min(Math.max(o.limitCount, -1), length);
        long end = count < 0 ? length - 1 : start + count - 1;
        if (start >= length) {
            start = length - 1;
            end = length - 2;
        }
        if (end >= length) {
            end = length - 1;
        }
        Entry[] vector;
        if (dontSort && (value instanceof QuickList || value instanceof SortedSet)) {
            vector = range(value, start, end, o.desc);
            end -= start;
            start = 0;
        } else {
            vector = load(value);
        }
        if (!dontSort) {
            boolean invalid = false;
            for (Entry e : vector) {
                byte[] weight = by == null ? e.element : SortPatterns.lookup(ctx, by, e.element);
                if (weight == null) {
                    continue;
                }
                if (alpha) {
                    e.weight = by == null ? null : weight;
                } else {
                    e.score = SortScores.parse(weight);
                    invalid |= Double.isNaN(e.score);
                }
            }
            if (invalid) {
                throw NOT_DOUBLE;
            }
            Arrays.sort(vector, Entry.order(alpha, by != null, o.store != null, o.desc));
        }
        int rows = (int) (end - start + 1);
        if (o.store == null) {
            reply(ctx, o.gets, vector, (int) start, rows);
        } else {
            store(ctx, o, vector, (int) start, rows);
        }
    }

    private static long length(Object value) {
        if (value instanceof QuickList list) {
            return list.size();
        }
        if (value instanceof SetValue set) {
            return set.size();
        }
        return value instanceof SortedSet zset ? zset.size() : 0;
    }

    /**
     * The elements at {@code start..end} of a list or sorted set in its own order, counted from the end for
     * DESC: Redis reads only that range when nothing is sorted.
     */
    private static Entry[] range(Object value, long start, long end, boolean desc) {
        if (end < start) {
            return new Entry[0];
        }
        Entry[] out = new Entry[(int) (end - start + 1)];
        long from = desc ? length(value) - start - 1 : start;
        if (value instanceof QuickList list) {
            ListCursor c = list.cursor(from, !desc);
            for (int j = 0; j < out.length; j++) {
                out[j] = new Entry(c.next());
            }
        } else {
            int[] j = {0};
            ((SortedSet) value).forEachMember((int) from, desc, out.length, m -> out[j[0]++] = new Entry(m));
        }
        return out;
    }

    /** Every element, in the value's own order (sorted sets by rank, where Redis walks its hash table). */
    private static Entry[] load(Object value) {
        List<Entry> out = new ArrayList<>();
        if (value instanceof QuickList list && !list.isEmpty()) {
            ListCursor c = list.cursor(0, true);
            while (c.hasNext()) {
                out.add(new Entry(c.next()));
            }
        } else if (value instanceof SetValue set) {
            set.forEach(member -> out.add(new Entry(member)));
        } else if (value instanceof SortedSet zset) {
            zset.forEachMember(0, false, zset.size(), member -> out.add(new Entry(member)));
        }
        return out.toArray(new Entry[0]);
    }

    private static void reply(CommandContext ctx, List<byte[]> gets, Entry[] vector, int start, int rows) {
        ReplyWriter r = ctx.reply();
        r.array(gets.isEmpty() ? rows : gets.size() * rows);
        for (int j = start; j < start + rows; j++) {
            if (gets.isEmpty()) {
                r.bulk(vector[j].element);
            }
            for (byte[] pattern : gets) {
                byte[] v = SortPatterns.lookup(ctx, pattern, vector[j].element);
                if (v == null) {
                    r.nullBulk();
                } else {
                    r.bulk(v);
                }
            }
        }
    }

    /** STORE: the result as a list (GET misses as empty strings); an empty result deletes the destination. */
    private static void store(CommandContext ctx, SortOptions o, Entry[] vector, int start, int rows) {
        // Read when a list is made, as the lists family does; SORT ... STORE is not a hot path.
        QuickList out = new QuickList(Integer.parseInt(ctx.services().config("list-max-listpack-size")),
                Integer.parseInt(ctx.services().config("list-compress-depth")));
        for (int j = start; j < start + rows; j++) {
            if (o.gets.isEmpty()) {
                out.pushTail(vector[j].element);
            }
            for (byte[] pattern : o.gets) {
                byte[] v = SortPatterns.lookup(ctx, pattern, vector[j].element);
                out.pushTail(v == null ? new byte[0] : v);
            }
        }
        ctx.storeResult(o.store, out.size() > 0 ? out : null, KeyEvent.LIST, "sortstore");
        if (out.size() > 0) {
            ctx.dirty(out.size() - 1);
        }
        ctx.reply().integer(out.size());
    }
}
