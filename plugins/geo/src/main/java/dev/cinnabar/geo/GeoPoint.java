// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.geo;

/** A member found by a search ({@code geoPoint}): its decoded position, score and distance to the centre. */
final class GeoPoint {
    final byte[] member;
    final double longitude;
    final double latitude;
    final double score;
    /** Metres until the reply converts it to the request's unit. */
    double distance;

    GeoPoint(byte[] member, double longitude, double latitude, double score, double distance) {
        this.member = member;
        this.longitude = longitude;
        this.latitude = latitude;
        this.score = score;
        this.distance = distance;
    }
}
