// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.keys;

import dev.cinnabar.core.keyspace.Database;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.Keyspace;
import dev.cinnabar.spi.RedisError;

import java.util.Locale;

import static java.nio.charset.StandardCharsets.US_ASCII;

/** The expiry commands of {@code expire.c}: EXPIRE and its variants, TTL and its variants, PERSIST. */
final class ExpireCommands {
    private static final byte[] PEXPIREAT = "PEXPIREAT".getBytes(US_ASCII);
    private static final byte[] DEL = "DEL".getBytes(US_ASCII);
    private static final RedisError NX_CONFLICT =
            RedisError.err("NX and XX, GT or LT options at the same time are not compatible");
    private static final RedisError GT_LT_CONFLICT =
            RedisError.err("GT and LT options at the same time are not compatible");

    /** What the number of an EXPIRE variant means. */
    private enum Unit { SECONDS, MILLISECONDS }

    /** EXPIRE key seconds [NX | XX | GT | LT] */
    void expire(CommandContext ctx, Arguments args) {
        expireGeneric(ctx, args, ctx.now(), Unit.SECONDS);
    }

    /** PEXPIRE key milliseconds [NX | XX | GT | LT] */
    void pexpire(CommandContext ctx, Arguments args) {
        expireGeneric(ctx, args, ctx.now(), Unit.MILLISECONDS);
    }

    /** EXPIREAT key unix-time-seconds [NX | XX | GT | LT] */
    void expireat(CommandContext ctx, Arguments args) {
        expireGeneric(ctx, args, 0, Unit.SECONDS);
    }

    /** PEXPIREAT key unix-time-milliseconds [NX | XX | GT | LT] */
    void pexpireat(CommandContext ctx, Arguments args) {
        expireGeneric(ctx, args, 0, Unit.MILLISECONDS);
    }

    /**
     * The shared path of the EXPIRE variants ({@code expireGenericCommand}): options are checked before
     * the number, a time already past deletes the key (propagated as DEL), any other is propagated as
     * PEXPIREAT with an absolute time.
     */
    private static void expireGeneric(CommandContext ctx, Arguments args, long basetime, Unit unit) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        for (int i = 3; i < args.size(); i++) {
            if (args.is(i, "NX")) {
                nx = true;
            } else if (args.is(i, "XX")) {
                xx = true;
            } else if (args.is(i, "GT")) {
                gt = true;
            } else if (args.is(i, "LT")) {
                lt = true;
            } else {
                throw RedisError.err("Unsupported option " + args.string(i));
            }
        }
        if (nx && (xx || gt || lt)) {
            throw NX_CONFLICT;
        }
        if (gt && lt) {
            throw GT_LT_CONFLICT;
        }
        long when = args.longValue(2);
        if (unit == Unit.SECONDS) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                throw invalidExpireTime(args);
            }
            when *= 1000;
        }
        if (when > Long.MAX_VALUE - basetime) {
            throw invalidExpireTime(args);
        }
        when += basetime;

        Keyspace ks = ctx.keyspace();
        byte[] key = args.get(1);
        long current = ks.expireAt(key);
        if (current == -2) {
            ctx.reply().integer(0);
            return;
        }
        if ((nx && current != -1) || (xx && current == -1) || (gt && (current == -1 || when <= current))
                || (lt && current != -1 && when >= current)) {
            ctx.reply().integer(0);
            return;
        }
        if (Database.alreadyExpired(ks, when, ctx.now())) {
            ks.remove(key);
            ctx.propagate(DEL, key);
            ctx.modified(key, KeyEvent.GENERIC, "del");
        } else {
            ks.setExpireAt(key, when);
            if (!args.is(0, "PEXPIREAT")) {
                byte[][] argv = args.slice(0);
                argv[0] = PEXPIREAT;
                argv[2] = Long.toString(when).getBytes(US_ASCII);
                ctx.propagate(argv);
            }
            ctx.modified(key, KeyEvent.GENERIC, "expire");
        }
        ctx.reply().integer(1);
    }

    private static RedisError invalidExpireTime(Arguments args) {
        return RedisError.err("invalid expire time in '" + args.string(0).toLowerCase(Locale.ROOT) + "' command");
    }

    /** TTL key */
    void ttl(CommandContext ctx, Arguments args) {
        ttlGeneric(ctx, args, false, false);
    }

    /** PTTL key */
    void pttl(CommandContext ctx, Arguments args) {
        ttlGeneric(ctx, args, true, false);
    }

    /** EXPIRETIME key */
    void expiretime(CommandContext ctx, Arguments args) {
        ttlGeneric(ctx, args, false, true);
    }

    /** PEXPIRETIME key */
    void pexpiretime(CommandContext ctx, Arguments args) {
        ttlGeneric(ctx, args, true, true);
    }

    /** The shared path of TTL and its variants ({@code ttlGenericCommand}): seconds round to nearest. */
    private static void ttlGeneric(CommandContext ctx, Arguments args, boolean millis, boolean absolute) {
        long at = ctx.keyspace().expireAt(args.get(1));
        if (at < 0) {
            ctx.reply().integer(at);
            return;
        }
        long ttl = Math.max(0, absolute ? at : at - ctx.now());
        // Redis's (ttl+500)/1000 comes out as if unsigned when ttl+500 overflows
        ctx.reply().integer(millis ? ttl : Long.divideUnsigned(ttl + 500, 1000));
    }

    /** PERSIST key */
    void persist(CommandContext ctx, Arguments args) {
        byte[] key = args.get(1);
        if (ctx.keyspace().persist(key)) {
            ctx.modified(key, KeyEvent.GENERIC, "persist");
            ctx.reply().integer(1);
        } else {
            ctx.reply().integer(0);
        }
    }
}
