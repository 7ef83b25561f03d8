// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.hyperloglog;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.Keyspace;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;

import static dev.cinnabar.hyperloglog.HllFormat.CORRUPTED;
import static dev.cinnabar.hyperloglog.HllFormat.DENSE;
import static dev.cinnabar.hyperloglog.HllFormat.REGISTERS;
import static dev.cinnabar.hyperloglog.HllFormat.SPARSE;

/**
 * The HyperLogLog commands ({@code hyperloglog.c}). Values are plain strings; a stored array is never
 * changed in place: a change stores a new array ({@link Hll} copies on write), which also keeps PFCOUNT, a
 * read-only command, safe for keyspace snapshots when it refreshes the cached cardinality.
 */
final class HyperLogLogCommands {
    private static final RedisError NO_SUCH_KEY = RedisError.err("The specified key does not exist");
    private static final RedisError NOT_SPARSE = RedisError.err("HLL encoding is not sparse");

    /** {@code hll-sparse-max-bytes}. */
    volatile long sparseMaxBytes = HyperLogLogFamily.DEFAULT_SPARSE_MAX_BYTES;

    /** PFADD key [element [element ...]] */
    void pfadd(CommandContext ctx, Arguments args) {
        Keyspace ks = ctx.keyspace();
        byte[] key = args.get(1);
        byte[] stored = ks.getString(key);
        Hll hll;
        int updated = 0;
        if (stored == null) {
            hll = Hll.create(sparseMaxBytes);
            updated++;
        } else {
            hll = Hll.of(HllFormat.checkHll(stored), sparseMaxBytes);
        }
        for (int j = 2; j < args.size(); j++) {
            int result = hll.add(args.get(j));
            if (result == 1) {
                updated++;
            } else if (result < 0) {
                // Redis changes the value in place, so the registers set before the corruption was found stay
                if (hll.changed()) {
                    ks.replace(key, hll.bytes());
                }
                throw CORRUPTED;
            }
        }
        if (updated > 0) {
            hll.invalidateCache();
            if (stored == null) {
                ks.set(key, hll.bytes());
            } else {
                ks.replace(key, hll.bytes());
            }
            ctx.modified(key, KeyEvent.STRING, "pfadd");
            ctx.dirty(updated - 1);
        }
        ctx.reply().integer(updated > 0 ? 1 : 0);
    }

    /** PFCOUNT key [key ...] */
    void pfcount(CommandContext ctx, Arguments args) {
        if (args.size() > 2) {
            byte[] max = new byte[REGISTERS];
            for (int j = 1; j < args.size(); j++) {
                mergeSource(ctx, args.get(j), max);
            }
            int[] histogram = new int[64];
            for (byte register : max) {
                histogram[register]++;
            }
            ctx.reply().integer(HllEstimator.count(histogram));
            return;
        }
        byte[] key = args.get(1);
        byte[] stored = readString(ctx, key);
        if (stored == null) {
            ctx.reply().integer(0);
            return;
        }
        HllFormat.checkHll(stored);
        if (HllFormat.isCacheValid(stored)) {
            ctx.reply().integer(HllFormat.cachedCardinality(stored));
            return;
        }
        int[] histogram = new int[64];
        boolean valid = HllFormat.encoding(stored) == DENSE
                ? denseHistogram(stored, histogram)
                : SparseRegisters.histogram(stored, stored.length, histogram);
        if (!valid) {
            throw CORRUPTED;
        }
        long card = HllEstimator.count(histogram);
        byte[] refreshed = stored.clone();
        HllFormat.setCachedCardinality(refreshed, card);
        ctx.keyspace().replace(key, refreshed);
        // Redis counts the cache refresh as a change: the key is touched for WATCH and PFCOUNT propagated
        ctx.modified(key, KeyEvent.STRING, null);
        ctx.reply().integer(card);
    }

    private static boolean denseHistogram(byte[] value, int[] histogram) {
        DenseRegisters.histogram(value, histogram);
        return true;
    }

