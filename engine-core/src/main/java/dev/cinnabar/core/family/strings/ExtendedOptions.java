// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.strings;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.Numbers;

/**
 * The options of SET and GETEX, parsed as Redis's {@code parseExtendedStringArgumentsOrReply}: every
 * conflict is a syntax error, a repeated expiry of the same unit is allowed (the last one wins), and the
 * expiry's value is checked only later, by {@link #expireAt}.
 */
final class ExtendedOptions {
    /** The expiry options: seconds or milliseconds, relative to now or absolute Unix time. */
    enum Unit {
        EX(true, true), PX(false, true), EXAT(true, false), PXAT(false, false);

        final boolean seconds;
        final boolean relative;

        Unit(boolean seconds, boolean relative) {
            this.seconds = seconds;
            this.relative = relative;
        }
    }

    boolean nx;
    boolean xx;
    boolean get;
    boolean keepTtl;
    boolean persist;
    /** The expiry option given, or null. */
    Unit unit;
    /** Index of the expiry's argument, meaningful when {@link #unit} is set. */
    int expireIndex;

    private ExtendedOptions() {
    }

    /** SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL] */
    static ExtendedOptions forSet(Arguments args) {
        return parse(args, 3, true);
    }

    /** GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST] */
    static ExtendedOptions forGetex(Arguments args) {
        return parse(args, 2, false);
    }

    private static ExtendedOptions parse(Arguments args, int from, boolean set) {
        ExtendedOptions o = new ExtendedOptions();
        for (int j = from; j < args.size(); j++) {
            boolean hasNext = j + 1 < args.size();
            Unit u = unitAt(args, j);
            if (set && args.is(j, "NX") && !o.xx) {
                o.nx = true;
            } else if (set && args.is(j, "XX") && !o.nx) {
                o.xx = true;
            } else if (set && args.is(j, "GET")) {
                o.get = true;
            } else if (set && args.is(j, "KEEPTTL") && o.unit == null) {
                o.keepTtl = true;
            } else if (!set && args.is(j, "PERSIST") && o.unit == null) {
                o.persist = true;
            } else if (u != null && !o.keepTtl && !o.persist && (o.unit == null || o.unit == u) && hasNext) {
                o.unit = u;
                o.expireIndex = ++j;
            } else {
                throw Errors.SYNTAX;
            }
        }
        return o;
    }

    private static Unit unitAt(Arguments args, int index) {
        for (Unit u : Unit.values()) {
            if (args.is(index, u.name())) {
                return u;
            }
        }
        return null;
    }

    /**
     * The absolute expiry in Unix milliseconds ({@code getExpireMillisecondsOrReply}): ERR "invalid expire
     * time in '<command>' command" for a value that is not positive or overflows once made absolute.
     */
    long expireAt(CommandContext ctx, Arguments args, String command) {
        return expireAt(ctx, args.get(expireIndex), unit, command);
    }

    static long expireAt(CommandContext ctx, byte[] argument, Unit unit, String command) {
        long v = Numbers.parseLong(argument, Errors.NOT_INTEGER);
        if (v <= 0 || (unit.seconds && v > Long.MAX_VALUE / 1000)) {
            throw Errors.invalidExpire(command);
        }
        long ms = unit.seconds ? v * 1000 : v;
        if (unit.relative) {
            if (ms > Long.MAX_VALUE - ctx.now()) {
                throw Errors.invalidExpire(command);
            }
            ms += ctx.now();
        }
        return ms;
    }
}
