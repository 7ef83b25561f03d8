// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.geo;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;
import dev.cinnabar.spi.ScoredSet;
import dev.cinnabar.spi.SortedSetType;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * GEORADIUS, GEORADIUSBYMEMBER, their _RO forms, GEOSEARCH and GEOSEARCHSTORE: one generic search
 * ({@code georadiusGeneric}) parameterized by where the centre and the options come from.
 */
final class GeoSearchCommands {
    static final RedisError MEMBER_NOT_FOUND = RedisError.err("could not decode requested zset member");
    private static final RedisError NEED_RADIUS = RedisError.err("need numeric radius");
    private static final RedisError NEED_WIDTH = RedisError.err("need numeric width");
    private static final RedisError NEED_HEIGHT = RedisError.err("need numeric height");
    private static final RedisError NEGATIVE_RADIUS = RedisError.err("radius cannot be negative");
    private static final RedisError NEGATIVE_BOX = RedisError.err("height or width cannot be negative");
    private static final RedisError COUNT_NOT_POSITIVE = RedisError.err("COUNT must be > 0");
    private static final RedisError ANY_WITHOUT_COUNT = RedisError.err("the ANY argument requires COUNT argument");

    /** Search around coordinates given as arguments 2 and 3. */
    private static final int RADIUS_COORDS = 1;
    /** Search around the member given as argument 2. */
    private static final int RADIUS_MEMBER = 1 << 1;
    /** The _RO forms: no STORE or STOREDIST. */
    private static final int NOSTORE = 1 << 2;
    /** GEOSEARCH's FROMMEMBER / FROMLONLAT / BYRADIUS / BYBOX grammar. */
    private static final int GEOSEARCH = 1 << 3;
    /** GEOSEARCHSTORE: destination first, STOREDIST as a flag. */
    private static final int GEOSEARCHSTORE = 1 << 4;

    private static final int SORT_NONE = 0;
    private static final int SORT_ASC = 1;
    private static final int SORT_DESC = 2;

    /** {@code sort_gp_asc}: compares distances the way C does, so equal distances compare 0. */
    private static final Comparator<GeoPoint> ASC =
            (a, b) -> a.distance > b.distance ? 1 : a.distance == b.distance ? 0 : -1;
    private static final Comparator<GeoPoint> DESC = (a, b) -> -ASC.compare(a, b);

    private final GeoSets sets;

    GeoSearchCommands(GeoSets sets) {
        this.sets = Objects.requireNonNull(sets, "sets is null");
    }

    /**
     * GEORADIUS key longitude latitude radius M|KM|FT|MI [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]]
     * [ASC|DESC] [STORE key | STOREDIST key]
     */
    void georadius(CommandContext ctx, Arguments args) {
        search(ctx, args, 1, RADIUS_COORDS);
    }

    /**
     * GEORADIUS_RO key longitude latitude radius M|KM|FT|MI [WITHCOORD] [WITHDIST] [WITHHASH]
     * [COUNT count [ANY]] [ASC|DESC]
     */
    void georadiusRo(CommandContext ctx, Arguments args) {
        search(ctx, args, 1, RADIUS_COORDS | NOSTORE);
    }

    /**
     * GEORADIUSBYMEMBER key member radius M|KM|FT|MI [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]]
     * [ASC|DESC] [STORE key | STOREDIST key]
     */
    void georadiusbymember(CommandContext ctx, Arguments args) {
        search(ctx, args, 1, RADIUS_MEMBER);
    }

    /**
     * GEORADIUSBYMEMBER_RO key member radius M|KM|FT|MI [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]]
     * [ASC|DESC]
     */
    void georadiusbymemberRo(CommandContext ctx, Arguments args) {
        search(ctx, args, 1, RADIUS_MEMBER | NOSTORE);
    }

    /**
     * GEOSEARCH key FROMMEMBER member | FROMLONLAT longitude latitude BYRADIUS radius M|KM|FT|MI | BYBOX width
     * height M|KM|FT|MI [ASC|DESC] [COUNT count [ANY]] [WITHCOORD] [WITHDIST] [WITHHASH]
     */
    void geosearch(CommandContext ctx, Arguments args) {
        search(ctx, args, 1, GEOSEARCH);
    }

    /**
     * GEOSEARCHSTORE destination source FROMMEMBER member | FROMLONLAT longitude latitude BYRADIUS radius
     * M|KM|FT|MI | BYBOX width height M|KM|FT|MI [ASC|DESC] [COUNT count [ANY]] [STOREDIST]
     */
    void geosearchstore(CommandContext ctx, Arguments args) {
        search(ctx, args, 2, GEOSEARCH | GEOSEARCHSTORE);
    }

