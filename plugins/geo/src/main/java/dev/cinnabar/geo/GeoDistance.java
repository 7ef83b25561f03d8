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
        double lat1r = degToRad(lat1d);
        double lon1r = degToRad(lon1d);
        double lat2r = degToRad(lat2d);
        double lon2r = degToRad(lon2d);
        double u = Math.sin((lat2r - lat1r) / 2);
        double v = Math.sin((lon2r - lon1r) / 2);
        return 2.0 * EARTH_RADIUS_IN_METERS
                * StrictMath.asin(Math.sqrt(u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v));
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
