// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.hashes;

import dev.cinnabar.core.family.keys.ScanCommands;
import dev.cinnabar.core.family.keys.ScanOptions;
import dev.cinnabar.core.structures.ByteMap;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.ReplyWriter;

import java.util.ArrayList;
import java.util.List;

/** HSCAN ({@code scanGenericCommand} on a hash). */
final class HashScanCommand {
    /** Buckets visited per requested element before a step gives up (Redis's {@code count*10}). */
    private static final long BUCKETS_PER_ELEMENT = 10;

    private HashScanCommand() {
    }

    /** HSCAN key cursor [MATCH pattern] [COUNT count] */
    static void hscan(CommandContext ctx, Arguments args) {
        long cursor = ScanCommands.parseCursor(args.get(2));
        HashValue hash = HashCommands.read(ctx, args.get(1));
        ReplyWriter w = ctx.reply();
        if (hash == null) {
            ScanCommands.reply(w, 0, List.of());
            return;
        }
        ScanOptions options = ScanOptions.parse(args, 3, false);
        List<byte[]> found = new ArrayList<>();
        HashValue.PairVisitor collect = (f, v) -> {
            if (options.matches(f)) {
                found.add(f);
                found.add(v);
            }
        };
        long next = 0;
        if (hash.compact() != null) {
            // a listpack is small: all of it at once, the cursor and COUNT ignored, as Redis does
            hash.forEach(collect);
        } else {
            next = scanTable(hash.table(), cursor, options.count(), collect);
        }
        ScanCommands.reply(w, next, found);
    }

    /**
     * Steps the reverse-binary cursor until {@code count} elements were visited (fields and values both
     * count, as in Redis's reply list) before MATCH filters them, the bucket budget is spent, or the scan
     * ends.
     */
    private static long scanTable(ByteMap<byte[]> table, long cursor, long count, HashValue.PairVisitor visitor) {
        long budget = count > Long.MAX_VALUE / BUCKETS_PER_ELEMENT ? Long.MAX_VALUE : count * BUCKETS_PER_ELEMENT;
        long[] visited = {0};
        long next = cursor;
        do {
            next = table.scanSlots(next, slot -> {
                visitor.accept(table.keyAt(slot), table.valueAt(slot));
                visited[0] += 2;
            });
        } while (next != 0 && budget-- > 0 && visited[0] < count);
        return next;
    }
}
