// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.geo;

import dev.cinnabar.geo.GeoHash.Area;
import dev.cinnabar.geo.GeoHash.Cell;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scores, decoded positions and neighbours as Redis 7.0.15 computes them (values asked of a real server). */
class GeoHashTest {
    private static long score(double longitude, double latitude) {
        return GeoHash.align52(GeoHash.encode(longitude, latitude, GeoHash.STEP_MAX));
    }

    @Test
    void encodesPalermoToRedisScore() {
        assertEquals(3479099956230698L, score(13.361389, 38.115556));
    }

    @Test
    void encodesGeoTclMembersToTheirScores() {
        assertEquals(1791873972053020L, score(-74.0131604, 40.7126674));
        assertEquals(1791875485187452L, score(-73.9903085, 40.7362513));
        assertEquals(1791895905559723L, score(-73.7858139, 40.6428986));
    }

    @Test
    void theNorthEastLimitOverflowsIntoBits52And53AsInRedis() {
        assertEquals(13510798882111488L, score(180, 85.05112878));
    }

    @Test
    void refusesPointsOutsideTheLimits() {
        assertNull(GeoHash.encode(180.0000001, 0, 26));
        assertNull(GeoHash.encode(0, 85.06, 26));
    }

    @Test
    void decodesToTheCellCentre() {
        double[] xy = GeoHash.decodeScore(3479099956230698.0);
        assertEquals("13.36138933897018433", GeoFormat.humanDouble(xy[0]));
        assertEquals("38.11555639549629859", GeoFormat.humanDouble(xy[1]));
    }

    @Test
    void decodingClampsToTheLimits() {
        double[] xy = GeoHash.decodeScore(13510798882111488.0);
        assertEquals("180", GeoFormat.humanDouble(xy[0]));
        assertEquals("85.0511287799999991", GeoFormat.humanDouble(xy[1]));
    }

    @Test
    void interleaveAndDeinterleaveAreInverse() {
        Random random = new Random(1);
        for (int i = 0; i < 1000; i++) {
            long x = random.nextInt() & 0xFFFFFFFFL;
            long y = random.nextInt() & 0xFFFFFFFFL;
            long separated = GeoHash.deinterleave(GeoHash.interleave(x, y));
            assertEquals(x, separated & 0xFFFFFFFFL);
            assertEquals(y, separated >>> 32);
        }
    }

    @Test
    void encodedPointsLieInTheirDecodedCell() {
        Random random = new Random(2);
        for (int i = 0; i < 1000; i++) {
            double lon = -180 + random.nextDouble() * 360;
            double lat = GeoHash.LAT_MIN + random.nextDouble() * (GeoHash.LAT_MAX - GeoHash.LAT_MIN);
            int step = 1 + random.nextInt(26);
            Area area = GeoHash.decode(GeoHash.encode(lon, lat, step));
            assertTrue(area.longMin() <= lon && lon <= area.longMax(), "longitude " + lon + " step " + step);
            assertTrue(area.latMin() <= lat && lat <= area.latMax(), "latitude " + lat + " step " + step);
        }
    }

    @Test
    void neighboursTouchTheCellOnEachSide() {
        Cell cell = GeoHash.encode(13.361389, 38.115556, 10);
        Area centre = GeoHash.decode(cell);
        Cell[] n = GeoHash.neighbours(cell);
        assertEquals(centre.latMax(), GeoHash.decode(n[0]).latMin(), 1e-9);
        assertEquals(centre.latMin(), GeoHash.decode(n[1]).latMax(), 1e-9);
        assertEquals(centre.longMax(), GeoHash.decode(n[2]).longMin(), 1e-9);
        assertEquals(centre.longMin(), GeoHash.decode(n[3]).longMax(), 1e-9);
        Area northEast = GeoHash.decode(n[4]);
        assertEquals(centre.latMax(), northEast.latMin(), 1e-9);
        assertEquals(centre.longMax(), northEast.longMin(), 1e-9);
        Area southWest = GeoHash.decode(n[7]);
        assertEquals(centre.latMin(), southWest.latMax(), 1e-9);
        assertEquals(centre.longMin(), southWest.longMax(), 1e-9);
    }

    @Test
    void neighboursWrapAroundTheAntimeridian() {
        Cell east = GeoHash.encode(179.99, 0, 8);
        Area wrapped = GeoHash.decode(GeoHash.neighbours(east)[2]);
        assertEquals(-180, wrapped.longMin(), 1e-9);
    }

    @Test
    void uint64ConversionFollowsX86() {
        assertEquals(-5L, GeoHash.toUnsigned64(-5.0));
        assertEquals(Long.MIN_VALUE, GeoHash.toUnsigned64(Double.NaN));
        assertEquals(Long.MIN_VALUE, GeoHash.toUnsigned64(-1e30));
        assertEquals(0x8000000000000800L, GeoHash.toUnsigned64(0x1.0000000000001p63));
        assertEquals(0L, GeoHash.toUnsigned64(0x1p64));
    }

    @Test
    void geohashStringsAreRedisOnes() {
        assertArrayEquals("sqc8b49rny0".getBytes(), GeoFormat.geohash(3479099956230698.0));
        assertArrayEquals("ezs42e44yx0".getBytes(), GeoFormat.geohash(score(-5.6, 42.6)));
    }
}
