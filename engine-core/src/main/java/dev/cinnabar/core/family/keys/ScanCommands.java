// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.keys;

import dev.cinnabar.core.keyspace.Glob;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Keyspace;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;
import dev.cinnabar.spi.ValueType;

import java.util.ArrayList;
import java.util.List;

/** KEYS and SCAN ({@code db.c}): iteration over the keys of the selected database. */
public final class ScanCommands {
    private static final RedisError INVALID_CURSOR = RedisError.err("invalid cursor");

    /** KEYS pattern */
    void keys(CommandContext ctx, Arguments args) {
        byte[] pattern = args.get(1);
        boolean all = Glob.matchesAll(pattern);
        Keyspace ks = ctx.keyspace();
        List<byte[]> found = new ArrayList<>();
        long cursor = 0;
        do {
            cursor = ks.scan(cursor, Integer.MAX_VALUE, key -> {
                if (all || Glob.matches(pattern, key, false)) {
                    found.add(key);
                }
            });
        } while (cursor != 0);
        found.removeIf(key -> !ks.exists(key));
        ctx.reply().array(found.size());
        for (byte[] key : found) {
            ctx.reply().bulk(key);
        }
    }

    /** SCAN cursor [MATCH pattern] [COUNT count] [TYPE type] */
    void scan(CommandContext ctx, Arguments args) {
        long cursor = parseCursor(args.get(1));
        ScanOptions options = ScanOptions.parse(args, 2, true);
        Keyspace ks = ctx.keyspace();
        List<byte[]> found = new ArrayList<>();
        long next = ks.scan(cursor, (int) Math.min(options.count(), Integer.MAX_VALUE), found::add);
        List<byte[]> reply = new ArrayList<>(found.size());
        for (byte[] key : found) {
            if (!options.matches(key)) {
                continue;
            }
            String type = options.type();
            if (type != null) {
                ValueType<?> t = ks.typeOf(key);
                if (t == null || !t.name().equalsIgnoreCase(type)) {
                    continue;
                }
            }
            if (ks.exists(key)) {
                reply.add(key);
            }
        }
        reply(ctx.reply(), next, reply);
    }

    /** One scan step over a collection: adds what MATCH keeps to {@code found}, returns the next cursor. */
    @FunctionalInterface
    public interface CollectionStep<T> {
        long scan(T value, long cursor, ScanOptions options, List<byte[]> found);
    }

    /**
     * HSCAN, SSCAN and ZSCAN ({@code key cursor [MATCH pattern] [COUNT count]}): the cursor is checked
     * first, and a missing key replies an empty scan before the options are parsed, as in Redis.
     */
    public static <T> void scanCollection(CommandContext ctx, Arguments args, ValueType<T> type,
                                          CollectionStep<T> step) {
        long cursor = parseCursor(args.get(2));
        T value = ctx.read(args.get(1), type);
        if (value == null) {
            reply(ctx.reply(), 0, List.of());
            return;
        }
        ScanOptions options = ScanOptions.parse(args, 3, false);
        List<byte[]> found = new ArrayList<>();
        long next = step.scan(value, cursor, options, found);
        reply(ctx.reply(), next, found);
    }

    /** The reply of every SCAN-family command: the next cursor and what this step found. */
    public static void reply(ReplyWriter w, long next, List<byte[]> found) {
        w.array(2);
        w.bulk(Long.toUnsignedString(next));
        w.array(found.size());
        for (byte[] item : found) {
            w.bulk(item);
        }
    }

    /**
     * Parses a cursor as Redis's {@code parseScanCursorOrReply} does with {@code strtoul}: an unsigned
     * 64-bit decimal with an optional sign ("-1" wraps to the largest cursor), no leading space, nothing
     * after the digits; the empty string is cursor 0.
     */
    public static long parseCursor(byte[] s) {
        int i = 0;
        boolean negative = false;
        if (s.length > 0 && (s[0] == '+' || s[0] == '-')) {
            negative = s[0] == '-';
            i = 1;
        }
        if (i == s.length) {
            // strtoul converts nothing: fine for "", but a lone sign is left unparsed
            if (i == 0) {
                return 0;
            }
            throw INVALID_CURSOR;
        }
        long value = 0;
        for (; i < s.length; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                throw INVALID_CURSOR;
            }
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L, 10)) > 0) {
                throw INVALID_CURSOR;
            }
            long shifted = value * 10;
            value = shifted + d;
            if (Long.compareUnsigned(value, shifted) < 0) {
                throw INVALID_CURSOR;
            }
        }
        return negative ? -value : value;
    }
}
