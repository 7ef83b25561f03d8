// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.geo;

/** The haversine distance and the unit conversions of {@code geohash_helper.c} and {@code geo.c}. */
final class GeoDistance {
    /** Redis's Earth quadratic mean radius for WGS-84, in metres. */
    static final double EARTH_RADIUS_IN_METERS = 6372797.560856;
    /** {@code D_R}: M_PI / 180.0. */
    private static final double D_R = Math.PI / 180.0;

    private GeoDistance() {
    }

    static double degToRad(double degrees) {
        return degrees * D_R;
    }

    static double radToDeg(double radians) {
        return radians / D_R;
    }

    /** {@code geohashGetDistance}: great-circle metres between two points given as longitude, latitude. */
    static double distance(double lon1d, double lat1d, double lon2d, double lat2d) {
        return metersOfHaversine(haversine(lon1d, lat1d, lon2d, lat2d));
    }

    /**
     * The square root of the haversine of the central angle between two points: what {@code
     * geohashGetDistance} passes to asin. Cheap (sine and cosine are intrinsics), unlike the asin.
     */
    static double haversine(double lon1d, double lat1d, double lon2d, double lat2d) {
        double lat1r = degToRad(lat1d);
        double lon1r = degToRad(lon1d);
        double lat2r = degToRad(lat2d);
        double lon2r = degToRad(lon2d);
        double u = Math.sin((lat2r - lat1r) / 2);
        double v = Math.sin((lon2r - lon1r) / 2);
        return Math.sqrt(u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v);
    }

    static double metersOfHaversine(double haversine) {
        return 2.0 * EARTH_RADIUS_IN_METERS * StrictMath.asin(haversine);
    }

    /**
     * A haversine above which a point is certainly farther than {@code meters}: asin is increasing, and the
     * margin, far above the few ulps by which sine and asin may err, leaves every point near the edge to the
     * exact comparison of distances.
     */
    static double haversineBeyond(double meters) {
        return haversineOfDistance(meters) * (1 + 1e-9);
    }

    /** A haversine below which a point is certainly nearer than {@code meters} (see {@link #haversineBeyond}). */
    static double haversineWithin(double meters) {
        return haversineOfDistance(meters) * (1 - 1e-9);
    }

    /** The inverse of {@link #metersOfHaversine}; infinite past half the circumference, where asin stops. */
    private static double haversineOfDistance(double meters) {
        double halfAngle = meters / (2.0 * EARTH_RADIUS_IN_METERS);
        return halfAngle >= Math.PI / 2 ? Double.POSITIVE_INFINITY : Math.sin(halfAngle);
    }

    /**
     * {@code extractUnitOrReply}: metres per unit for m, km, ft and mi (any case), or a negative value for
     * anything else.
     */
    static double metersPerUnit(byte[] unit) {
        int length = 0;
        while (length < unit.length && unit[length] != 0) {
            length++; // strcasecmp stops at a NUL byte
        }
        String u = new String(unit, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (u.equalsIgnoreCase("m")) {
            return 1;
        } else if (u.equalsIgnoreCase("km")) {
            return 1000;
        } else if (u.equalsIgnoreCase("ft")) {
            return 0.3048;
        } else if (u.equalsIgnoreCase("mi")) {
            return 1609.34;
        }
        return -1;
    }
}
