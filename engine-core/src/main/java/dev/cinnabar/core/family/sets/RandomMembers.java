// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.sets;

import dev.cinnabar.core.structures.ByteMap;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static java.util.Objects.requireNonNull;

/** SPOP and SRANDMEMBER ({@code spopWithCountCommand}, {@code srandmemberWithCountCommand}). */
final class RandomMembers {
    private static final byte[] SREM = "SREM".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);
    private static final RedisError COUNT_NOT_POSITIVE = RedisError.err("value is out of range, must be positive");
    private static final RedisError COUNT_OUT_OF_RANGE = RedisError.err(
            "value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    /** A reply of repeated members longer than a Java array cannot be built; Redis would run out of memory. */
    private static final long MAX_REPEATED = Integer.MAX_VALUE - 8;
    private static final RedisError REPEATED_TOO_LONG = RedisError.err(
            "value is out of range, value must between -" + MAX_REPEATED + " and " + MAX_REPEATED);
    /** Redis's {@code SPOP_MOVE_STRATEGY_MUL}: pop one by one while the rest is over a fifth of the count. */
    private static final long SPOP_MOVE_STRATEGY_MUL = 5;
    /** Redis's {@code SRANDMEMBER_SUB_STRATEGY_MUL}: sample by elimination when count is over a third. */
    private static final long SRANDMEMBER_SUB_STRATEGY_MUL = 3;

    private final IntsetLimit limit;
    private final SetAlgebra algebra;

    RandomMembers(IntsetLimit limit, SetAlgebra algebra) {
        this.limit = requireNonNull(limit, "limit is null");
        this.algebra = requireNonNull(algebra, "algebra is null");
    }

    /** SPOP key [count] */
    void spop(CommandContext ctx, Arguments args) {
        if (args.size() == 3) {
            spopWithCount(ctx, args);
            return;
        }
        if (args.size() > 3) {
            throw Errors.SYNTAX;
        }
        byte[] key = args.get(1);
        SetValue set = ctx.keyspace().get(key, SetType.INSTANCE);
        if (set == null) {
            ctx.reply().nullBulk();
            return;
        }
        byte[] member = set.random();
        set.remove(member);
        ctx.modified(key, KeyEvent.SET, "spop");
        ctx.propagate(SREM, key, member);
        ctx.reply().bulk(member);
        SetCommands.deleteIfEmpty(ctx, key, set);
    }

    /**
     * SPOP with a count, in Redis's three cases: the whole set (propagated as DEL); a few members popped one
     * by one; or most of the set, by drawing the members that stay into a new set. Popped members
     * propagate as one SREM each.
     */
    private void spopWithCount(CommandContext ctx, Arguments args) {
        long count = Numbers.parseLong(args.get(2), COUNT_NOT_POSITIVE);
        if (count < 0) {
            throw COUNT_NOT_POSITIVE;
        }
        byte[] key = args.get(1);
        SetValue set = ctx.keyspace().get(key, SetType.INSTANCE);
        ReplyWriter w = ctx.reply();
        if (set == null || count == 0) {
            w.set(0);
            return;
        }
        int size = set.size();
        ctx.modified(key, KeyEvent.SET, "spop");
        ctx.dirty(count - 1);
        if (count >= size) {
            SetAlgebra.replySet(w, algebra.union(set));
            ctx.deleteEmptied(key);
            ctx.propagate(DEL, key);
            return;
        }
        w.set((int) count);
        long remaining = size - count;
        if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
            for (long i = 0; i < count; i++) {
                byte[] member = set.random();
                set.remove(member);
                w.bulk(member);
                ctx.propagate(SREM, key, member);
            }
            return;
        }
        SetValue kept = null;
        for (long i = 0; i < remaining; i++) {
            byte[] member = set.random();
            if (kept == null) {
                kept = SetValue.forMember(member);
            }
            kept.add(member, limit.maxEntries);
            set.remove(member);
        }
        set.forEach(member -> {
            w.bulk(member);
            ctx.propagate(SREM, key, member);
        });
        ctx.keyspace().replace(key, kept);
    }

    /** SRANDMEMBER key [count] */
    void srandmember(CommandContext ctx, Arguments args) {
        if (args.size() == 3) {
            srandmemberWithCount(ctx, args);
            return;
        }
        if (args.size() > 3) {
            throw Errors.SYNTAX;
        }
        SetValue set = SetCommands.read(ctx, args.get(1));
        if (set == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().bulk(set.random());
        }
    }

    /**
     * SRANDMEMBER with a count: a negative count draws with repeats; a positive one returns distinct
     * members, the whole set when the count covers it.
     */
    private static void srandmemberWithCount(CommandContext ctx, Arguments args) {
        long requested = args.longValue(2);
        if (requested == Long.MIN_VALUE) {
            throw COUNT_OUT_OF_RANGE;
        }
        boolean distinct = requested >= 0;
        long count = Math.abs(requested);
        if (!distinct && count > MAX_REPEATED) {
            throw REPEATED_TOO_LONG;
        }
        SetValue set = SetCommands.read(ctx, args.get(1));
        ReplyWriter w = ctx.reply();
        if (set == null || count == 0) {
            w.array(0);
            return;
        }
        if (!distinct || count == 1) {
            w.array((int) count);
            for (long i = 0; i < count; i++) {
                w.bulk(set.random());
            }
            return;
        }
        if (count >= set.size()) {
            w.array(set.size());
            set.forEach(w::bulk);
            return;
        }
        List<byte[]> sample = distinctSample(set, (int) count);
        w.array(sample.size());
        for (byte[] member : sample) {
            w.bulk(member);
        }
    }

    /**
     * {@code count} distinct random members, fewer than the set holds: for a large share a partial shuffle
     * of all members (as Redis copies the set and removes at random), else random draws until enough are
     * distinct.
     */
    private static List<byte[]> distinctSample(SetValue set, int count) {
        int size = set.size();
        if (count * SRANDMEMBER_SUB_STRATEGY_MUL > size) {
            List<byte[]> all = new ArrayList<>(size);
            set.forEach(all::add);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < count; i++) {
                int j = i + random.nextInt(size - i);
                all.set(i, all.set(j, all.get(i)));
            }
            return all.subList(0, count);
        }
        ByteMap<Boolean> picked = new ByteMap<>();
        while (picked.size() < count) {
            picked.put(set.random(), Boolean.TRUE);
        }
        List<byte[]> sample = new ArrayList<>(count);
        picked.forEachSlot(slot -> sample.add(picked.keyAt(slot)));
        return sample;
    }
}
