// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import java.util.function.LongBinaryOperator;

/**
 * A command's latency distribution, bucketed exactly as the HdrHistogram Redis 7.0 keeps per command
 * (lowest value 1 ns, highest 1 s, 2 significant digits), so percentiles and LATENCY HISTOGRAM buckets
 * land on the same values Redis prints.
 */
final class LatencyHistogram {
    /** LATENCY_HISTOGRAM_MIN_VALUE and LATENCY_HISTOGRAM_MAX_VALUE, in nanoseconds. */
    static final long MIN_VALUE = 1;
    static final long MAX_VALUE = 1_000_000_000;
    /** 2 significant digits need 256 sub-buckets (the next power of two above 2 * 10^2). */
    private static final int SUB_BUCKET_COUNT = 256;
    private static final int SUB_BUCKET_HALF_COUNT_MAGNITUDE = 7;
    private static final int SUB_BUCKET_HALF_COUNT = 1 << SUB_BUCKET_HALF_COUNT_MAGNITUDE;
    private static final long SUB_BUCKET_MASK = SUB_BUCKET_COUNT - 1;
    /** Buckets needed so that 256 << (buckets - 1) exceeds {@link #MAX_VALUE}. */
    private static final int BUCKET_COUNT = 23;

    private final long[] counts = new long[(BUCKET_COUNT + 1) * SUB_BUCKET_HALF_COUNT];
    private long total;

    /** Records one duration in nanoseconds, clamped to the trackable range. */
    void record(long nanos) {
        long v = Math.max(MIN_VALUE, Math.min(MAX_VALUE, nanos));
        counts[countsIndex(v)]++;
        total++;
    }

    long total() {
        return total;
    }

    private static int bucketIndex(long value) {
        int pow2ceiling = 64 - Long.numberOfLeadingZeros(value | SUB_BUCKET_MASK);
        return pow2ceiling - (SUB_BUCKET_HALF_COUNT_MAGNITUDE + 1);
    }

    private static int countsIndex(long value) {
        int bucket = bucketIndex(value);
        int sub = (int) (value >>> bucket);
        return ((bucket + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + (sub - SUB_BUCKET_HALF_COUNT);
    }

    private static long valueAtIndex(int index) {
        int bucket = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
        int sub = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
        if (bucket < 0) {
            sub -= SUB_BUCKET_HALF_COUNT;
            bucket = 0;
        }
        return ((long) sub) << bucket;
    }

    private static long lowestEquivalent(long value) {
        int bucket = bucketIndex(value);
        return (value >>> bucket) << bucket;
    }

    private static long rangeSize(long value) {
        int bucket = bucketIndex(value);
        int sub = (int) (value >>> bucket);
        return 1L << (sub >= SUB_BUCKET_COUNT ? bucket + 1 : bucket);
    }

    /** The largest value that shares {@code value}'s bucket. */
    static long highestEquivalent(long value) {
        return lowestEquivalent(value) + rangeSize(value) - 1;
    }

    /** hdr_value_at_percentile, in nanoseconds. */
    long valueAtPercentile(double percentile) {
        double requested = Math.min(percentile, 100.0);
        long countAt = Math.max(1, (long) ((requested / 100) * total + 0.5));
        long running = 0;
        long value = 0;
        for (int i = 0; i < counts.length; i++) {
            running += counts[i];
            if (running >= countAt) {
                value = valueAtIndex(i);
                break;
            }
        }
        return percentile == 0.0 ? lowestEquivalent(value) : highestEquivalent(value);
    }

    /**
     * Walks the cumulative distribution as Redis's LATENCY HISTOGRAM does (a logarithmic iterator starting
     * at 1024 ns, doubling): gives each reporting level's highest equivalent value in nanoseconds and the
     * count of samples up to and including the level's own bucket, for levels where the count grew.
     */
    void forEachCumulative(LongBinaryOperator sink) {
        long level = 1024;
        long cumulative = 0;
        long previous = 0;
        int index = 0;
        while (cumulative < total) {
            long levelLowest = lowestEquivalent(level);
            while (index < counts.length && valueAtIndex(index) <= levelLowest) {
                cumulative += counts[index++];
            }
            if (cumulative > previous) {
                sink.applyAsLong(highestEquivalent(level), cumulative);
            }
            previous = cumulative;
            if (index >= counts.length) {
                break;
            }
            level *= 2;
        }
    }
}
