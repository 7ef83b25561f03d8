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
            double d = GeoDistance.distance(longitude, latitude, pointLongitude, pointLatitude);
            return d > radius * conversion ? Double.NaN : d;
        }
        double widthMeters = width * conversion;
        double heightMeters = height * conversion;
        double lonDistance = GeoDistance.distance(pointLongitude, pointLatitude, longitude, pointLatitude);
        double latDistance = GeoDistance.distance(pointLongitude, pointLatitude, pointLongitude, latitude);
        if (lonDistance > widthMeters / 2 || latDistance > heightMeters / 2) {
            return Double.NaN;
        }
        return GeoDistance.distance(longitude, latitude, pointLongitude, pointLatitude);
    }
}
