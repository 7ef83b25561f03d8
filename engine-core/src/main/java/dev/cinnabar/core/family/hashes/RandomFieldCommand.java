// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.hashes;

import dev.cinnabar.core.structures.ByteMap;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * HRANDFIELD ({@code hrandfieldCommand}), with Redis 7.0's choice of algorithm per case, so replies have
 * the same shape and, where Redis's order is deterministic (the whole hash, unique samples of a listpack),
 * the same order.
 */
final class RandomFieldCommand {
    private static final RedisError COUNT_RANGE = RedisError.err(
            "value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    private static final RedisError OUT_OF_RANGE = RedisError.err("value is out of range");
    /** HRANDFIELD_SUB_STRATEGY_MUL: below size/3 requested fields, sample; above, copy and remove. */
    private static final int SUB_STRATEGY_MUL = 3;
    /** The most elements one reply header can announce here (Java arrays and int lengths). */
    private static final long MAX_REPLY = Integer.MAX_VALUE - 8;

    private RandomFieldCommand() {
    }

    /** HRANDFIELD key [count [WITHVALUES]] */
    static void hrandfield(CommandContext ctx, Arguments args) {
        if (args.size() >= 3) {
            long count = args.longValue(2);
            if (count == Long.MIN_VALUE) {
                throw COUNT_RANGE;
            }
            if (args.size() > 4 || (args.size() == 4 && !args.is(3, "WITHVALUES"))) {
                throw Errors.SYNTAX;
            }
            boolean withValues = args.size() == 4;
            if (withValues && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
                throw OUT_OF_RANGE;
            }
            withCount(ctx, args.get(1), count, withValues);
            return;
        }
        HashValue hash = HashCommands.read(ctx, args.get(1));
        if (hash == null) {
            ctx.reply().nullBulk();
            return;
        }
        PackedPairs compact = hash.compact();
        if (compact != null) {
            ctx.reply().bulk(compact.field(compact.positions()[random(compact.size())]));
        } else {
            ctx.reply().bulk(hash.table().keyAt(randomSlot(hash.table())));
        }
    }

    /** {@code hrandfieldWithCountCommand}: a positive count samples without repeats, a negative one with. */
    private static void withCount(CommandContext ctx, byte[] key, long requested, boolean withValues) {
        HashValue hash = HashCommands.read(ctx, key);
        ReplyWriter w = ctx.reply();
        if (hash == null || requested == 0) {
            w.array(0);
            return;
        }
        boolean unique = requested > 0;
        long count = Math.abs(requested);
        int size = hash.size();
        boolean flat = withValues && w.protocol() == 2;
        if (!unique || count == 1) {
            if (count > (flat ? MAX_REPLY / 2 : MAX_REPLY)) {
                throw OUT_OF_RANGE;
            }
            w.array((int) (flat ? count * 2 : count));
            withRepeats(w, hash, count, withValues);
            return;
        }
        int replied = (int) Math.min(count, size);
        w.array(flat ? replied * 2 : replied);
        if (count >= size) {
            hash.forEach((f, v) -> pair(w, withValues, f, v));
        } else if (hash.compact() != null) {
            uniqueInOrder(w, hash.compact(), replied, withValues);
        } else if (count * SUB_STRATEGY_MUL > size) {
            allButRandom(w, hash.table(), replied, withValues);
        } else {
            uniqueByRetry(w, hash.table(), replied, withValues);
        }
    }

    /** Case 1: {@code count} independent picks, in random order. */
    private static void withRepeats(ReplyWriter w, HashValue hash, long count, boolean withValues) {
        PackedPairs compact = hash.compact();
        if (compact != null) {
            int[] positions = compact.positions();
            for (long i = 0; i < count; i++) {
                int pos = positions[random(positions.length)];
                pair(w, withValues, compact.field(pos), withValues ? compact.value(pos) : null);
            }
        } else {
            ByteMap<byte[]> table = hash.table();
            for (long i = 0; i < count; i++) {
                int slot = randomSlot(table);
                pair(w, withValues, table.keyAt(slot), table.valueAt(slot));
            }
        }
    }

    /**
     * Case 2.5 ({@code lpRandomPairsUnique}): selection sampling, so the fields come in insertion order.
     */
    private static void uniqueInOrder(ReplyWriter w, PackedPairs compact, int count, boolean withValues) {
        int remaining = count;
        int left = compact.size();
        for (int pos = compact.first(); remaining > 0; pos = compact.next(pos), left--) {
            if (random(left) < remaining) {
                pair(w, withValues, compact.field(pos), withValues ? compact.value(pos) : null);
                remaining--;
            }
        }
    }

    /** Case 3: every slot, less random ones until {@code count} remain. */
    private static void allButRandom(ReplyWriter w, ByteMap<byte[]> table, int count, boolean withValues) {
        int[] slots = new int[table.size()];
        int[] n = {0};
        table.forEachSlot(slot -> slots[n[0]++] = slot);
        for (int size = slots.length; size > count; size--) {
            int victim = random(size);
            slots[victim] = slots[size - 1];
        }
        for (int i = 0; i < count; i++) {
            pair(w, withValues, table.keyAt(slots[i]), table.valueAt(slots[i]));
        }
    }

    /** Case 4: random picks, skipping repeats, until {@code count} distinct fields were replied. */
    private static void uniqueByRetry(ReplyWriter w, ByteMap<byte[]> table, int count, boolean withValues) {
        Set<Integer> seen = new HashSet<>(count * 2);
        while (seen.size() < count) {
            int slot = randomSlot(table);
            if (seen.add(slot)) {
                pair(w, withValues, table.keyAt(slot), table.valueAt(slot));
            }
        }
    }

    /** One field, with its value when asked: a two-element array per pair in RESP3, flat in RESP2. */
    private static void pair(ReplyWriter w, boolean withValues, byte[] field, byte[] value) {
        if (withValues && w.protocol() > 2) {
            w.array(2);
        }
        w.bulk(field);
        if (withValues) {
            w.bulk(value);
        }
    }

    /**
     * A uniformly random occupied slot ({@code dictGetFairRandomKey}): retry random slots rather than
     * walk to the next occupied one, which would favour slots after long empty runs.
     */
    private static int randomSlot(ByteMap<byte[]> table) {
        while (true) {
            int slot = random(table.capacity());
            if (table.keyAt(slot) != null) {
                return slot;
            }
        }
    }

    private static int random(int bound) {
        return ThreadLocalRandom.current().nextInt(bound);
    }
}
