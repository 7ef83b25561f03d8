// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.geo;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Distances, units and their printed form as Redis 7.0.15 replies them. */
class GeoDistanceTest {
    private static String between(double lon1, double lat1, double lon2, double lat2, double toMeters) {
        double[] a = GeoHash.decodeScore(GeoHash.align52(GeoHash.encode(lon1, lat1, 26)));
        double[] b = GeoHash.decodeScore(GeoHash.align52(GeoHash.encode(lon2, lat2, 26)));
        return new String(GeoFormat.distance(GeoDistance.distance(a[0], a[1], b[0], b[1]) / toMeters));
    }

    @Test
    void palermoToCataniaInEveryUnit() {
        assertEquals("166274.1516", between(13.361389, 38.115556, 15.087269, 37.502669, 1));
        assertEquals("166.2742", between(13.361389, 38.115556, 15.087269, 37.502669, 1000));
        assertEquals("103.3182", between(13.361389, 38.115556, 15.087269, 37.502669, 1609.34));
    }

    @Test
    void pointsAlongAParallel() {
        assertEquals("1112262.9623", between(10, 20, 10, 30, 1));
    }

    @Test
    void aPointIsAtZeroFromItself() {
        assertEquals("0.0000", between(13.361389, 38.115556, 13.361389, 38.115556, 1));
    }

    @Test
    void unitsAreCaseInsensitiveAndStopAtNul() {
        assertEquals(1000, GeoDistance.metersPerUnit("KM".getBytes()));
        assertEquals(0.3048, GeoDistance.metersPerUnit("Ft".getBytes()));
        assertEquals(1609.34, GeoDistance.metersPerUnit("mi".getBytes()));
        assertEquals(1, GeoDistance.metersPerUnit(new byte[] {'m', 0, 'x'}));
        assertEquals(-1, GeoDistance.metersPerUnit("parsec".getBytes()));
    }

    @Test
    void stepsFollowTheRadius() {
        assertEquals(26, GeoCells.estimateSteps(0, 0));
        assertEquals(1, GeoCells.estimateSteps(Double.POSITIVE_INFINITY, 0));
        assertEquals(GeoCells.estimateSteps(50_000, 10) - 2, GeoCells.estimateSteps(50_000, 81));
    }

    @Test
    void fixedPointRoundsTheBinaryValueHalfToEven() {
        assertEquals("0.1250", GeoFormat.fixed(0.125, 4));
        assertEquals("0.0001", GeoFormat.fixed(0.00005000000000000001, 4));
        assertEquals("-0.0000", GeoFormat.fixed(-0.00001, 4));
        assertEquals("181.000000", GeoFormat.fixed(181, 6));
        assertEquals("inf", GeoFormat.fixed(Double.POSITIVE_INFINITY, 6));
    }

    @Test
    void humanDoublesDropTrailingZeros() {
        assertEquals("0", GeoFormat.humanDouble(-0.0));
        assertEquals("180", GeoFormat.humanDouble(180));
        assertEquals("0.00000268220901489", GeoFormat.humanDouble(0.00000268220901489));
    }

    @Test
    void theFastDistanceFormatAgreesWithTheExactOne() {
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 200_000; i++) {
            double d = switch (i % 4) {
                case 0 -> random.nextDouble();
                case 1 -> random.nextDouble() * 20_037_726;
                case 2 -> Math.round(random.nextDouble() * 1e8) / 1e4 + 0.00005;
                default -> random.nextInt(1000) / 10_000.0;
            };
            assertEquals(GeoFormat.fixed(d, 4), new String(GeoFormat.distance(d)), "distance " + d);
        }
        assertEquals("0.0000", new String(GeoFormat.distance(0)));
        assertEquals("0.0001", new String(GeoFormat.distance(0.0001)));
        assertEquals("12345.6789", new String(GeoFormat.distance(12345.6789)));
    }

    @Test
    void haversineBoundsNeverDecideAgainstTheExactDistance() {
        SplittableRandom rnd = new SplittableRandom(42);
        int decidedEarly = 0;
        for (int i = 0; i < 200_000; i++) {
            double lon1 = rnd.nextDouble(-180, 180);
            double lat1 = rnd.nextDouble(-85, 85);
            double lon2 = lon1 + rnd.nextDouble(-5, 5);
            double lat2 = Math.max(-85, Math.min(85, lat1 + rnd.nextDouble(-5, 5)));
            double distance = GeoDistance.distance(lon1, lat1, lon2, lat2);
            // radii right at the distance, a hair either side, and far off
            double[] radii = {distance, Math.nextUp(distance), Math.nextDown(distance), distance * (1 + 1e-12),
                distance * (1 - 1e-12), distance * 2, distance / 2, rnd.nextDouble(1, 2e7)};
            double h = GeoDistance.haversine(lon1, lat1, lon2, lat2);
            for (double radius : radii) {
                if (h > GeoDistance.haversineBeyond(radius)) {
                    assertTrue(distance > radius, () -> "beyond, but distance " + distance + " <= " + radius);
                    decidedEarly++;
                }
                if (h < GeoDistance.haversineWithin(radius)) {
                    assertTrue(distance <= radius, () -> "within, but distance " + distance + " > " + radius);
                    decidedEarly++;
                }
            }
        }
        assertTrue(decidedEarly > 200_000, "the bounds decide most comparisons: " + decidedEarly);
    }
}
