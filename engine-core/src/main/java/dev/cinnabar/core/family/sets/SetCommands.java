// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.sets;

import dev.cinnabar.core.family.keys.ScanCommands;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.CommandFamily;
import dev.cinnabar.spi.ConfigParam;
import dev.cinnabar.spi.FamilyContext;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.Keyspace;
import dev.cinnabar.spi.ReplyWriter;


/**
 * The set commands ({@code t_set.c}). Intersection, union and difference live in {@link SetAlgebra}, SPOP
 * and SRANDMEMBER in {@link RandomMembers}.
 */
public final class SetCommands implements CommandFamily {
    private final IntsetLimit limit = new IntsetLimit();
    private final SetAlgebra algebra = new SetAlgebra(limit);
    private final RandomMembers random = new RandomMembers(limit, algebra);

    @Override
    public String name() {
        return "sets";
    }

    @Override
    public void register(FamilyContext ctx) {
        ctx.valueType(new SetType(limit));
        ctx.config(ConfigParam.ofInt("set-max-intset-entries", IntsetLimit.DEFAULT, 0, Long.MAX_VALUE,
                v -> limit.maxEntries = Long.parseLong(v)));
        ctx.command("sadd", this::sadd);
        ctx.command("srem", this::srem);
        ctx.command("scard", this::scard);
        ctx.command("sismember", this::sismember);
        ctx.command("smismember", this::smismember);
        ctx.command("smove", this::smove);
        ctx.command("sscan", this::sscan);
        ctx.command("smembers", algebra::smembers);
        ctx.command("sinter", algebra::sinter);
        ctx.command("sintercard", algebra::sintercard);
        ctx.command("sinterstore", algebra::sinterstore);
        ctx.command("sunion", algebra::sunion);
        ctx.command("sunionstore", algebra::sunionstore);
        ctx.command("sdiff", algebra::sdiff);
        ctx.command("sdiffstore", algebra::sdiffstore);
        ctx.command("spop", random::spop);
        ctx.command("srandmember", random::srandmember);
    }

    /** SADD key member [member ...] */
    void sadd(CommandContext ctx, Arguments args) {
        byte[] key = args.get(1);
        Keyspace ks = ctx.keyspace();
        SetValue set = ks.get(key, SetType.INSTANCE);
        if (set == null) {
            set = SetValue.forMember(args.get(2));
            ks.set(key, set);
        }
        int added = 0;
        for (int i = 2; i < args.size(); i++) {
            if (set.add(args.get(i), limit.maxEntries)) {
                added++;
            }
        }
        if (added > 0) {
            ctx.modified(key, KeyEvent.SET, "sadd");
            ctx.dirty(added - 1);
        }
        ctx.reply().integer(added);
    }

    /** SREM key member [member ...] */
    void srem(CommandContext ctx, Arguments args) {
        byte[] key = args.get(1);
        SetValue set = ctx.keyspace().get(key, SetType.INSTANCE);
        int removed = 0;
        if (set != null) {
            for (int i = 2; i < args.size() && set.size() > 0; i++) {
                if (set.remove(args.get(i))) {
                    removed++;
                }
            }
        }
        if (removed > 0) {
            ctx.modified(key, KeyEvent.SET, "srem");
            ctx.dirty(removed - 1);
            deleteIfEmpty(ctx, key, set);
        }
        ctx.reply().integer(removed);
    }

    /** SCARD key */
    void scard(CommandContext ctx, Arguments args) {
        SetValue set = read(ctx, args.get(1));
        ctx.reply().integer(set == null ? 0 : set.size());
    }

    /** SISMEMBER key member */
    void sismember(CommandContext ctx, Arguments args) {
        SetValue set = read(ctx, args.get(1));
        ctx.reply().integer(set != null && set.contains(args.get(2)) ? 1 : 0);
    }

    /** SMISMEMBER key member [member ...] */
    void smismember(CommandContext ctx, Arguments args) {
        SetValue set = read(ctx, args.get(1));
        ReplyWriter w = ctx.reply();
        w.array(args.size() - 2);
        for (int i = 2; i < args.size(); i++) {
            w.integer(set != null && set.contains(args.get(i)) ? 1 : 0);
        }
    }

    /** SMOVE source destination member */
    void smove(CommandContext ctx, Arguments args) {
        byte[] srcKey = args.get(1);
        byte[] dstKey = args.get(2);
        byte[] member = args.get(3);
        Keyspace ks = ctx.keyspace();
        SetValue src = ks.get(srcKey, SetType.INSTANCE);
        // as in Redis, a missing source replies 0 before the destination's type is checked
        if (src == null) {
            ctx.reply().integer(0);
            return;
        }
        SetValue dst = ks.get(dstKey, SetType.INSTANCE);
        if (src == dst) {
            ctx.reply().integer(src.contains(member) ? 1 : 0);
            return;
        }
        if (!src.remove(member)) {
            ctx.reply().integer(0);
            return;
        }
        ctx.modified(srcKey, KeyEvent.SET, "srem");
        deleteIfEmpty(ctx, srcKey, src);
        if (dst == null) {
            dst = SetValue.forMember(member);
            ks.set(dstKey, dst);
        }
        if (dst.add(member, limit.maxEntries)) {
            ctx.modified(dstKey, KeyEvent.SET, "sadd");
        }
        ctx.reply().integer(1);
    }

    /** SSCAN key cursor [MATCH pattern] [COUNT count] */
    void sscan(CommandContext ctx, Arguments args) {
        ScanCommands.scanCollection(ctx, args, SetType.INSTANCE, (set, cursor, options, found) ->
                set.scan(cursor, options.count(), member -> {
                    if (options.matches(member)) {
                        found.add(member);
                    }
                }));
    }

    /** A read lookup, as Redis's {@code lookupKeyRead}: a missing key fires {@code keymiss}. */
    static SetValue read(CommandContext ctx, byte[] key) {
        return ctx.read(key, SetType.INSTANCE);
    }

    /** Redis never keeps an empty set: the key goes, with a {@code del} event after the command's own. */
    static void deleteIfEmpty(CommandContext ctx, byte[] key, SetValue set) {
        if (set.size() == 0) {
            ctx.deleteEmptied(key);
        }
    }
}