    /** PFMERGE destkey [sourcekey [sourcekey ...]] */
    void pfmerge(CommandContext ctx, Arguments args) {
        byte[] max = new byte[REGISTERS];
        boolean useDense = false;
        // the destination is the first source, as in Redis
        for (int j = 1; j < args.size(); j++) {
            useDense |= mergeSource(ctx, args.get(j), max) == DENSE;
        }
        Keyspace ks = ctx.keyspace();
        byte[] key = args.get(1);
        byte[] stored = ks.getString(key);
        Hll hll = stored == null ? Hll.create(sparseMaxBytes) : Hll.of(stored, sparseMaxBytes);
        if (useDense && !hll.toDense()) {
            throw CORRUPTED;
        }
        hll.raiseAll(max);
        hll.invalidateCache();
        if (stored == null) {
            ks.set(key, hll.bytes());
        } else {
            ks.replace(key, hll.bytes());
        }
        // Redis sends pfadd for PFMERGE: in theory it is a mass add of elements
        ctx.modified(key, KeyEvent.STRING, "pfadd");
        ctx.reply().ok();
    }

    /**
     * Looks a source HLL up for reading and merges its registers into {@code max}; returns its encoding, or
     * -1 if the key is missing (an empty HLL).
     */
    private static int mergeSource(CommandContext ctx, byte[] key, byte[] max) {
        byte[] value = readString(ctx, key);
        if (value == null) {
            return -1;
        }
        HllFormat.checkHll(value);
        int encoding = HllFormat.encoding(value);
        if (encoding == DENSE) {
            DenseRegisters.mergeInto(value, max);
        } else if (!SparseRegisters.mergeInto(value, max)) {
            throw CORRUPTED;
        }
        return encoding;
    }

    /** PFDEBUG subcommand key */
    void pfdebug(CommandContext ctx, Arguments args) {
        Keyspace ks = ctx.keyspace();
        byte[] key = args.get(2);
        byte[] stored = ks.getString(key);
        if (stored == null) {
            throw NO_SUCH_KEY;
        }
        HllFormat.checkHll(stored);
        ReplyWriter reply = ctx.reply();
        if (args.is(1, "getreg")) {
            byte[] dense = toDense(ctx, key, stored);
            reply.array(REGISTERS);
            for (int j = 0; j < REGISTERS; j++) {
                reply.integer(DenseRegisters.get(dense, j));
            }
        } else if (args.is(1, "decode")) {
            if (HllFormat.encoding(stored) != SPARSE) {
                throw NOT_SPARSE;
            }
            reply.bulk(SparseRegisters.decode(stored));
        } else if (args.is(1, "encoding")) {
            reply.simple(HllFormat.encoding(stored) == DENSE ? "dense" : "sparse");
        } else if (args.is(1, "todense")) {
            boolean converted = HllFormat.encoding(stored) == SPARSE;
            toDense(ctx, key, stored);
            reply.integer(converted ? 1 : 0);
        } else {
            throw RedisError.err("Unknown PFDEBUG subcommand '" + args.string(1) + "'");
        }
    }

    /**
     * The value in the dense encoding; a sparse one is converted and stored, counted as a change (Redis
     * forces its propagation) without touching WATCH or notifying.
     */
    private byte[] toDense(CommandContext ctx, byte[] key, byte[] stored) {
        if (HllFormat.encoding(stored) == DENSE) {
            return stored;
        }
        Hll hll = Hll.of(stored, sparseMaxBytes);
        if (!hll.toDense()) {
            throw CORRUPTED;
        }
        byte[] dense = hll.bytes();
        ctx.keyspace().replace(key, dense);
        ctx.dirty(1);
        return dense;
    }

    /** PFSELFTEST */
    void pfselftest(CommandContext ctx, Arguments args) {
        HllSelfTest.run(sparseMaxBytes);
        ctx.reply().ok();
    }

    /** Redis's {@code lookupKeyRead}: a missing key fires {@code keymiss}. */
    private static byte[] readString(CommandContext ctx, byte[] key) {
        byte[] value = ctx.keyspace().getString(key);
        if (value == null) {
            ctx.notify(key, KeyEvent.KEY_MISS, "keymiss");
        }
        return value;
    }
}
