// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.geo;

import dev.cinnabar.geo.GeoHash.Area;
import dev.cinnabar.geo.GeoHash.Cell;
import dev.cinnabar.spi.ScoredSet;

import java.util.ArrayList;
import java.util.List;

/**
 * The nine cells that cover a search ({@code geohashCalculateAreasByShapeWGS84}) and the walk over their
 * score ranges that collects the members inside the shape ({@code membersOfAllNeighbors}).
 */
final class GeoCells {
    /** Half the Earth's circumference at the equator in metres ({@code MERCATOR_MAX}). */
    private static final double MERCATOR_MAX = 20037726.37;

    private GeoCells() {
    }

    /** {@code geohashEstimateStepsByRadius}: bits per axis of cells about the size of the search. */
    static int estimateSteps(double rangeMeters, double latitude) {
        if (rangeMeters == 0) {
            return 26;
        }
        int step = 1;
        while (rangeMeters < MERCATOR_MAX) {
            rangeMeters *= 2;
            step++;
        }
        step -= 2;
        // meridians converge toward the poles: wider cells there
        if (latitude > 66 || latitude < -66) {
            step--;
            if (latitude > 80 || latitude < -80) {
                step--;
            }
        }
        return Math.max(1, Math.min(26, step));
    }

    /**
     * The centre cell followed by its neighbours north, south, east, west, NE, NW, SE, SW; a neighbour the
     * search cannot reach is {@link Cell#NONE}.
     */
    static Cell[] cover(GeoShape shape) {
        double[] bounds = shape.boundingBox();
        double minLon = bounds[0];
        double minLat = bounds[1];
        double maxLon = bounds[2];
        double maxLat = bounds[3];
        int steps = estimateSteps(shape.coverMeters(), shape.latitude());
        Cell hash = GeoHash.encode(shape.longitude(), shape.latitude(), steps);
        Cell[] neighbours = GeoHash.neighbours(hash);
        Area area = GeoHash.decode(hash);

        // the estimated step may be too fine when the search reaches past a neighbour's far edge
        Area north = GeoHash.decode(neighbours[0]);
        Area south = GeoHash.decode(neighbours[1]);
        Area east = GeoHash.decode(neighbours[2]);
        Area west = GeoHash.decode(neighbours[3]);
        boolean decrease = latMax(north) < maxLat || latMin(south) > minLat
                || longMax(east) < maxLon || longMin(west) > minLon;
        if (steps > 1 && decrease) {
            steps--;
            hash = GeoHash.encode(shape.longitude(), shape.latitude(), steps);
            neighbours = GeoHash.neighbours(hash);
            area = GeoHash.decode(hash);
        }
        if (steps >= 2) {
            if (area.latMin() < minLat) {
                neighbours[1] = Cell.NONE;
                neighbours[7] = Cell.NONE;
                neighbours[6] = Cell.NONE;
            }
            if (area.latMax() > maxLat) {
                neighbours[0] = Cell.NONE;
                neighbours[4] = Cell.NONE;
                neighbours[5] = Cell.NONE;
            }
            if (area.longMin() < minLon) {
                neighbours[3] = Cell.NONE;
                neighbours[7] = Cell.NONE;
                neighbours[5] = Cell.NONE;
            }
            if (area.longMax() > maxLon) {
                neighbours[2] = Cell.NONE;
                neighbours[6] = Cell.NONE;
                neighbours[4] = Cell.NONE;
            }
        }
        Cell[] cells = new Cell[9];
        cells[0] = hash;
        System.arraycopy(neighbours, 0, cells, 1, 8);
        return cells;
    }

    // geohashDecode leaves a zeroed neighbour's area at zero, which these comparisons then see
    private static double latMax(Area a) {
        return a == null ? 0 : a.latMax();
    }

    private static double latMin(Area a) {
        return a == null ? 0 : a.latMin();
    }

    private static double longMax(Area a) {
        return a == null ? 0 : a.longMax();
    }

    private static double longMin(Area a) {
        return a == null ? 0 : a.longMin();
    }

    /**
     * {@code membersOfAllNeighbors}: the members inside {@code shape}, cell by cell in the order of
     * {@link #cover}, each cell in score order; stops once {@code limit} members are found (0: no limit).
     */
    static List<GeoPoint> search(ScoredSet set, GeoShape shape, long limit) {
        Cell[] cells = cover(shape);
        List<GeoPoint> found = new ArrayList<>();
        int lastProcessed = 0;
        for (int i = 0; i < cells.length; i++) {
            Cell cell = cells[i];
            if (cell.isNone()) {
                continue;
            }
            // with huge radii adjacent neighbours can be the same cell: skip repeats of the previous one
            if (lastProcessed != 0 && cell.equals(cells[lastProcessed])) {
                continue;
            }
            if (!found.isEmpty() && limit != 0 && found.size() >= limit) {
                break;
            }
            double min = GeoHash.align52(cell);
            double max = GeoHash.align52(new Cell(cell.bits() + 1, cell.step()));
            set.range(min, false, max, true, false, (member, score) -> {
                double[] xy = GeoHash.decodeScore(score);
                double distance = shape.distanceIfWithin(xy[0], xy[1]);
                if (!Double.isNaN(distance)) {
                    found.add(new GeoPoint(member, xy[0], xy[1], score, distance));
                }
                return found.isEmpty() || limit == 0 || found.size() < limit;
            });
            lastProcessed = i;
        }
        return found;
    }
}
