// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.hashes;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.LongDouble;
import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RedisError;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** HINCRBY and HINCRBYFLOAT: a field holding an integer or a float, changed in place. */
final class HashCounters {
    private static final RedisError NOT_INTEGER = RedisError.err("hash value is not an integer");
    private static final RedisError NOT_FLOAT = RedisError.err("hash value is not a float");
    private static final RedisError NAN_OR_INFINITY_INCREMENT = RedisError.err("value is NaN or Infinity");
    private static final RedisError NAN_OR_INFINITY = RedisError.err("increment would produce NaN or Infinity");
    private static final byte[] HSET = "HSET".getBytes(StandardCharsets.US_ASCII);

    private final HashLimits limits;

    HashCounters(HashLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits is null");
    }

    /** HINCRBY key field increment */
    void hincrby(CommandContext ctx, Arguments args) {
        long increment = args.longValue(3);
        byte[] key = args.get(1);
        byte[] field = args.get(2);
        HashValue hash = HashCommands.readOrCreate(ctx, key);
        byte[] old = hash.get(field);
        long value = old == null ? 0 : Numbers.parseLong(old, NOT_INTEGER);
        if ((increment < 0 && value < 0 && increment < Long.MIN_VALUE - value)
                || (increment > 0 && value > 0 && increment > Long.MAX_VALUE - value)) {
            throw Errors.OVERFLOW;
        }
        value += increment;
        hash.set(field, Long.toString(value).getBytes(StandardCharsets.US_ASCII), limits);
        ctx.modified(key, KeyEvent.HASH, "hincrby");
        ctx.reply().integer(value);
    }

    /** HINCRBYFLOAT key field increment */
    void hincrbyfloat(CommandContext ctx, Arguments args) {
        LongDouble increment = LongDouble.parse(args.get(3), Errors.NOT_FLOAT);
        if (!increment.isFinite()) {
            throw NAN_OR_INFINITY_INCREMENT;
        }
        byte[] key = args.get(1);
        byte[] field = args.get(2);
        HashValue hash = HashCommands.readOrCreate(ctx, key);
        byte[] old = hash.get(field);
        LongDouble value = old == null ? LongDouble.ZERO : LongDouble.parse(old, NOT_FLOAT);
        // long double as INCRBYFLOAT: the stored digits depend on the 64-bit significand
        LongDouble sum = value.plus(increment);
        if (!sum.isFinite()) {
            throw NAN_OR_INFINITY;
        }
        byte[] result = sum.toHumanString().getBytes(StandardCharsets.US_ASCII);
        hash.set(field, result, limits);
        ctx.modified(key, KeyEvent.HASH, "hincrbyfloat");
        // as Redis: replicas and the AOF store the result instead of redoing the float arithmetic
        ctx.propagate(HSET, key, field, result);
        ctx.reply().bulk(result);
    }
}
