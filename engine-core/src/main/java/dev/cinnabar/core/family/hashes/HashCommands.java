// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.hashes;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.CommandFamily;
import dev.cinnabar.spi.ConfigParam;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.FamilyContext;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.Keyspace;
import dev.cinnabar.spi.ReplyWriter;

/**
 * The hash commands ({@code t_hash.c}). Uses the SPI only. The counters live in {@link HashCounters},
 * HRANDFIELD in {@link RandomFieldCommand}, HSCAN in {@link HashScanCommand}.
 */
public final class HashCommands implements CommandFamily {
    private final HashLimits limits = new HashLimits();

    @Override
    public String name() {
        return "hashes";
    }

    @Override
    public void register(FamilyContext ctx) {
        ctx.valueType(new HashType(limits));
        ctx.config(ConfigParam.ofInt("hash-max-listpack-entries", 512, 0, Long.MAX_VALUE, limits::maxEntries));
        ctx.config(ConfigParam.ofMemory("hash-max-listpack-value", 64, 0, Long.MAX_VALUE, limits::maxValue));
        HashCounters counters = new HashCounters(limits);
        ctx.command("hset", this::hset);
        ctx.command("hmset", this::hmset);
        ctx.command("hsetnx", this::hsetnx);
        ctx.command("hget", this::hget);
        ctx.command("hmget", this::hmget);
        ctx.command("hdel", this::hdel);
        ctx.command("hlen", this::hlen);
        ctx.command("hstrlen", this::hstrlen);
        ctx.command("hexists", this::hexists);
        ctx.command("hkeys", this::hkeys);
        ctx.command("hvals", this::hvals);
        ctx.command("hgetall", this::hgetall);
        ctx.command("hincrby", counters::hincrby);
        ctx.command("hincrbyfloat", counters::hincrbyfloat);
        ctx.command("hrandfield", RandomFieldCommand::hrandfield);
        ctx.command("hscan", HashScanCommand::hscan);
    }

    /** HSET key field value [field value ...] */
    void hset(CommandContext ctx, Arguments args) {
        ctx.reply().integer(setGeneric(ctx, args, "hset"));
    }

    /** HMSET key field value [field value ...] */
    void hmset(CommandContext ctx, Arguments args) {
        setGeneric(ctx, args, "hmset");
        ctx.reply().ok();
    }

    /** The shared path of HSET and HMSET; returns the number of new fields. */
    private long setGeneric(CommandContext ctx, Arguments args, String command) {
        if (args.size() % 2 != 0) {
            throw Errors.wrongArity(command);
        }
        byte[] key = args.get(1);
        HashValue hash = readOrCreate(ctx, key);
        hash.convertForArguments(args, 2, args.size(), limits);
        long created = 0;
        for (int i = 2; i < args.size(); i += 2) {
            if (hash.set(args.get(i), args.get(i + 1), limits)) {
                created++;
            }
        }
        ctx.modified(key, KeyEvent.HASH, "hset");
        ctx.dirty((args.size() - 2) / 2 - 1);
        return created;
    }

    /** HSETNX key field value */
    void hsetnx(CommandContext ctx, Arguments args) {
        byte[] key = args.get(1);
        HashValue hash = readOrCreate(ctx, key);
        if (hash.contains(args.get(2))) {
            ctx.reply().integer(0);
            return;
        }
        hash.convertForArguments(args, 2, 4, limits);
        hash.set(args.get(2), args.get(3), limits);
        ctx.modified(key, KeyEvent.HASH, "hset");
        ctx.reply().integer(1);
    }

    /** HGET key field */
    void hget(CommandContext ctx, Arguments args) {
        HashValue hash = read(ctx, args.get(1));
        byte[] value = hash == null ? null : hash.get(args.get(2));
        if (value == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().bulk(value);
        }
    }

    /** HMGET key field [field ...] */
    void hmget(CommandContext ctx, Arguments args) {
        HashValue hash = read(ctx, args.get(1));
        byte[][] values = new byte[args.size() - 2][];
        if (hash != null) {
            for (int i = 2; i < args.size(); i++) {
                values[i - 2] = hash.get(args.get(i));
            }
        }
        ctx.reply().bulkArray(values);
    }

    /** HDEL key field [field ...] */
    void hdel(CommandContext ctx, Arguments args) {
        byte[] key = args.get(1);
        Keyspace ks = ctx.keyspace();
        HashValue hash = ks.get(key, HashType.INSTANCE);
        if (hash == null) {
            ctx.reply().integer(0);
            return;
        }
        long deleted = 0;
        boolean emptied = false;
        for (int i = 2; i < args.size(); i++) {
            if (hash.remove(args.get(i))) {
                deleted++;
                if (hash.size() == 0) {
                    emptied = true;
                    break;
                }
            }
        }
        if (deleted > 0) {
            ctx.modified(key, KeyEvent.HASH, "hdel");
            if (emptied) {
                ctx.deleteEmptied(key);
            }
            ctx.dirty(deleted - 1);
        }
        ctx.reply().integer(deleted);
    }

    /** HLEN key */
    void hlen(CommandContext ctx, Arguments args) {
        HashValue hash = read(ctx, args.get(1));
        ctx.reply().integer(hash == null ? 0 : hash.size());
    }

    /** HSTRLEN key field */
    void hstrlen(CommandContext ctx, Arguments args) {
        HashValue hash = read(ctx, args.get(1));
        ctx.reply().integer(hash == null ? 0 : hash.valueLength(args.get(2)));
    }

    /** HEXISTS key field */
    void hexists(CommandContext ctx, Arguments args) {
        HashValue hash = read(ctx, args.get(1));
        ctx.reply().integer(hash != null && hash.contains(args.get(2)) ? 1 : 0);
    }

    /** HKEYS key */
    void hkeys(CommandContext ctx, Arguments args) {
        getAllGeneric(ctx, args.get(1), true, false);
    }

    /** HVALS key */
    void hvals(CommandContext ctx, Arguments args) {
        getAllGeneric(ctx, args.get(1), false, true);
    }

    /** HGETALL key */
    void hgetall(CommandContext ctx, Arguments args) {
        getAllGeneric(ctx, args.get(1), true, true);
    }

    /** The shared path of HKEYS, HVALS and HGETALL ({@code genericHgetallCommand}): a map when both. */
    private static void getAllGeneric(CommandContext ctx, byte[] key, boolean fields, boolean values) {
        HashValue hash = read(ctx, key);
        ReplyWriter w = ctx.reply();
        int size = hash == null ? 0 : hash.size();
        if (fields && values) {
            w.map(size);
        } else {
            w.array(size);
        }
        if (hash != null) {
            hash.forEach((f, v) -> {
                if (fields) {
                    w.bulk(f);
                }
                if (values) {
                    w.bulk(v);
                }
            });
        }
    }

    /** A read lookup ({@code lookupKeyRead}): the hash or null, firing {@code keymiss} when missing. */
    static HashValue read(CommandContext ctx, byte[] key) {
        return ctx.read(key, HashType.INSTANCE);
    }

    /** The hash at {@code key}, created empty if missing ({@code hashTypeLookupWriteOrCreate}). */
    static HashValue readOrCreate(CommandContext ctx, byte[] key) {
        Keyspace ks = ctx.keyspace();
        HashValue hash = ks.get(key, HashType.INSTANCE);
        if (hash == null) {
            hash = new HashValue();
            ks.set(key, hash);
        }
        return hash;
    }
}
