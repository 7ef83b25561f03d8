// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.sets;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Intersection, union and difference ({@code sinterGenericCommand} and {@code sunionDiffGenericCommand}):
 * SINTER, SINTERCARD, SUNION, SDIFF, their STORE forms, and SMEMBERS, which Redis 7.0 runs as SINTER.
 * Results are built as Redis builds them (an intset first, converted as members arrive), so a stored
 * result has Redis's encoding and a reply Redis's order.
 */
final class SetAlgebra {
    private static final RedisError NUMKEYS_NOT_POSITIVE = RedisError.err("numkeys should be greater than 0");
    private static final RedisError NUMKEYS_TOO_LARGE =
            RedisError.err("Number of keys can't be greater than number of args");
    private static final RedisError LIMIT_NEGATIVE = RedisError.err("LIMIT can't be negative");
    /** Missing keys sort as empty sets. */
    private static final Comparator<SetValue> BY_SIZE = Comparator.comparingInt(s -> s == null ? 0 : s.size());

    private enum Op { UNION, DIFF }

    private final IntsetLimit limit;

    SetAlgebra(IntsetLimit limit) {
        this.limit = requireNonNull(limit, "limit is null");
    }

    /** SMEMBERS key */
    void smembers(CommandContext ctx, Arguments args) {
        intersect(ctx, args.slice(1), null, false, 0);
    }

    /** SINTER key [key ...] */
    void sinter(CommandContext ctx, Arguments args) {
        intersect(ctx, args.slice(1), null, false, 0);
    }

    /** SINTERSTORE destination key [key ...] */
    void sinterstore(CommandContext ctx, Arguments args) {
        intersect(ctx, args.slice(2), args.get(1), false, 0);
    }

    /** SINTERCARD numkeys key [key ...] [LIMIT limit] */
    void sintercard(CommandContext ctx, Arguments args) {
        long numkeys = Numbers.parseLong(args.get(1), NUMKEYS_NOT_POSITIVE);
        if (numkeys < 1) {
            throw NUMKEYS_NOT_POSITIVE;
        }
        if (numkeys > args.size() - 2) {
            throw NUMKEYS_TOO_LARGE;
        }
        int firstOption = 2 + (int) numkeys;
        long cardLimit = 0;
        for (int i = firstOption; i < args.size(); i++) {
            if (args.is(i, "LIMIT") && i + 1 < args.size()) {
                cardLimit = Numbers.parseLong(args.get(++i), LIMIT_NEGATIVE);
                if (cardLimit < 0) {
                    throw LIMIT_NEGATIVE;
                }
            } else {
                throw Errors.SYNTAX;
            }
        }
        intersect(ctx, Arrays.copyOfRange(args.slice(2), 0, (int) numkeys), null, true, cardLimit);
    }

    /** SUNION key [key ...] */
    void sunion(CommandContext ctx, Arguments args) {
        combine(ctx, args.slice(1), null, Op.UNION);
    }

    /** SUNIONSTORE destination key [key ...] */
    void sunionstore(CommandContext ctx, Arguments args) {
        combine(ctx, args.slice(2), args.get(1), Op.UNION);
    }

    /** SDIFF key [key ...] */
    void sdiff(CommandContext ctx, Arguments args) {
        combine(ctx, args.slice(1), null, Op.DIFF);
    }

    /** SDIFFSTORE destination key [key ...] */
    void sdiffstore(CommandContext ctx, Arguments args) {
        combine(ctx, args.slice(2), args.get(1), Op.DIFF);
    }

