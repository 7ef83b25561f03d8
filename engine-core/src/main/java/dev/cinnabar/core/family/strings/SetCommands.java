// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.strings;

import static dev.cinnabar.core.family.strings.StringCommands.bytes;
import static dev.cinnabar.core.family.strings.StringCommands.readString;

import dev.cinnabar.core.family.strings.ExtendedOptions.Unit;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.Keyspace;

import java.util.ArrayList;
import java.util.List;

/** SET and its variants, and GETEX: the commands that store a string with an optional expiry. */
final class SetCommands {
    private static final byte[] SET = bytes("SET");
    private static final byte[] PXAT = bytes("PXAT");
    private static final byte[] PEXPIREAT = bytes("PEXPIREAT");
    private static final byte[] PERSIST = bytes("PERSIST");
    private static final byte[] DEL = bytes("DEL");

    private SetCommands() {
    }

    /** SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL] */
    static void set(CommandContext ctx, Arguments args) {
        ExtendedOptions o = ExtendedOptions.forSet(args);
        byte[] key = args.get(1);
        long expireAt = o.unit == null ? 0 : o.expireAt(ctx, args, "set");
        byte[] old = o.get ? readString(ctx, key) : null;
        boolean written = setGeneric(ctx, key, args.get(2), o.nx, o.xx, o.keepTtl, expireAt);
        if (written && o.get && o.unit == null) {
            ctx.propagate(withoutGet(args));
        }
        if (o.get) {
            StringCommands.replyBulkOrNull(ctx, old);
        } else if (written) {
            ctx.reply().ok();
        } else {
            ctx.reply().nullBulk();
        }
    }

    /** SETNX key value */
    static void setnx(CommandContext ctx, Arguments args) {
        boolean written = setGeneric(ctx, args.get(1), args.get(2), true, false, false, 0);
        ctx.reply().integer(written ? 1 : 0);
    }

    /** SETEX key seconds value */
    static void setex(CommandContext ctx, Arguments args) {
        long expireAt = ExtendedOptions.expireAt(ctx, args.get(2), Unit.EX, "setex");
        setGeneric(ctx, args.get(1), args.get(3), false, false, false, expireAt);
        ctx.reply().ok();
    }

    /** PSETEX key milliseconds value */
    static void psetex(CommandContext ctx, Arguments args) {
        long expireAt = ExtendedOptions.expireAt(ctx, args.get(2), Unit.PX, "psetex");
        setGeneric(ctx, args.get(1), args.get(3), false, false, false, expireAt);
        ctx.reply().ok();
    }

    /**
     * The shared write of SET, SETNX, SETEX and PSETEX ({@code setGenericCommand}); the callers reply, as
     * each replies differently. Any expiry propagates as {@code SET key value PXAT ms}, as Redis rewrites it.
     *
     * @param expireAt absolute Unix milliseconds, 0 for none
     * @return true if the value was stored, false if NX or XX refused it
     */
    private static boolean setGeneric(CommandContext ctx, byte[] key, byte[] value, boolean nx, boolean xx,
                                      boolean keepTtl, long expireAt) {
        Keyspace ks = ctx.keyspace();
        boolean exists = ks.exists(key);
        if ((nx && exists) || (xx && !exists)) {
            return false;
        }
        if (keepTtl) {
            ks.replace(key, value);
        } else {
            ks.set(key, value);
        }
        ctx.modified(key, KeyEvent.STRING, "set");
        if (expireAt != 0) {
            ks.setExpireAt(key, expireAt);
            ctx.notify(key, KeyEvent.GENERIC, "expire");
            ctx.propagate(SET, key, value, PXAT, bytes(Long.toString(expireAt)));
        }
        return true;
    }

    /** GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST] */
    static void getex(CommandContext ctx, Arguments args) {
        ExtendedOptions o = ExtendedOptions.forGetex(args);
        byte[] key = args.get(1);
        byte[] value = readString(ctx, key);
        if (value == null) {
            ctx.reply().nullBulk();
            return;
        }
        long expireAt = o.unit == null ? 0 : o.expireAt(ctx, args, "getex");
        ctx.reply().bulk(value);
        Keyspace ks = ctx.keyspace();
        if (o.unit != null && !o.unit.relative && expireAt <= ctx.now()) {
            ks.remove(key);
            ctx.modified(key, KeyEvent.GENERIC, "del");
            ctx.propagate(DEL, key);
        } else if (o.unit != null) {
            ks.setExpireAt(key, expireAt);
            ctx.modified(key, KeyEvent.GENERIC, "expire");
            ctx.propagate(PEXPIREAT, key, bytes(Long.toString(expireAt)));
        } else if (o.persist && ks.persist(key)) {
            ctx.modified(key, KeyEvent.GENERIC, "persist");
            ctx.propagate(PERSIST, key);
        }
    }

    /** The command line without its GET options, as Redis propagates {@code SET … GET} without an expiry. */
    private static byte[][] withoutGet(Arguments args) {
        List<byte[]> out = new ArrayList<>(args.size());
        for (int j = 0; j < args.size(); j++) {
            if (j < 3 || !args.is(j, "GET")) {
                out.add(args.get(j));
            }
        }
        return out.toArray(new byte[0][]);
    }
}
