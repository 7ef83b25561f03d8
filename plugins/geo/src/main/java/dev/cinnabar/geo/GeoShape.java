// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.geo;

/**
 * A search area ({@code GeoShape}): a circle of {@code radius} or an axis-aligned box of {@code width} by
 * {@code height} around a centre, sizes in the request's unit, {@code conversion} metres per unit.
 */
record GeoShape(double longitude, double latitude, boolean circle, double radius, double width, double height,
                double conversion) {

    /** {@code geohashBoundingBox}: {min longitude, min latitude, max longitude, max latitude}. */
    double[] boundingBox() {
        double h = conversion * (circle ? radius : height / 2);
        double w = conversion * (circle ? radius : width / 2);
        double latDelta = GeoDistance.radToDeg(h / GeoDistance.EARTH_RADIUS_IN_METERS);
        double longDeltaTop = GeoDistance.radToDeg(w / GeoDistance.EARTH_RADIUS_IN_METERS
                / Math.cos(GeoDistance.degToRad(latitude + latDelta)));
        double longDeltaBottom = GeoDistance.radToDeg(w / GeoDistance.EARTH_RADIUS_IN_METERS
                / Math.cos(GeoDistance.degToRad(latitude - latDelta)));
        boolean southern = latitude < 0;
        return new double[] {
            southern ? longitude - longDeltaBottom : longitude - longDeltaTop,
            latitude - latDelta,
            southern ? longitude + longDeltaBottom : longitude + longDeltaTop,
            latitude + latDelta
        };
    }

    /** The metres from the centre the cells must cover: the radius, or the half diagonal of a box. */
    double coverMeters() {
        double r = circle ? radius : Math.sqrt((width / 2) * (width / 2) + (height / 2) * (height / 2));
        return r * conversion;
    }

    /**
     * {@code geoWithinShape} after decoding: the distance in metres from the centre to a point inside the
     * shape, or NaN when the point is outside.
     */
    double distanceIfWithin(double pointLongitude, double pointLatitude) {
        if (circle) {
            double limit = radius * conversion;
            double h = GeoDistance.haversine(longitude, latitude, pointLongitude, pointLatitude);
            if (h > GeoDistance.haversineBeyond(limit)) {
                // most candidates of the covering cells are outside: they need no asin
                return Double.NaN;
            }
            double d = GeoDistance.metersOfHaversine(h);
            return d > limit ? Double.NaN : d;
        }
        double widthMeters = width * conversion;
        double heightMeters = height * conversion;
        double lonHaversine = GeoDistance.haversine(pointLongitude, pointLatitude, longitude, pointLatitude);
        double latHaversine = GeoDistance.haversine(pointLongitude, pointLatitude, pointLongitude, latitude);
        if (farther(lonHaversine, widthMeters / 2) || farther(latHaversine, heightMeters / 2)) {
            return Double.NaN;
        }
        return GeoDistance.distance(longitude, latitude, pointLongitude, pointLatitude);
    }

    /** Whether a distance, given by its haversine, exceeds {@code meters}; asin only near the edge. */
    private static boolean farther(double haversine, double meters) {
        if (haversine > GeoDistance.haversineBeyond(meters)) {
            return true;
        }
        return haversine >= GeoDistance.haversineWithin(meters) && GeoDistance.metersOfHaversine(haversine) > meters;
    }
}
