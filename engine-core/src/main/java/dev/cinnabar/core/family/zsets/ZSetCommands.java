// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.CommandFamily;
import dev.cinnabar.spi.ConfigParam;
import dev.cinnabar.spi.FamilyContext;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.ReplyWriter;

/**
 * The sorted set commands ({@code t_zset.c}). Members and scores in {@link ZMemberCommands}, ranges in
 * {@link ZRangeCommands}, union, intersection and difference in {@link ZSetAlgebra}, pops in
 * {@link ZPopCommands}, ZRANDMEMBER and ZSCAN in {@link ZRandomScanCommands}.
 */
public final class ZSetCommands implements CommandFamily {
    private final ZSetLimits limits = new ZSetLimits();

    @Override
    public String name() {
        return "zsets";
    }

    @Override
    public void register(FamilyContext ctx) {
        ctx.valueType(new ZSetType(limits));
        ctx.config(ConfigParam.ofInt("zset-max-listpack-entries", ZSetLimits.DEFAULT_ENTRIES, 0, Long.MAX_VALUE,
                v -> limits.maxEntries = Long.parseLong(v)));
        ctx.config(ConfigParam.ofMemory("zset-max-listpack-value", ZSetLimits.DEFAULT_VALUE, 0, Long.MAX_VALUE,
                v -> limits.maxValue = Long.parseLong(v)));
        ZMemberCommands members = new ZMemberCommands(limits);
        ctx.command("zadd", members::zadd);
        ctx.command("zincrby", members::zincrby);
        ctx.command("zrem", ZMemberCommands::zrem);
        ctx.command("zcard", ZMemberCommands::zcard);
        ctx.command("zscore", ZMemberCommands::zscore);
        ctx.command("zmscore", ZMemberCommands::zmscore);
        ctx.command("zrank", ZMemberCommands::zrank);
        ctx.command("zrevrank", ZMemberCommands::zrevrank);
        ZRangeCommands ranges = new ZRangeCommands(limits);
        ctx.command("zrange", ranges::zrange);
        ctx.command("zrangestore", ranges::zrangestore);
        ctx.command("zrevrange", ranges::zrevrange);
        ctx.command("zrangebyscore", ranges::zrangebyscore);
        ctx.command("zrevrangebyscore", ranges::zrevrangebyscore);
        ctx.command("zrangebylex", ranges::zrangebylex);
        ctx.command("zrevrangebylex", ranges::zrevrangebylex);
        ctx.command("zcount", ZRangeCommands::zcount);
        ctx.command("zlexcount", ZRangeCommands::zlexcount);
        ctx.command("zremrangebyrank", ZRangeCommands::zremrangebyrank);
        ctx.command("zremrangebyscore", ZRangeCommands::zremrangebyscore);
        ctx.command("zremrangebylex", ZRangeCommands::zremrangebylex);
        ZSetAlgebra algebra = new ZSetAlgebra(limits);
        ctx.command("zunion", algebra::zunion);
        ctx.command("zunionstore", algebra::zunionstore);
        ctx.command("zinter", algebra::zinter);
        ctx.command("zinterstore", algebra::zinterstore);
        ctx.command("zintercard", algebra::zintercard);
        ctx.command("zdiff", algebra::zdiff);
        ctx.command("zdiffstore", algebra::zdiffstore);
        ctx.command("zpopmin", ZPopCommands::zpopmin);
        ctx.command("zpopmax", ZPopCommands::zpopmax);
        ctx.command("zmpop", ZPopCommands::zmpop);
        ctx.command("bzpopmin", ZPopCommands::bzpopmin);
        ctx.command("bzpopmax", ZPopCommands::bzpopmax);
        ctx.command("bzmpop", ZPopCommands::bzmpop);
        ctx.command("zrandmember", ZRandomScanCommands::zrandmember);
        ctx.command("zscan", ZRandomScanCommands::zscan);
    }

    /** A read lookup ({@code lookupKeyRead}): the set or null, firing {@code keymiss}; WRONGTYPE for another type. */
    static SortedSet read(CommandContext ctx, byte[] key) {
        return ctx.read(key, ZSetType.INSTANCE);
    }

    /** A write lookup ({@code lookupKeyWrite}): the set or null; WRONGTYPE for another type. */
    static SortedSet write(CommandContext ctx, byte[] key) {
        return ctx.keyspace().get(key, ZSetType.INSTANCE);
    }

    /** Deletes the key of a set that became empty, firing {@code del} after the command's own event. */
    static void deleteIfEmpty(CommandContext ctx, byte[] key, SortedSet set) {
        if (set.size() == 0) {
            ctx.deleteEmptied(key);
        }
    }

    /**
     * Ends a ZRANGESTORE, ZUNIONSTORE…: stores a non-empty {@code result} at {@code dst} (replacing any value
     * and TTL) or deletes {@code dst}, then replies the result's size.
     */
    static void store(CommandContext ctx, byte[] dst, SortedSet result, String event) {
        ctx.storeResult(dst, result.size() > 0 ? result : null, KeyEvent.ZSET, event);
        ctx.reply().integer(result.size());
    }

    /**
     * The header of {@code n} elements: with scores, a flat array of 2n in RESP2 and n member-score pairs in
     * RESP3, as Redis replies to ZRANGE … WITHSCORES.
     */
    static void elementsHeader(ReplyWriter w, int n, boolean withScores) {
        w.array(withScores && w.protocol() == 2 ? 2 * n : n);
    }

    /** One element after {@link #elementsHeader}. */
    static void element(ReplyWriter w, byte[] member, double score, boolean withScores) {
        if (withScores && w.protocol() > 2) {
            w.array(2);
        }
        w.bulk(member);
        if (withScores) {
            w.doubleValue(score);
        }
    }
}