    /**
     * The members of the smallest set that every other set holds, in the smallest set's order. Any missing
     * key makes the result empty; {@code cardLimit} (0 for none) stops SINTERCARD's count early.
     */
    private void intersect(CommandContext ctx, byte[][] keys, byte[] dst, boolean cardinalityOnly,
                           long cardLimit) {
        SetValue[] sets = lookup(ctx, keys);
        ReplyWriter w = ctx.reply();
        if (Arrays.asList(sets).contains(null)) {
            if (dst != null) {
                store(ctx, dst, SetValue.empty(), "sinterstore");
            } else if (cardinalityOnly) {
                w.integer(0);
            } else {
                w.set(0);
            }
            return;
        }
        // a stable sort, as glibc's qsort (a merge sort) is, so equal sizes keep their argument order
        Arrays.sort(sets, BY_SIZE);
        SetValue smallest = sets[0];
        SetValue stored = SetValue.empty();
        List<byte[]> members = new ArrayList<>();
        long[] cardinality = {0};
        smallest.forEachWhile(member -> {
            for (int j = 1; j < sets.length; j++) {
                if (sets[j] != smallest && !sets[j].contains(member)) {
                    return true;
                }
            }
            cardinality[0]++;
            if (dst != null) {
                stored.add(member, limit.maxEntries);
            } else if (!cardinalityOnly) {
                members.add(member);
            }
            return !cardinalityOnly || cardLimit == 0 || cardinality[0] < cardLimit;
        });
        if (dst != null) {
            store(ctx, dst, stored, "sinterstore");
        } else if (cardinalityOnly) {
            w.integer(cardinality[0]);
        } else {
            w.set(members.size());
            for (byte[] member : members) {
                w.bulk(member);
            }
        }
    }

    /** Union or difference of the sets at {@code keys}, replied or stored at {@code dst}. */
    private void combine(CommandContext ctx, byte[][] keys, byte[] dst, Op op) {
        SetValue result = combine(lookup(ctx, keys), op);
        if (dst != null) {
            store(ctx, dst, result, op == Op.UNION ? "sunionstore" : "sdiffstore");
        } else {
            replySet(ctx.reply(), result);
        }
    }

    /** The union of {@code sets} (nulls are empty sets), built as SUNION builds it. */
    SetValue union(SetValue... sets) {
        return combine(sets, Op.UNION);
    }

    /**
     * {@code sunionDiffGenericCommand}'s result. A difference uses Redis's cheaper algorithm for the input:
     * (1) test each member of the first set against the others, or (2) add the first set and remove the
     * others; the choice shows in the result's encoding, since (2) may pass through a hashtable.
     */
    private SetValue combine(SetValue[] sets, Op op) {
        SetValue result = SetValue.empty();
        SetValue first = sets[0];
        if (op == Op.UNION) {
            for (SetValue set : sets) {
                if (set != null) {
                    set.forEach(member -> result.add(member, limit.maxEntries));
                }
            }
            return result;
        }
        if (first == null || Arrays.asList(sets).subList(1, sets.length).contains(first)) {
            return result;
        }
        long oneWork = 0;
        long twoWork = 0;
        for (SetValue set : sets) {
            if (set != null) {
                oneWork += first.size();
                twoWork += set.size();
            }
        }
        if (oneWork / 2 <= twoWork) {
            // subtract the largest sets first: a member present elsewhere is more likely found at once
            Arrays.sort(sets, 1, sets.length, BY_SIZE.reversed());
            first.forEach(member -> {
                for (int j = 1; j < sets.length; j++) {
                    if (sets[j] != null && sets[j].contains(member)) {
                        return;
                    }
                }
                result.add(member, limit.maxEntries);
            });
            return result;
        }
        for (int j = 0; j < sets.length && (j == 0 || result.size() > 0); j++) {
            if (sets[j] == null) {
                continue;
            }
            if (j == 0) {
                sets[j].forEach(member -> result.add(member, limit.maxEntries));
            } else {
                sets[j].forEach(result::remove);
            }
        }
        return result;
    }

    /** A set reply (an array in RESP2) of every member in the set's order. */
    static void replySet(ReplyWriter w, SetValue set) {
        w.set(set.size());
        set.forEach(w::bulk);
    }

    /** Each key's set, or null where missing; WRONGTYPE at the first key of another type. */
    private static SetValue[] lookup(CommandContext ctx, byte[][] keys) {
        SetValue[] sets = new SetValue[keys.length];
        for (int i = 0; i < keys.length; i++) {
            sets[i] = SetCommands.read(ctx, keys[i]);
        }
        return sets;
    }

    /**
     * Stores a non-empty result at {@code dst}, replacing any value and its TTL; an empty one deletes
     * {@code dst} instead. Replies the result's size.
     */
    private static void store(CommandContext ctx, byte[] dst, SetValue result, String event) {
        ctx.storeResult(dst, result.size() > 0 ? result : null, KeyEvent.SET, event);
        ctx.reply().integer(result.size());
    }
}
