// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.geo;

/**
 * Redis's interleaved geohash ({@code geohash.c}): a cell of {@code step} bits per axis, longitude bits in
 * the odd positions and latitude bits in the even ones. Bits are unsigned 64-bit values held in a long.
 */
final class GeoHash {
    /** EPSG:900913 limits Redis accepts ({@code GEO_LONG_MIN} … {@code GEO_LAT_MAX}), in degrees. */
    static final double LONG_MIN = -180;
    static final double LONG_MAX = 180;
    static final double LAT_MIN = -85.05112878;
    static final double LAT_MAX = 85.05112878;
    /** {@code GEO_STEP_MAX}: 26 bits per axis, 52 bits in all, which a double score holds exactly. */
    static final int STEP_MAX = 26;

    private GeoHash() {
    }

    /** A cell: its bits and how many bits per axis ({@code GeoHashBits}); step 0 and bits 0 is "none". */
    record Cell(long bits, int step) {
        static final Cell NONE = new Cell(0, 0);

        boolean isNone() {
            return bits == 0 && step == 0;
        }
    }

    /** A decoded cell's extent in degrees ({@code GeoHashArea}). */
    record Area(double longMin, double longMax, double latMin, double latMax) {
    }

    /** Spreads the low 32 bits of x to the even positions and those of y to the odd ones. */
    static long interleave(long xlo, long ylo) {
        long x = xlo & 0xFFFFFFFFL;
        long y = ylo & 0xFFFFFFFFL;
        x = (x | (x << 16)) & 0x0000FFFF0000FFFFL;
        y = (y | (y << 16)) & 0x0000FFFF0000FFFFL;
        x = (x | (x << 8)) & 0x00FF00FF00FF00FFL;
        y = (y | (y << 8)) & 0x00FF00FF00FF00FFL;
        x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FL;
        y = (y | (y << 4)) & 0x0F0F0F0F0F0F0F0FL;
        x = (x | (x << 2)) & 0x3333333333333333L;
        y = (y | (y << 2)) & 0x3333333333333333L;
        x = (x | (x << 1)) & 0x5555555555555555L;
        y = (y | (y << 1)) & 0x5555555555555555L;
        return x | (y << 1);
    }