    /** {@code georadiusGeneric}: checks in Redis's order, so the same bad request gets the same error. */
    private void search(CommandContext ctx, Arguments args, int srcKeyIndex, int flags) {
        SortedSetType<ScoredSet> type = sets.type();
        ScoredSet set = ctx.read(args.get(srcKeyIndex), type);
        byte[] storeKey = null;
        boolean storeDist = false;

        double longitude = 0;
        double latitude = 0;
        double radius = 0;
        double width = 0;
        double height = 0;
        double conversion = 0;
        boolean circle = false;
        int baseArgs;
        if ((flags & RADIUS_COORDS) != 0) {
            baseArgs = 6;
            circle = true;
            double[] xy = GeoCommands.longLat(args, 2);
            longitude = xy[0];
            latitude = xy[1];
            radius = radius(args, 4);
            conversion = unit(args, 5);
        } else if ((flags & RADIUS_MEMBER) != 0 && set == null) {
            // no source: parse the options anyway, the STORE flag decides the reply
            baseArgs = 5;
        } else if ((flags & RADIUS_MEMBER) != 0) {
            baseArgs = 5;
            circle = true;
            double[] xy = memberPosition(set, args.get(2));
            longitude = xy[0];
            latitude = xy[1];
            radius = radius(args, 3);
            conversion = unit(args, 4);
        } else {
            baseArgs = 2;
            if ((flags & GEOSEARCHSTORE) != 0) {
                baseArgs = 3;
                storeKey = args.get(1);
            }
        }

        boolean withDist = false;
        boolean withHash = false;
        boolean withCoords = false;
        boolean fromMember = false;
        boolean fromLonLat = false;
        boolean byRadius = false;
        boolean byBox = false;
        boolean any = false;
        int sort = SORT_NONE;
        long count = 0;
        int remaining = args.size() - baseArgs;
        for (int i = 0; i < remaining; i++) {
            int at = baseArgs + i;
            boolean search = (flags & GEOSEARCH) != 0;
            boolean storable = (flags & NOSTORE) == 0 && !search;
            if (args.is(at, "withdist")) {
                withDist = true;
            } else if (args.is(at, "withhash")) {
                withHash = true;
            } else if (args.is(at, "withcoord")) {
                withCoords = true;
            } else if (args.is(at, "any")) {
                any = true;
            } else if (args.is(at, "asc")) {
                sort = SORT_ASC;
            } else if (args.is(at, "desc")) {
                sort = SORT_DESC;
            } else if (args.is(at, "count") && i + 1 < remaining) {
                count = args.longValue(at + 1);
                if (count <= 0) {
                    throw COUNT_NOT_POSITIVE;
                }
                i++;
            } else if (args.is(at, "store") && i + 1 < remaining && storable) {
                storeKey = args.get(at + 1);
                storeDist = false;
                i++;
            } else if (args.is(at, "storedist") && i + 1 < remaining && storable) {
                storeKey = args.get(at + 1);
                storeDist = true;
                i++;
            } else if (args.is(at, "storedist") && search && (flags & GEOSEARCHSTORE) != 0) {
                storeDist = true;
            } else if (args.is(at, "frommember") && i + 1 < remaining && search && !fromLonLat) {
                if (set != null) {
                    double[] xy = memberPosition(set, args.get(at + 1));
                    longitude = xy[0];
                    latitude = xy[1];
                }
                fromMember = true;
                i++;
            } else if (args.is(at, "fromlonlat") && i + 2 < remaining && search && !fromMember) {
                double[] xy = GeoCommands.longLat(args, at + 1);
                longitude = xy[0];
                latitude = xy[1];
                fromLonLat = true;
                i += 2;
            } else if (args.is(at, "byradius") && i + 2 < remaining && search && !byBox) {
                radius = radius(args, at + 1);
                conversion = unit(args, at + 2);
                circle = true;
                byRadius = true;
                i += 2;
            } else if (args.is(at, "bybox") && i + 3 < remaining && search && !byRadius) {
                width = Numbers.parseDouble(args.get(at + 1), NEED_WIDTH);
                height = Numbers.parseDouble(args.get(at + 2), NEED_HEIGHT);
                if (height < 0 || width < 0) {
                    throw NEGATIVE_BOX;
                }
                conversion = unit(args, at + 3);
                circle = false;
                byBox = true;
                i += 3;
            } else {
                throw Errors.SYNTAX;
            }
        }

        if (storeKey != null && (withDist || withHash || withCoords)) {
            throw RedisError.err(((flags & GEOSEARCHSTORE) != 0 ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS")
                    + " is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
        }
        if ((flags & GEOSEARCH) != 0 && !(fromMember || fromLonLat)) {
            throw RedisError.err("exactly one of FROMMEMBER or FROMLONLAT can be specified for " + args.string(0));
        }
        if ((flags & GEOSEARCH) != 0 && !(byRadius || byBox)) {
            throw RedisError.err("exactly one of BYRADIUS and BYBOX can be specified for " + args.string(0));
        }
        if (any && count == 0) {
            throw ANY_WITHOUT_COUNT;
        }

        if (set == null) {
            if (storeKey != null) {
                ctx.storeResult(storeKey, null, KeyEvent.ZSET, null);
                ctx.reply().integer(0);
            } else {
                ctx.reply().array(0);
            }
            return;
        }
        // COUNT needs an order to return the closest members; ANY means any members will do
        if (count != 0 && sort == SORT_NONE && !any) {
            sort = SORT_ASC;
        }

        GeoShape shape = new GeoShape(longitude, latitude, circle, radius, width, height, conversion);
        List<GeoPoint> found = GeoCells.search(set, shape, any ? count : 0);
        if (found.isEmpty() && storeKey == null) {
            ctx.reply().array(0);
            return;
        }
        GeoPoint[] points = found.toArray(new GeoPoint[0]);
        int returned = count == 0 || points.length < count ? points.length : (int) count;
        if (sort != SORT_NONE) {
            Comparator<GeoPoint> order = sort == SORT_ASC ? ASC : DESC;
            if (returned == points.length) {
                Arrays.sort(points, order); // glibc's qsort is a stable merge sort, as this one is
            } else {
                PartialSort.sort(points, order, 0, returned - 1);
            }
        }
        if (storeKey == null) {
            reply(ctx.reply(), points, returned, conversion, withDist, withHash, withCoords);
        } else {
            store(ctx, type, storeKey, points, returned, conversion, storeDist,
                    (flags & GEOSEARCH) != 0 ? "geosearchstore" : "georadiusstore");
        }
    }

    private static void reply(ReplyWriter w, GeoPoint[] points, int returned, double conversion,
                              boolean withDist, boolean withHash, boolean withCoords) {
        int options = (withDist ? 1 : 0) + (withHash ? 1 : 0) + (withCoords ? 1 : 0);
        w.array(returned);
        for (int i = 0; i < returned; i++) {
            GeoPoint p = points[i];
            if (options > 0) {
                w.array(options + 1);
            }
            w.bulk(p.member);
            if (withDist) {
                w.bulk(GeoFormat.distance(p.distance / conversion));
            }
            if (withHash) {
                w.integer((long) p.score);
            }
            if (withCoords) {
                w.array(2);
                w.doubleText(GeoFormat.humanDouble(p.longitude));
                w.doubleText(GeoFormat.humanDouble(p.latitude));
            }
        }
    }

    private static void store(CommandContext ctx, SortedSetType<ScoredSet> type, byte[] storeKey, GeoPoint[] points,
                              int returned, double conversion, boolean storeDist, String event) {
        if (returned == 0) {
            ctx.storeResult(storeKey, null, KeyEvent.ZSET, event);
            ctx.reply().integer(0);
            return;
        }
        ScoredSet result = type.createResult();
        for (int i = 0; i < returned; i++) {
            GeoPoint p = points[i];
            type.put(result, p.member, storeDist ? p.distance / conversion : p.score);
        }
        type.compact(result);
        ctx.storeResult(storeKey, result, KeyEvent.ZSET, event);
        ctx.dirty(returned - 1L);
        ctx.reply().integer(returned);
    }

    /** {@code longLatFromMember}: the decoded position of a member, or the "could not decode" error. */
    private static double[] memberPosition(ScoredSet set, byte[] member) {
        double score = set.score(member);
        if (Double.isNaN(score)) {
            throw MEMBER_NOT_FOUND;
        }
        return GeoHash.decodeScore(score);
    }

    private static double radius(Arguments args, int index) {
        double r = Numbers.parseDouble(args.get(index), NEED_RADIUS);
        if (r < 0) {
            throw NEGATIVE_RADIUS;
        }
        return r;
    }

    private static double unit(Arguments args, int index) {
        double toMeters = GeoDistance.metersPerUnit(args.get(index));
        if (toMeters < 0) {
            throw GeoCommands.UNSUPPORTED_UNIT;
        }
        return toMeters;
    }
}
