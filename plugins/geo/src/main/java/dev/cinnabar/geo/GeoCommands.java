// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.geo;

import dev.cinnabar.geo.GeoHash.Cell;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;
import dev.cinnabar.spi.ScoredSet;
import dev.cinnabar.spi.SortedSetType;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** GEOADD, GEODIST, GEOHASH and GEOPOS ({@code geo.c}): members are sorted set elements scored by geohash. */
final class GeoCommands {
    static final RedisError UNSUPPORTED_UNIT = RedisError.err("unsupported unit provided. please use M, KM, FT, MI");
    private static final byte[] ZADD = "zadd".getBytes(StandardCharsets.US_ASCII);

    private final GeoSets sets;

    GeoCommands(GeoSets sets) {
        this.sets = Objects.requireNonNull(sets, "sets is null");
    }

    /** GEOADD key [NX | XX] [CH] longitude latitude member [longitude latitude member ...] */
    void geoadd(CommandContext ctx, Arguments args) {
        boolean nx = false;
        boolean xx = false;
        boolean ch = false;
        int first = 2;
        for (; first < args.size(); first++) {
            if (args.is(first, "NX")) {
                nx = true;
            } else if (args.is(first, "XX")) {
                xx = true;
            } else if (args.is(first, "CH")) {
                ch = true;
            } else {
                break;
            }
        }
        if ((args.size() - first) % 3 != 0 || (xx && nx) || first == args.size()) {
            throw Errors.SYNTAX;
        }
        int elements = (args.size() - first) / 3;
        // Redis rewrites GEOADD into ZADD key [options] score member ..., which is also what it propagates
        byte[][] zadd = new byte[first + elements * 2][];
        zadd[0] = ZADD;
        for (int i = 1; i < first; i++) {
            zadd[i] = args.get(i);
        }
        double[] scores = new double[elements];
        for (int i = 0; i < elements; i++) {
            double[] xy = longLat(args, first + i * 3);
            long bits = GeoHash.align52(GeoHash.encode(xy[0], xy[1], GeoHash.STEP_MAX));
            scores[i] = bits;
            zadd[first + i * 2] = Long.toString(bits).getBytes(StandardCharsets.US_ASCII);
            zadd[first + i * 2 + 1] = args.get(first + i * 3 + 2);
        }
        SortedSetType<ScoredSet> type = sets.type();
        byte[] key = args.get(1);
        ScoredSet set = ctx.keyspace().get(key, type);
        if (set == null && xx) {
            ctx.reply().integer(0);
            return;
        }
        boolean created = set == null;
        if (created) {
            set = type.create();
        }
        int added = 0;
        int updated = 0;
        for (int i = 0; i < elements; i++) {
            byte[] member = zadd[first + i * 2 + 1];
            double current = set.score(member);
            boolean exists = !Double.isNaN(current);
            if ((exists && nx) || (!exists && xx)) {
                continue;
            }
            if (exists && current == scores[i]) {
                continue;
            }
            type.put(set, member, scores[i]);
            if (exists) {
                updated++;
            } else {
                added++;
            }
        }
        if (created && set.size() > 0) {
            ctx.keyspace().set(key, set);
        }
        if (added + updated > 0) {
            ctx.modified(key, KeyEvent.ZSET, "zadd");
            ctx.dirty(added + updated - 1L);
            ctx.propagate(zadd);
        }
        ctx.reply().integer(ch ? added + updated : added);
    }

    /** GEODIST key member1 member2 [M | KM | FT | MI] */
    void geodist(CommandContext ctx, Arguments args) {
        double toMeters = 1;
        if (args.size() == 5) {
            toMeters = GeoDistance.metersPerUnit(args.get(4));
            if (toMeters < 0) {
                throw UNSUPPORTED_UNIT;
            }
        } else if (args.size() > 5) {
            throw Errors.SYNTAX;
        }
        ScoredSet set = ctx.read(args.get(1), sets.type());
        if (set == null) {
            ctx.reply().nullBulk();
            return;
        }
        double score1 = set.score(args.get(2));
        double score2 = set.score(args.get(3));
        if (Double.isNaN(score1) || Double.isNaN(score2)) {
            ctx.reply().nullBulk();
            return;
        }
        double[] a = GeoHash.decodeScore(score1);
        double[] b = GeoHash.decodeScore(score2);
        ctx.reply().bulk(GeoFormat.distance(GeoDistance.distance(a[0], a[1], b[0], b[1]) / toMeters));
    }

    /** GEOHASH key [member [member ...]] */
    void geohash(CommandContext ctx, Arguments args) {
        ScoredSet set = ctx.read(args.get(1), sets.type());
        ReplyWriter w = ctx.reply();
        w.array(args.size() - 2);
        for (int i = 2; i < args.size(); i++) {
            double score = set == null ? Double.NaN : set.score(args.get(i));
            if (Double.isNaN(score)) {
                w.nullBulk();
            } else {
                w.bulk(GeoFormat.geohash(score));
            }
        }
    }

    /** GEOPOS key [member [member ...]] */
    void geopos(CommandContext ctx, Arguments args) {
        ScoredSet set = ctx.read(args.get(1), sets.type());
        ReplyWriter w = ctx.reply();
        w.array(args.size() - 2);
        for (int i = 2; i < args.size(); i++) {
            double score = set == null ? Double.NaN : set.score(args.get(i));
            if (Double.isNaN(score)) {
                w.nullArray();
            } else {
                double[] xy = GeoHash.decodeScore(score);
                w.array(2);
                w.doubleText(GeoFormat.humanDouble(xy[0]));
                w.doubleText(GeoFormat.humanDouble(xy[1]));
            }
        }
    }

    /**
     * {@code extractLongLatOrReply}: the longitude and latitude at {@code index} and {@code index + 1},
     * within Redis's limits.
     */
    static double[] longLat(Arguments args, int index) {
        double longitude = Numbers.parseDouble(args.get(index), Errors.NOT_FLOAT);
        double latitude = Numbers.parseDouble(args.get(index + 1), Errors.NOT_FLOAT);
        if (longitude < GeoHash.LONG_MIN || longitude > GeoHash.LONG_MAX
                || latitude < GeoHash.LAT_MIN || latitude > GeoHash.LAT_MAX) {
            throw RedisError.err("invalid longitude,latitude pair " + GeoFormat.fixed(longitude, 6) + ","
                    + GeoFormat.fixed(latitude, 6));
        }
        return new double[] {longitude, latitude};
    }
}