    /** The inverse of {@link #interleave}: even bits in the low half, odd bits in the high half. */
    static long deinterleave(long interleaved) {
        long x = interleaved;
        long y = interleaved >>> 1;
        x = x & 0x5555555555555555L;
        y = y & 0x5555555555555555L;
        x = (x | (x >>> 1)) & 0x3333333333333333L;
        y = (y | (y >>> 1)) & 0x3333333333333333L;
        x = (x | (x >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        y = (y | (y >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        x = (x | (x >>> 4)) & 0x00FF00FF00FF00FFL;
        y = (y | (y >>> 4)) & 0x00FF00FF00FF00FFL;
        x = (x | (x >>> 8)) & 0x0000FFFF0000FFFFL;
        y = (y | (y >>> 8)) & 0x0000FFFF0000FFFFL;
        x = (x | (x >>> 16)) & 0x00000000FFFFFFFFL;
        y = (y | (y >>> 16)) & 0x00000000FFFFFFFFL;
        return x | (y << 32);
    }

    /** {@code geohashEncodeWGS84}: the cell of a point within Redis's limits, or null outside them. */
    static Cell encode(double longitude, double latitude, int step) {
        return encode(LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, longitude, latitude, step);
    }

    /** {@code geohashEncode} over the given ranges (GEOHASH re-encodes with latitudes -90..90). */
    static Cell encode(double longMin, double longMax, double latMin, double latMax,
                       double longitude, double latitude, int step) {
        if (longitude > LONG_MAX || longitude < LONG_MIN || latitude > LAT_MAX || latitude < LAT_MIN) {
            return null;
        }
        if (latitude < latMin || latitude > latMax || longitude < longMin || longitude > longMax) {
            return null;
        }
        double latOffset = (latitude - latMin) / (latMax - latMin);
        double longOffset = (longitude - longMin) / (longMax - longMin);
        latOffset *= (double) (1L << step);
        longOffset *= (double) (1L << step);
        // C converts the offsets to uint32_t, truncating toward zero
        return new Cell(interleave((long) latOffset, (long) longOffset), step);
    }

    /** {@code geohashDecodeWGS84}: the extent of a cell; null for the empty cell. */
    static Area decode(Cell cell) {
        return decode(LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, cell);
    }

    static Area decode(double longMin, double longMax, double latMin, double latMax, Cell cell) {
        if (cell.isNone()) {
            return null;
        }
        long separated = deinterleave(cell.bits());
        double latScale = latMax - latMin;
        double longScale = longMax - longMin;
        long ilato = separated & 0xFFFFFFFFL;
        long ilono = separated >>> 32;
        double cells = (double) (1L << cell.step());
        // (ilato + 1) is uint32_t arithmetic in C
        long ilatoNext = (ilato + 1) & 0xFFFFFFFFL;
        long ilonoNext = (ilono + 1) & 0xFFFFFFFFL;
        return new Area(
                longMin + (ilono * 1.0 / cells) * longScale,
                longMin + (ilonoNext * 1.0 / cells) * longScale,
                latMin + (ilato * 1.0 / cells) * latScale,
                latMin + (ilatoNext * 1.0 / cells) * latScale);
    }

    /**
     * {@code decodeGeohash}: the centre of the 52-bit cell a score encodes, clamped to Redis's limits, as
     * {longitude, latitude}. Scores that are not geohashes decode to something too, as in Redis.
     */
    static double[] decodeScore(double score) {
        // geohashDecode and geohashDecodeAreaToLongLat for a 26-step cell, without the intermediate records
        long separated = deinterleave(toUnsigned64(score));
        long ilato = separated & 0xFFFFFFFFL;
        long ilono = separated >>> 32;
        double cells = (double) (1L << STEP_MAX);
        double latScale = LAT_MAX - LAT_MIN;
        double longScale = LONG_MAX - LONG_MIN;
        double latMin = LAT_MIN + (ilato * 1.0 / cells) * latScale;
        double latMax = LAT_MIN + (((ilato + 1) & 0xFFFFFFFFL) * 1.0 / cells) * latScale;
        double longMin = LONG_MIN + (ilono * 1.0 / cells) * longScale;
        double longMax = LONG_MIN + (((ilono + 1) & 0xFFFFFFFFL) * 1.0 / cells) * longScale;
        double x = (longMin + longMax) / 2;
        double y = (latMin + latMax) / 2;
        x = Math.max(LONG_MIN, Math.min(LONG_MAX, x));
        y = Math.max(LAT_MIN, Math.min(LAT_MAX, y));
        return new double[] {x, y};
    }

    /** The 52-bit score of a cell ({@code geohashAlign52Bits}). */
    static long align52(Cell cell) {
        return cell.bits() << (52 - cell.step() * 2);
    }

    /** C's {@code (uint64_t)double} as x86-64 compiles it, including out-of-range values. */
    static long toUnsigned64(double d) {
        if (d >= 0x1p63) {
            return truncate(d - 0x1p63) ^ Long.MIN_VALUE;
        }
        return truncate(d);
    }

    /** {@code cvttsd2si}: NaN and out-of-range values give the "integer indefinite" 0x8000000000000000. */
    private static long truncate(double d) {
        if (Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63) {
            return Long.MIN_VALUE;
        }
        return (long) d;
    }

    /** The eight neighbours of a cell, in Redis's order north, south, east, west, NE, NW, SE, SW. */
    static Cell[] neighbours(Cell cell) {
        return new Cell[] {
            move(cell, 0, 1), move(cell, 0, -1), move(cell, 1, 0), move(cell, -1, 0),
            move(cell, 1, 1), move(cell, -1, 1), move(cell, 1, -1), move(cell, -1, -1)
        };
    }

    private static Cell move(Cell cell, int dx, int dy) {
        return new Cell(moveY(moveX(cell.bits(), cell.step(), dx), cell.step(), dy), cell.step());
    }

    /** {@code geohash_move_x}: steps the longitude (odd) bits, wrapping around. */
    private static long moveX(long bits, int step, int d) {
        if (d == 0) {
            return bits;
        }
        long x = bits & 0xaaaaaaaaaaaaaaaaL;
        long y = bits & 0x5555555555555555L;
        long zz = 0x5555555555555555L >>> (64 - step * 2);
        if (d > 0) {
            x = x + (zz + 1);
        } else {
            x = x | zz;
            x = x - (zz + 1);
        }
        x &= 0xaaaaaaaaaaaaaaaaL >>> (64 - step * 2);
        return x | y;
    }

    /** {@code geohash_move_y}: steps the latitude (even) bits, wrapping around. */
    private static long moveY(long bits, int step, int d) {
        if (d == 0) {
            return bits;
        }
        long x = bits & 0xaaaaaaaaaaaaaaaaL;
        long y = bits & 0x5555555555555555L;
        long zz = 0xaaaaaaaaaaaaaaaaL >>> (64 - step * 2);
        if (d > 0) {
            y = y + (zz + 1);
        } else {
            y = y | zz;
            y = y - (zz + 1);
        }
        y &= 0x5555555555555555L >>> (64 - step * 2);
        return x | y;
    }
}
