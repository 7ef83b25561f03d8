// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.strings;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.CommandFamily;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.FamilyContext;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.Keyspace;

/** The string commands ({@code t_string.c}). Uses the SPI only. */
public final class StringCommands implements CommandFamily {
    @Override
    public String name() {
        return "strings";
    }

    @Override
    public void register(FamilyContext ctx) {
        ctx.valueType(StringType.INSTANCE);
        ctx.command("get", this::get);
        ctx.command("set", this::set);
    }

    /** GET key */
    void get(CommandContext ctx, Arguments args) {
        byte[] value = ctx.keyspace().getString(args.get(1));
        if (value == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().bulk(value);
        }
    }

    /** SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL] */
    void set(CommandContext ctx, Arguments args) {
        boolean nx = false;
        boolean xx = false;
        boolean get = false;
        boolean keepTtl = false;
        long expireAt = 0;
        String unit = null;
        for (int i = 3; i < args.size(); i++) {
            boolean hasNext = i + 1 < args.size();
            if (args.is(i, "NX") && !xx) {
                nx = true;
            } else if (args.is(i, "XX") && !nx) {
                xx = true;
            } else if (args.is(i, "GET")) {
                get = true;
            } else if (args.is(i, "KEEPTTL") && unit == null) {
                keepTtl = true;
            } else if ((args.is(i, "EX") || args.is(i, "PX") || args.is(i, "EXAT") || args.is(i, "PXAT"))
                    && unit == null && !keepTtl && hasNext) {
                unit = args.string(i).toUpperCase(java.util.Locale.ROOT);
                expireAt = expireArgument(ctx, args, ++i, unit);
            } else {
                throw Errors.SYNTAX;
            }
        }
        setGeneric(ctx, args.get(1), args.get(2), nx, xx, get, keepTtl, expireAt, unit);
    }

    /** Parses EX/PX/EXAT/PXAT's argument to an absolute Unix-ms time, with Redis's range checks. */
    static long expireArgument(CommandContext ctx, Arguments args, int index, String unit) {
        long v = args.longValue(index);
        if (v <= 0) {
            throw Errors.INVALID_EXPIRE;
        }
        boolean seconds = unit.equals("EX") || unit.equals("EXAT");
        if (seconds && v > Long.MAX_VALUE / 1000) {
            throw Errors.INVALID_EXPIRE;
        }
        long ms = seconds ? v * 1000 : v;
        boolean relative = unit.equals("EX") || unit.equals("PX");
        if (relative) {
            if (ms > Long.MAX_VALUE - ctx.now()) {
                throw Errors.INVALID_EXPIRE;
            }
            ms += ctx.now();
        }
        return ms;
    }

    /** The shared path of SET, SETNX, SETEX and PSETEX ({@code setGenericCommand}). */
    static void setGeneric(CommandContext ctx, byte[] key, byte[] value, boolean nx, boolean xx, boolean get,
                           boolean keepTtl, long expireAt, String unit) {
        Keyspace ks = ctx.keyspace();
        byte[] old = null;
        if (get) {
            old = ks.getString(key);
        }
        boolean exists = get ? old != null : ks.exists(key);
        if ((nx && exists) || (xx && !exists)) {
            if (get) {
                replyOld(ctx, old);
            } else {
                ctx.reply().nullBulk();
            }
            return;
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
            if (!unit.equals("PXAT")) {
                ctx.propagate(bytes("SET"), key, value, bytes("PXAT"), bytes(Long.toString(expireAt)));
            }
        }
        if (get) {
            replyOld(ctx, old);
        } else {
            ctx.reply().ok();
        }
    }

    private static void replyOld(CommandContext ctx, byte[] old) {
        if (old == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().bulk(old);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

}
