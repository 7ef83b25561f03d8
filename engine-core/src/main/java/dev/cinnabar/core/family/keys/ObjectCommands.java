// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.keys;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ValueType;

/**
 * OBJECT and its subcommands ({@code object.c}). Lookups leave the idle time alone. The engine has no
 * LFU maxmemory policy, so idle time is always tracked and access frequency never is.
 */
final class ObjectCommands {
    private static final RedisError FREQ_NOT_TRACKED = RedisError.err("An LFU maxmemory policy is not selected, "
            + "access frequency not tracked. Please note that when switching between policies at runtime LRU and "
            + "LFU data will take some time to adjust.");
    /** OBJ_SHARED_REFCOUNT: what REFCOUNT says of a shared object (INT_MAX). */
    private static final long SHARED_REFCOUNT = Integer.MAX_VALUE;
    /** OBJ_SHARED_INTEGERS: Redis shares the string objects of the integers 0 to 9999. */
    private static final long SHARED_INTEGERS = 10000;
    private static final String[] HELP = {
        "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
        "HELP",
        "    Prints this help.",
    };

    /** OBJECT ENCODING key */
    void encoding(CommandContext ctx, Arguments args) {
        Object value = ctx.keyspace().getNoTouch(args.get(2));
        if (value == null) {
            ctx.reply().nullBulk();
            return;
        }
        ctx.reply().bulk(encodingOf(ctx.keyspace().typeOf(args.get(2)), value));
    }

    @SuppressWarnings("unchecked")
    private static <T> String encodingOf(ValueType<T> type, Object value) {
        return type.encoding((T) value);
    }

    /** OBJECT FREQ key */
    void freq(CommandContext ctx, Arguments args) {
        if (ctx.keyspace().getNoTouch(args.get(2)) == null) {
            ctx.reply().nullBulk();
            return;
        }
        throw FREQ_NOT_TRACKED;
    }

    /** OBJECT IDLETIME key */
    void idletime(CommandContext ctx, Arguments args) {
        long idle = ctx.keyspace().idleTime(args.get(2));
        if (idle < 0) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().integer(idle / 1000);
        }
    }

    /**
     * OBJECT REFCOUNT key
     *
     * <p>Values are never shared here, but Redis shares the objects of small integer strings, and the
     * count it reports for them is what clients see.
     */
    void refcount(CommandContext ctx, Arguments args) {
        byte[] key = args.get(2);
        Object value = ctx.keyspace().getNoTouch(key);
        if (value == null) {
            ctx.reply().nullBulk();
            return;
        }
        ValueType<?> type = ctx.keyspace().typeOf(key);
        boolean shared = type.name().equals("string") && encodingOf(type, value).equals("int")
                && isSharedInteger((byte[]) value);
        ctx.reply().integer(shared ? SHARED_REFCOUNT : 1);
    }

    private static boolean isSharedInteger(byte[] value) {
        long v = Numbers.parseLongOr(value, -1);
        return v >= 0 && v < SHARED_INTEGERS;
    }

    /** OBJECT HELP */
    void help(CommandContext ctx, Arguments args) {
        ctx.reply().array(HELP.length);
        for (String line : HELP) {
            ctx.reply().simple(line);
        }
    }
}
