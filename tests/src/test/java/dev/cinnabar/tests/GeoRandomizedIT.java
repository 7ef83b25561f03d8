// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded random point sets (clusters and scattered points, many near the poles' limits and the
 * antimeridian) searched with random circles and boxes in every unit, COUNT with and without ANY, ASC and
 * DESC and every WITH option, on a real {@code redis-server} and on Cinnabar: GEOSEARCH, GEORADIUS,
 * GEORADIUSBYMEMBER and GEOSEARCHSTORE replies compared byte for byte. Even seeds speak RESP2, odd ones
 * RESP3. Run other seeds with {@code -Dgeo.seed=N[,M…]}, more queries with {@code -Dgeo.queries=N}.
 */
class GeoRandomizedIT extends SeededAgainstRedis {
    private static final long[] DEFAULT_SEEDS = {1, 2, 3, 4};
    private static final int DEFAULT_QUERIES = 150;
    private static final String[] UNITS = {"m", "km", "ft", "mi"};
    private static final double[] METERS = {1, 1000, 0.3048, 1609.34};
    private static final double LAT_MAX = 85.05112878;

    @TestFactory
    Stream<DynamicTest> randomSearchesGiveTheSameRepliesAsRedis() {
        int queries = Integer.getInteger("geo.queries", DEFAULT_QUERIES);
        LongStream seeds = seeds("geo.seed", DEFAULT_SEEDS);
        return seeds.mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> run(seed, queries)));
    }

    private static void run(long seed, int queries) throws Exception {
        Random rnd = new Random(seed);
        try (TestServer cinnabar = CinnabarServer.start();
             RespConnection r = new RespConnection(redis.port());
             RespConnection c = new RespConnection(cinnabar.port())) {
            List<String> trace = new ArrayList<>();
            exchange(seed, trace, r, c, "FLUSHALL");
            if (seed % 2 != 0) {
                r.call("HELLO", "3");
                c.call("HELLO", "3");
            }
            double[][] centres = new double[4][];
            for (int i = 0; i < centres.length; i++) {
                centres[i] = new double[] {longitude(rnd), latitude(rnd)};
            }
            int points = new int[] {40, 300, 3000}[rnd.nextInt(3)];
            List<String> add = new ArrayList<>(List.of("GEOADD", "g"));
            for (int i = 0; i < points; i++) {
                double lon;
                double lat;
                if (rnd.nextInt(10) < 7) {
                    double[] centre = centres[rnd.nextInt(centres.length)];
                    double spread = new double[] {0.01, 0.3, 4}[rnd.nextInt(3)];
                    lon = clamp(centre[0] + rnd.nextGaussian() * spread, 180);
                    lat = clamp(centre[1] + rnd.nextGaussian() * spread, LAT_MAX);
                } else {
                    lon = longitude(rnd);
                    lat = latitude(rnd);
                }
                add.addAll(List.of(Double.toString(lon), Double.toString(lat), "p" + i));
                if (add.size() >= 302 || i == points - 1) {
                    exchange(seed, trace, r, c, add.toArray(String[]::new));
                    add = new ArrayList<>(List.of("GEOADD", "g"));
                }
            }
            for (int q = 0; q < queries; q++) {
                int unit = rnd.nextInt(UNITS.length);
                String size = Double.toString(Math.round(Math.pow(10, 7.3 * rnd.nextDouble()) / METERS[unit] * 1000)
                        / 1000.0);
                String lon;
                String lat;
                String member = "p" + rnd.nextInt(points);
                if (rnd.nextInt(3) == 0) {
                    lon = Double.toString(longitude(rnd));
                    lat = Double.toString(latitude(rnd));
                } else {
                    double[] centre = centres[rnd.nextInt(centres.length)];
                    lon = Double.toString(clamp(centre[0] + rnd.nextGaussian() * 0.3, 180));
                    lat = Double.toString(clamp(centre[1] + rnd.nextGaussian() * 0.3, LAT_MAX));
                }
                boolean fromMember = rnd.nextInt(3) == 0;
                boolean box = rnd.nextBoolean();
                List<String> options = options(rnd);
                List<String> search = new ArrayList<>(List.of("GEOSEARCH", "g"));
                search.addAll(fromMember ? List.of("FROMMEMBER", member) : List.of("FROMLONLAT", lon, lat));
                String height = Double.toString(Math.round(Math.pow(10, 7.3 * rnd.nextDouble()) / METERS[unit]
                        * 1000) / 1000.0);
                search.addAll(box ? List.of("BYBOX", size, height, UNITS[unit])
                        : List.of("BYRADIUS", size, UNITS[unit]));
                List<String> withs = withOptions(rnd);
                List<String> query = new ArrayList<>(search);
                query.addAll(options);
                query.addAll(withs);
                exchange(seed, trace, r, c, query.toArray(String[]::new));
                if (!box) {
                    List<String> radius = new ArrayList<>(fromMember
                            ? List.of("GEORADIUSBYMEMBER", "g", member, size, UNITS[unit])
                            : List.of("GEORADIUS", "g", lon, lat, size, UNITS[unit]));
                    radius.addAll(options);
                    radius.addAll(withs);
                    exchange(seed, trace, r, c, radius.toArray(String[]::new));
                }
                if (rnd.nextInt(4) == 0) {
                    List<String> store = new ArrayList<>(List.of("GEOSEARCHSTORE", "dst"));
                    store.addAll(search.subList(1, search.size()));
                    store.addAll(options);
                    boolean dist = rnd.nextBoolean();
                    if (dist) {
                        store.add("STOREDIST");
                    }
                    exchange(seed, trace, r, c, store.toArray(String[]::new));
                    // distances at full precision may differ in the last bit (docs/compatibility.md)
                    exchange(seed, trace, r, c, dist ? new String[] {"ZRANGE", "dst", "0", "-1"}
                            : new String[] {"ZRANGE", "dst", "0", "-1", "WITHSCORES"});
                    exchange(seed, trace, r, c, "OBJECT", "ENCODING", "dst");
                }
            }
        }
    }

    private static List<String> options(Random rnd) {
        List<String> out = new ArrayList<>();
        if (rnd.nextBoolean()) {
            out.add(rnd.nextBoolean() ? "ASC" : "DESC");
        }
        if (rnd.nextBoolean()) {
            out.addAll(List.of("COUNT", Integer.toString(new int[] {1, 2, 5, 20, 200}[rnd.nextInt(5)])));
            if (rnd.nextInt(3) == 0) {
                out.add("ANY");
            }
        }
        return out;
    }

    private static List<String> withOptions(Random rnd) {
        List<String> out = new ArrayList<>();
        for (String with : new String[] {"WITHDIST", "WITHCOORD", "WITHHASH"}) {
            if (rnd.nextInt(3) == 0) {
                out.add(with);
            }
        }
        return out;
    }

    /** Anywhere, one time in four within a degree of the antimeridian. */
    private static double longitude(Random rnd) {
        return rnd.nextInt(4) == 0 ? (rnd.nextBoolean() ? 1 : -1) * (179 + rnd.nextDouble())
                : -180 + 360 * rnd.nextDouble();
    }

    /** Anywhere, one time in four within five degrees of a pole's limit. */
    private static double latitude(Random rnd) {
        return rnd.nextInt(4) == 0 ? (rnd.nextBoolean() ? 1 : -1) * (80 + (LAT_MAX - 80) * rnd.nextDouble())
                : -LAT_MAX + 2 * LAT_MAX * rnd.nextDouble();
    }

    private static double clamp(double v, double limit) {
        return Math.max(-limit, Math.min(limit, v));
    }

    private static void exchange(long seed, List<String> trace, RespConnection r, RespConnection c, String... argv)
            throws IOException {
        String text = String.join(" ", argv);
        trace.add(text.length() > 300 ? text.substring(0, 300) + "…" : text);
        byte[][] args = new byte[argv.length][];
        for (int i = 0; i < argv.length; i++) {
            args[i] = argv[i].getBytes(StandardCharsets.US_ASCII);
        }
        r.send(args);
        c.send(args);
        byte[] expected = r.readReply();
        byte[] actual = c.readReply();
        if (!Arrays.equals(expected, actual)) {
            fail(String.format(Locale.ROOT, "seed %d: %s%n    redis:    %s%n    cinnabar: %s%nlast commands:%n    %s",
                    seed, trace.get(trace.size() - 1), RawReply.show(expected), RawReply.show(actual),
                    String.join("\n    ", trace.subList(Math.max(0, trace.size() - 8), trace.size()))));
        }
    }
}
