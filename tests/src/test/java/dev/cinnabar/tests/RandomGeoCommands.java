// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import dev.cinnabar.tests.RandomCommands.Command;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random geo commands on the sorted-set home keys k7 and k8, so they also meet scores ZADD gave (which
 * decode to positions too). No STOREDIST: its scores are distances at full precision, where Java's sine and
 * arc sine may differ from glibc's in the last bit (see docs/compatibility.md); GeoRandomizedIT compares
 * those members without their scores.
 */
final class RandomGeoCommands extends RandomFamily {
    private static final int HOME = 7;
    private static final String[] UNITS = {"m", "km", "ft", "mi", "KM", "furlong"};

    RandomGeoCommands(Random rnd) {
        super(rnd);
    }

    @Override
    Command command(Where where) {
        String key = key(HOME);
        return switch (rnd.nextInt(12)) {
            case 0, 1, 2 -> geoadd(key);
            case 3 -> cmd("GEOPOS", key, elements(rnd.nextInt(4)));
            case 4 -> cmd("GEOHASH", key, elements(rnd.nextInt(4)));
            case 5 -> rnd.nextBoolean() ? cmd("GEODIST", key, element(), element())
                    : cmd("GEODIST", key, element(), element(), pick(UNITS));
            case 6, 7 -> geosearch(key, null);
            case 8 -> geosearch(key(HOME), key);
            case 9 -> georadius(key, false);
            default -> georadius(key, true);
        };
    }

    /** GEOADD with NX / XX / CH now and then, one to three points, sometimes outside the limits. */
    private Command geoadd(String key) {
        List<String> a = new ArrayList<>(List.of("GEOADD", key));
        if (rnd.nextInt(4) == 0) {
            a.add(pick("NX", "XX", "CH", "nx", "GT"));
        }
        if (rnd.nextInt(6) == 0) {
            a.add(pick("CH", "XX"));
        }
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            a.add(longitude());
            a.add(latitude());
            a.add(element());
        }
        return cmd(a);
    }

    /** GEOSEARCH, or GEOSEARCHSTORE into {@code store} when it is not null. */
    private Command geosearch(String key, String source) {
        List<String> a = new ArrayList<>();
        if (source == null) {
            a.addAll(List.of("GEOSEARCH", key));
        } else {
            a.addAll(List.of("GEOSEARCHSTORE", key, source));
        }
        if (rnd.nextInt(3) == 0) {
            a.addAll(List.of("FROMMEMBER", element()));
        } else {
            a.addAll(List.of("FROMLONLAT", longitude(), latitude()));
        }
        if (rnd.nextBoolean()) {
            a.addAll(List.of("BYRADIUS", distance(), pick(UNITS)));
        } else {
            a.addAll(List.of("BYBOX", distance(), distance(), pick(UNITS)));
        }
        options(a, source == null);
        return cmd(a);
    }

    /** GEORADIUS or GEORADIUSBYMEMBER, their _RO forms, with STORE now and then on the others. */
    private Command georadius(String key, boolean byMember) {
        boolean ro = rnd.nextInt(3) == 0;
        List<String> a = new ArrayList<>();
        a.add(byMember ? (ro ? "GEORADIUSBYMEMBER_RO" : "GEORADIUSBYMEMBER") : (ro ? "GEORADIUS_RO" : "GEORADIUS"));
        a.add(key);
        if (byMember) {
            a.add(element());
        } else {
            a.add(longitude());
            a.add(latitude());
        }
        a.add(distance());
        a.add(pick(UNITS));
        boolean store = !ro && rnd.nextInt(4) == 0;
        options(a, !store);
        if (store) {
            a.addAll(List.of("STORE", key(HOME)));
        }
        return cmd(a);
    }

    private void options(List<String> a, boolean withReplies) {
        if (rnd.nextBoolean()) {
            a.add(pick("ASC", "DESC", "asc"));
        }
        if (rnd.nextBoolean()) {
            a.addAll(List.of("COUNT", pick("1", "2", "3", "10", "0", "-1", "x")));
            if (rnd.nextInt(3) == 0) {
                a.add("ANY");
            }
        } else if (rnd.nextInt(10) == 0) {
            a.add("ANY");
        }
        if (withReplies) {
            for (String with : new String[] {"WITHDIST", "WITHCOORD", "WITHHASH"}) {
                if (rnd.nextInt(3) == 0) {
                    a.add(with);
                }
            }
        }
    }

    /** Mostly anywhere, often near the antimeridian, sometimes just past the limits or not a number. */
    private String longitude() {
        return switch (rnd.nextInt(10)) {
            case 0 -> pick("180", "-180", "180.0000001", "x", "-179.9999999");
            case 1, 2 -> Double.toString((rnd.nextBoolean() ? 1 : -1) * (179 + rnd.nextDouble()));
            default -> Double.toString(-180 + 360 * rnd.nextDouble());
        };
    }

    /** Mostly anywhere, often near the poles' limits of ±85.05112878. */
    private String latitude() {
        return switch (rnd.nextInt(10)) {
            case 0 -> pick("85.05112878", "-85.05112878", "85.05112879", "90", "nan");
            case 1, 2 -> Double.toString((rnd.nextBoolean() ? 1 : -1) * (80 + 5.05112878 * rnd.nextDouble()));
            default -> Double.toString(-85.05112878 + 170.10225756 * rnd.nextDouble());
        };
    }

    /** From a metre to the whole Earth, in whichever unit follows; now and then invalid. */
    private String distance() {
        return switch (rnd.nextInt(20)) {
            case 0 -> pick("-1", "x", "0", "inf");
            default -> Double.toString(Math.round(Math.pow(10, 7.3 * rnd.nextDouble()) * 100) / 100.0);
        };
    }
}
