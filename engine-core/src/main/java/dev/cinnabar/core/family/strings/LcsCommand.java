// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.strings;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;

import java.util.ArrayList;
import java.util.List;

/** LCS: the longest common subsequence of two strings, by Redis's dynamic-programming table and walk. */
final class LcsCommand {
    private static final RedisError NOT_STRINGS = RedisError.err("The specified keys must contain string values");
    private static final RedisError LEN_AND_IDX =
            RedisError.err("If you want both the length and indexes, please just use IDX.");
    private static final RedisError TABLE_TOO_BIG =
            RedisError.err("Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
    private static final RedisError NO_MEMORY =
            RedisError.err("Insufficient memory, failed allocating transient memory for LCS");
    /** Largest Java int array we ask for (some VMs reserve header words below Integer.MAX_VALUE). */
    private static final long MAX_TABLE_ENTRIES = Integer.MAX_VALUE - 8;

    /** One run of matching bytes: inclusive ranges in each string. */
    private record Match(int aStart, int aEnd, int bStart, int bEnd) {
        int length() {
            return aEnd - aStart + 1;
        }
    }

    private LcsCommand() {
    }

    /** LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN] */
    static void lcs(CommandContext ctx, Arguments args) {
        byte[] a = lookup(ctx, args.get(1));
        byte[] b = lookup(ctx, args.get(2));
        if (a == null || b == null) {
            throw NOT_STRINGS;
        }
        boolean getLen = false;
        boolean getIdx = false;
        boolean withMatchLen = false;
        long minMatchLen = 0;
        for (int j = 3; j < args.size(); j++) {
            boolean moreArgs = j + 1 < args.size();
            if (args.is(j, "IDX")) {
                getIdx = true;
            } else if (args.is(j, "LEN")) {
                getLen = true;
            } else if (args.is(j, "WITHMATCHLEN")) {
                withMatchLen = true;
            } else if (args.is(j, "MINMATCHLEN") && moreArgs) {
                minMatchLen = Math.max(0, Numbers.parseLong(args.get(++j), Errors.NOT_INTEGER));
            } else {
                throw Errors.SYNTAX;
            }
        }
        if (getIdx && getLen) {
            throw LEN_AND_IDX;
        }
        int[] table = table(ctx, a, b);
        int width = b.length + 1;
        int length = table[a.length * width + b.length];
        ReplyWriter reply = ctx.reply();
        if (getLen) {
            reply.integer(length);
            return;
        }
        byte[] common = new byte[length];
        List<Match> matches = walk(table, a, b, common, minMatchLen);
        if (!getIdx) {
            reply.bulk(common);
            return;
        }
        reply.map(2);
        reply.bulk("matches");
        reply.array(matches.size());
        for (Match m : matches) {
            reply.array(withMatchLen ? 3 : 2);
            reply.array(2);
            reply.integer(m.aStart());
            reply.integer(m.aEnd());
            reply.array(2);
            reply.integer(m.bStart());
            reply.integer(m.bEnd());
            if (withMatchLen) {
                reply.integer(m.length());
            }
        }
        reply.bulk("len");
        reply.integer(length);
    }

    /** A read lookup that fires {@code keymiss} and tells a missing key (empty) from a non-string (null). */
    private static byte[] lookup(CommandContext ctx, byte[] key) {
        Object v = ctx.keyspace().get(key);
        if (v == null) {
            ctx.notify(key, KeyEvent.KEY_MISS, "keymiss");
            return new byte[0];
        }
        return v instanceof byte[] s ? s : null;
    }

    /**
     * The table of LCS lengths of every pair of prefixes, row-major with {@code b.length + 1} columns. Its
     * size is bounded by {@code proto-max-bulk-len} as in Redis (4 bytes an entry).
     */
    private static int[] table(CommandContext ctx, byte[] a, byte[] b) {
        long entries = (long) (a.length + 1) * (b.length + 1);
        if (entries * Integer.BYTES > StringCommands.protoMaxBulkLen(ctx)) {
            throw TABLE_TOO_BIG;
        }
        if (entries > MAX_TABLE_ENTRIES) {
            throw NO_MEMORY;
        }
        int[] lcs;
        try {
            lcs = new int[(int) entries];
        } catch (OutOfMemoryError e) {
            throw NO_MEMORY;
        }
        int width = b.length + 1;
        for (int i = 1; i <= a.length; i++) {
            int row = i * width;
            int up = row - width;
            for (int j = 1; j <= b.length; j++) {
                if (a[i - 1] == b[j - 1]) {
                    lcs[row + j] = lcs[up + j - 1] + 1;
                } else {
                    lcs[row + j] = Math.max(lcs[up + j], lcs[row + j - 1]);
                }
            }
        }
        return lcs;
    }

    /**
     * Walks the table back from the end, filling {@code common} and collecting the runs of at least
     * {@code minMatchLen} bytes, last run first, exactly as Redis emits them.
     */
    private static List<Match> walk(int[] lcs, byte[] a, byte[] b, byte[] common, long minMatchLen) {
        List<Match> matches = new ArrayList<>();
        int width = b.length + 1;
        int idx = common.length;
        int aStart = -1;
        int aEnd = 0;
        int bStart = 0;
        int bEnd = 0;
        int i = a.length;
        int j = b.length;
        while (i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                common[idx - 1] = a[i - 1];
                if (aStart < 0) {
                    aStart = i - 1;
                    aEnd = i - 1;
                    bStart = j - 1;
                    bEnd = j - 1;
                } else if (aStart == i && bStart == j) {
                    aStart--;
                    bStart--;
                } else {
                    emit = true;
                }
                if (aStart == 0 || bStart == 0) {
                    emit = true;
                }
                idx--;
                i--;
                j--;
            } else {
                if (lcs[(i - 1) * width + j] > lcs[i * width + j - 1]) {
                    i--;
                } else {
                    j--;
                }
                emit = aStart >= 0;
            }
            if (emit) {
                Match m = new Match(aStart, aEnd, bStart, bEnd);
                if (minMatchLen == 0 || m.length() >= minMatchLen) {
                    matches.add(m);
                }
                aStart = -1;
            }
        }
        return matches;
    }
}
