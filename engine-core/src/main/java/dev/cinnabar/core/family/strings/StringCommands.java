// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.strings;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.CommandFamily;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.FamilyContext;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.Keyspace;
import dev.cinnabar.spi.RedisError;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The string commands ({@code t_string.c}). Uses the SPI only. SET and GETEX live in {@link SetCommands},
 * the counters in {@link Counters}, LCS in {@link LcsCommand}.
 */
public final class StringCommands implements CommandFamily {
    private static final RedisError OFFSET_OUT_OF_RANGE = RedisError.err("offset is out of range");
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] DEL = bytes("DEL");
    private static final byte[] SET = bytes("SET");
    /** Java arrays stop short of 2^31 bytes; a larger proto-max-bulk-len cannot be honoured here. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    @Override
    public String name() {
        return "strings";
    }

    @Override
    public void register(FamilyContext ctx) {
        ctx.valueType(StringType.INSTANCE);
        ctx.command("get", this::get);
        ctx.command("getset", this::getset);
        ctx.command("getdel", this::getdel);
        ctx.command("mget", this::mget);
        ctx.command("mset", this::mset);
        ctx.command("msetnx", this::msetnx);
        ctx.command("append", this::append);
        ctx.command("strlen", this::strlen);
        ctx.command("getrange", this::getrange);
        ctx.command("substr", this::substr);
        ctx.command("setrange", this::setrange);
        ctx.command("set", SetCommands::set);
        ctx.command("setnx", SetCommands::setnx);
        ctx.command("setex", SetCommands::setex);
        ctx.command("psetex", SetCommands::psetex);
        ctx.command("getex", SetCommands::getex);
        ctx.command("incr", Counters::incr);
        ctx.command("decr", Counters::decr);
        ctx.command("incrby", Counters::incrby);
        ctx.command("decrby", Counters::decrby);
        ctx.command("incrbyfloat", Counters::incrbyfloat);
        ctx.command("lcs", LcsCommand::lcs);
    }

    /** GET key */
    void get(CommandContext ctx, Arguments args) {
        replyBulkOrNull(ctx, readString(ctx, args.get(1)));
    }

    /** GETSET key value */
    void getset(CommandContext ctx, Arguments args) {
        byte[] key = args.get(1);
        byte[] old = readString(ctx, key);
        ctx.keyspace().set(key, args.get(2));
        ctx.modified(key, KeyEvent.STRING, "set");
        ctx.propagate(SET, key, args.get(2));
        replyBulkOrNull(ctx, old);
    }

    /** GETDEL key */
    void getdel(CommandContext ctx, Arguments args) {
        byte[] key = args.get(1);
        byte[] value = readString(ctx, key);
        if (value != null) {
            ctx.keyspace().remove(key);
            ctx.modified(key, KeyEvent.GENERIC, "del");
            ctx.propagate(DEL, key);
        }
        replyBulkOrNull(ctx, value);
    }

    /** MGET key [key ...] */
    void mget(CommandContext ctx, Arguments args) {
        Keyspace ks = ctx.keyspace();
        byte[][] values = new byte[args.size() - 1][];
        for (int j = 1; j < args.size(); j++) {
            Object v = ks.get(args.get(j));
            if (v == null) {
                ctx.notify(args.get(j), KeyEvent.KEY_MISS, "keymiss");
            } else if (v instanceof byte[] s) {
                values[j - 1] = s;
            }
        }
        ctx.reply().bulkArray(values);
    }

    /** MSET key value [key value ...] */
    void mset(CommandContext ctx, Arguments args) {
        msetGeneric(ctx, args, false);
    }

    /** MSETNX key value [key value ...] */
    void msetnx(CommandContext ctx, Arguments args) {
        msetGeneric(ctx, args, true);
    }

    /** The shared path of MSET and MSETNX; MSETNX sets nothing if any key exists. */
    private static void msetGeneric(CommandContext ctx, Arguments args, boolean nx) {
        if (args.size() % 2 == 0) {
            throw Errors.wrongArity(nx ? "msetnx" : "mset");
        }
        Keyspace ks = ctx.keyspace();
        if (nx) {
            for (int j = 1; j < args.size(); j += 2) {
                if (ks.exists(args.get(j))) {
                    ctx.reply().integer(0);
                    return;
                }
            }
        }
        for (int j = 1; j < args.size(); j += 2) {
            ks.set(args.get(j), args.get(j + 1));
            ctx.modified(args.get(j), KeyEvent.STRING, "set");
        }
        if (nx) {
            ctx.reply().integer(1);
        } else {
            ctx.reply().ok();
        }
    }

    /** APPEND key value */
    void append(CommandContext ctx, Arguments args) {
        Keyspace ks = ctx.keyspace();
        byte[] key = args.get(1);
        byte[] tail = args.get(2);
        byte[] old = ks.getString(key);
        byte[] value;
        if (old == null) {
            value = tail;
            ks.set(key, value);
        } else {
            checkStringLength(ctx, old.length, tail.length);
            value = Arrays.copyOf(old, old.length + tail.length);
            System.arraycopy(tail, 0, value, old.length, tail.length);
            ks.replace(key, value);
        }
        ctx.modified(key, KeyEvent.STRING, "append");
        ctx.reply().integer(value.length);
    }

    /** STRLEN key */
    void strlen(CommandContext ctx, Arguments args) {
        byte[] value = readString(ctx, args.get(1));
        ctx.reply().integer(value == null ? 0 : value.length);
    }

    /** GETRANGE key start end */
    void getrange(CommandContext ctx, Arguments args) {
        long start = args.longValue(2);
        long end = args.longValue(3);
        byte[] value = readString(ctx, args.get(1));
        if (value == null || (start < 0 && end < 0 && start > end)) {
            ctx.reply().bulk(EMPTY);
            return;
        }
        long length = value.length;
        if (start < 0) {
            start = Math.max(0, length + start);
        }
        if (end < 0) {
            end = Math.max(0, length + end);
        }
        end = Math.min(end, length - 1);
        if (start > end) {
            ctx.reply().bulk(EMPTY);
        } else {
            ctx.reply().bulk(Arrays.copyOfRange(value, (int) start, (int) end + 1));
        }
    }

    /** SUBSTR key start end */
    void substr(CommandContext ctx, Arguments args) {
        getrange(ctx, args);
    }

    /** SETRANGE key offset value */
    void setrange(CommandContext ctx, Arguments args) {
        Keyspace ks = ctx.keyspace();
        byte[] key = args.get(1);
        long offset = args.longValue(2);
        byte[] patch = args.get(3);
        if (offset < 0) {
            throw OFFSET_OUT_OF_RANGE;
        }
        byte[] old = ks.getString(key);
        if (patch.length == 0) {
            ctx.reply().integer(old == null ? 0 : old.length);
            return;
        }
        checkStringLength(ctx, offset, patch.length);
        int oldLength = old == null ? 0 : old.length;
        byte[] value = Arrays.copyOf(old == null ? EMPTY : old, Math.max(oldLength, (int) offset + patch.length));
        System.arraycopy(patch, 0, value, (int) offset, patch.length);
        ks.replace(key, value);
        ctx.modified(key, KeyEvent.STRING, "setrange");
        ctx.reply().integer(value.length);
    }

    /**
     * Redis's {@code checkStringLength}: ERR when a string would grow past {@code proto-max-bulk-len}
     * (or past what a Java array holds).
     */
    private static void checkStringLength(CommandContext ctx, long size, long append) {
        long total = size + append;
        if (total < size || total > protoMaxBulkLen(ctx) || total > MAX_ARRAY) {
            throw Errors.STRING_TOO_LONG;
        }
    }

    static long protoMaxBulkLen(CommandContext ctx) {
        return Long.parseLong(ctx.services().config("proto-max-bulk-len"));
    }

    /**
     * A read lookup of a string ({@code lookupKeyRead} + type check): WRONGTYPE for another type, and a
     * {@code keymiss} notification when the key is missing.
     */
    static byte[] readString(CommandContext ctx, byte[] key) {
        byte[] value = ctx.keyspace().getString(key);
        if (value == null) {
            ctx.notify(key, KeyEvent.KEY_MISS, "keymiss");
        }
        return value;
    }

    static void replyBulkOrNull(CommandContext ctx, byte[] value) {
        if (value == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().bulk(value);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
