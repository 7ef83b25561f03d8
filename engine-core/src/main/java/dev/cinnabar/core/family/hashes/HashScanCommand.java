// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.hashes;

import dev.cinnabar.core.family.keys.ScanCommands;
import dev.cinnabar.core.family.keys.ScanOptions;
import dev.cinnabar.core.structures.ByteMap;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;

import java.util.List;

/** HSCAN ({@code scanGenericCommand} on a hash). */
final class HashScanCommand {
    private HashScanCommand() {
    }

    /** HSCAN key cursor [MATCH pattern] [COUNT count] */
    static void hscan(CommandContext ctx, Arguments args) {
        ScanCommands.scanCollection(ctx, args, HashType.INSTANCE, HashScanCommand::scan);
    }

    private static long scan(HashValue hash, long cursor, ScanOptions options, List<byte[]> found) {
        HashValue.PairVisitor collect = (f, v) -> {
            if (options.matches(f)) {
                found.add(f);
                found.add(v);
            }
        };
        if (hash.compact() != null) {
            // a listpack is small: all of it at once, the cursor and COUNT ignored, as Redis does
            hash.forEach(collect);
            return 0;
        }
        ByteMap<byte[]> table = hash.table();
        return table.scanBatch(cursor, options.count(), slot -> {
            collect.accept(table.keyAt(slot), table.valueAt(slot));
            return 2;
        });
    }
}
