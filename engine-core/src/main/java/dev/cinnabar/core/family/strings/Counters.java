// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.strings;

import static dev.cinnabar.core.family.strings.StringCommands.bytes;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.Keyspace;
import dev.cinnabar.spi.LongDouble;
import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RedisError;

/** The counter commands: a string holding an integer or a float, changed in place, keeping its TTL. */
final class Counters {
    private static final RedisError DECREMENT_OVERFLOW = RedisError.err("decrement would overflow");
    private static final RedisError NAN_OR_INFINITY = RedisError.err("increment would produce NaN or Infinity");
    private static final byte[] SET = bytes("SET");
    private static final byte[] KEEPTTL = bytes("KEEPTTL");

    private Counters() {
    }

    /** INCR key */
    static void incr(CommandContext ctx, Arguments args) {
        incrDecr(ctx, args.get(1), 1);
    }

    /** DECR key */
    static void decr(CommandContext ctx, Arguments args) {
        incrDecr(ctx, args.get(1), -1);
    }

    /** INCRBY key increment */
    static void incrby(CommandContext ctx, Arguments args) {
        incrDecr(ctx, args.get(1), args.longValue(2));
    }

    /** DECRBY key decrement */
    static void decrby(CommandContext ctx, Arguments args) {
        long decrement = args.longValue(2);
        if (decrement == Long.MIN_VALUE) {
            throw DECREMENT_OVERFLOW;
        }
        incrDecr(ctx, args.get(1), -decrement);
    }

    /** The shared path of the integer counters ({@code incrDecrCommand}): a missing key counts as 0. */
    private static void incrDecr(CommandContext ctx, byte[] key, long increment) {
        Keyspace ks = ctx.keyspace();
        byte[] old = ks.getString(key);
        long value = old == null ? 0 : Numbers.parseLong(old, Errors.NOT_INTEGER);
        if ((increment < 0 && value < 0 && increment < Long.MIN_VALUE - value)
                || (increment > 0 && value > 0 && increment > Long.MAX_VALUE - value)) {
            throw Errors.OVERFLOW;
        }
        value += increment;
        ks.replace(key, bytes(Long.toString(value)));
        ctx.modified(key, KeyEvent.STRING, "incrby");
        ctx.reply().integer(value);
    }

    /** INCRBYFLOAT key increment */
    static void incrbyfloat(CommandContext ctx, Arguments args) {
        Keyspace ks = ctx.keyspace();
        byte[] key = args.get(1);
        byte[] old = ks.getString(key);
        LongDouble value = old == null ? LongDouble.ZERO : LongDouble.parse(old, Errors.NOT_FLOAT);
        LongDouble increment = LongDouble.parse(args.get(2), Errors.NOT_FLOAT);
        // long double, not double: Redis stores 10.5 + 0.1 as "10.6", a double would give "10.59999999999999964"
        LongDouble sum = value.plus(increment);
        if (!sum.isFinite()) {
            throw NAN_OR_INFINITY;
        }
        byte[] result = bytes(sum.toHumanString());
        ks.replace(key, result);
        ctx.modified(key, KeyEvent.STRING, "incrbyfloat");
        // as Redis: replicas and the AOF store the result instead of redoing the float arithmetic
        ctx.propagate(SET, key, result, KEEPTTL);
        ctx.reply().bulk(result);
    }
}
