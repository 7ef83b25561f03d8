// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

import dev.cinnabar.core.family.zsets.ZSetStore.Cursor;
import dev.cinnabar.core.rdb.ListpackReader;
import dev.cinnabar.core.rdb.ListpackWriter;
import dev.cinnabar.core.rdb.Rdb;
import dev.cinnabar.core.rdb.RdbFormatException;
import dev.cinnabar.core.rdb.RewriteBatch;
import dev.cinnabar.core.rdb.Ziplist;
import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RdbInput;
import dev.cinnabar.spi.RdbOutput;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ValueType.CommandSink;

import java.util.List;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * The RDB and AOF forms of a sorted set, as Redis 7.0's {@code rdbSaveObject}, {@code rdbLoadObject} and
 * {@code rewriteSortedSetObject}: a listpack set is saved as the listpack Redis would hold (member, then
 * score as an integer entry when it is a whole number, else its {@code %.17g} text), byte for byte; a
 * skiplist set as a count and member, binary score pairs from the highest score down.
 */
final class ZSetCodec {
    private static final byte[] ZADD = "ZADD".getBytes(US_ASCII);
    /** rdbSaveDoubleValue's length bytes for the special values of an RDB_TYPE_ZSET score. */
    private static final int SCORE_NAN = 253;
    private static final int SCORE_POS_INF = 254;
    private static final int SCORE_NEG_INF = 255;
    /** double2ll's range: whole numbers within it are stored as integers. */
    private static final double HALF_LLONG_MAX = Long.MAX_VALUE / 2;
    private static final RedisError BAD_SCORE = RedisError.err("bad score");

    private ZSetCodec() {
    }

    static int rdbTypeId(SortedSet set) {
        return set.encoding().equals("listpack") ? Rdb.TYPE_ZSET_LISTPACK : Rdb.TYPE_ZSET_2;
    }

    static void write(SortedSet set, RdbOutput out) {
        if (set.encoding().equals("listpack")) {
            ListpackWriter lp = new ListpackWriter();
            for (Cursor c = set.cursor(0, false); c.valid(); c.next()) {
                lp.append(c.member());
                appendScore(lp, c.score());
            }
            out.writeString(lp.toBytes());
            return;
        }
        out.writeLength(set.size());
        for (Cursor c = set.cursor(set.size() - 1, true); c.valid(); c.next()) {
            out.writeString(c.member());
            out.writeBinaryDouble(c.score());
        }
    }

    /** {@code zzlInsertAt}: a whole number within {@code double2ll}'s range as an integer, else {@code d2string}. */
    private static void appendScore(ListpackWriter lp, double score) {
        if (score >= -HALF_LLONG_MAX && score <= HALF_LLONG_MAX && score == (long) score) {
            lp.appendInteger((long) score);
        } else {
            lp.append(Numbers.formatG17(score).getBytes(US_ASCII));
        }
    }

    /** Reads a sorted set saved as {@code typeId}; null for an empty one, which Redis skips as an empty key. */
    static SortedSet read(int typeId, RdbInput in, ZSetLimits limits) {
        long at = Rdb.offset(in);
        return switch (typeId) {
            case Rdb.TYPE_ZSET, Rdb.TYPE_ZSET_2 -> readPlain(typeId, in, limits, at);
            case Rdb.TYPE_ZSET_LISTPACK -> fromPairs(ListpackReader.elements(in.readString(), "Zset listpack", at),
                    limits, "Zset listpack", at);
            case Rdb.TYPE_ZSET_ZIPLIST -> fromPairs(Ziplist.elements(in.readString(), "Zset ziplist", at), limits,
                    "Zset ziplist", at);
            default -> throw new RdbFormatException("zset cannot be read from RDB type " + typeId, at);
        };
    }

    /**
     * RDB_TYPE_ZSET and RDB_TYPE_ZSET_2: loaded as a skiplist, then made a listpack if it fits the limits
     * (only known once every member is read, since they are saved unordered).
     */
    private static SortedSet readPlain(int typeId, RdbInput in, ZSetLimits limits, long at) {
        long len = in.readLength();
        if (len == 0) {
            return null;
        }
        SortedSet set = SortedSet.skipList();
        long longest = 0;
        for (long i = 0; i < len; i++) {
            byte[] member = in.readString();
            double score = typeId == Rdb.TYPE_ZSET_2 ? in.readBinaryDouble() : readStringScore(in, at);
            if (Double.isNaN(score)) {
                throw new RdbFormatException("Zset with NAN score detected", at);
            }
            if (!Double.isNaN(set.score(member))) {
                throw new RdbFormatException("Duplicate zset fields detected", at);
            }
            longest = Math.max(longest, member.length);
            set.put(member, score);
        }
        set.compactIfFits(limits, longest);
        return set;
    }

    /** {@code rdbLoadDoubleValue}: a length byte (253 NaN, 254 +inf, 255 -inf) and that many bytes of text. */
    private static double readStringScore(RdbInput in, long at) {
        int len = in.readByte();
        switch (len) {
            case SCORE_NAN:
                return Double.NaN;
            case SCORE_POS_INF:
                return Double.POSITIVE_INFINITY;
            case SCORE_NEG_INF:
                return Double.NEGATIVE_INFINITY;
            default:
                byte[] text = new byte[len];
                for (int i = 0; i < len; i++) {
                    text[i] = (byte) in.readByte();
                }
                return parseScore(text, "Zset", at);
        }
    }

    private static double parseScore(byte[] text, String what, long at) {
        try {
            return Numbers.strtod(text, 0, BAD_SCORE);
        } catch (RedisError e) {
            throw new RdbFormatException(what + " score is not a number: " + new String(text, US_ASCII), at);
        }
    }

    /**
     * A sorted set from alternating members and scores of a listpack or ziplist: duplicates, an odd count and
     * a score that is not a number are errors; it becomes a skiplist when it has more members than
     * {@code zset-max-listpack-entries} (Redis does not look at member lengths here).
     */
    private static SortedSet fromPairs(List<byte[]> elements, ZSetLimits limits, String what, long at) {
        if (elements.size() % 2 != 0) {
            throw new RdbFormatException(what + " integrity check failed: odd number of elements", at);
        }
        if (elements.isEmpty()) {
            return null;
        }
        SortedSet set = elements.size() / 2 > limits.maxEntries ? SortedSet.skipList() : SortedSet.empty();
        for (int i = 0; i < elements.size(); i += 2) {
            byte[] member = elements.get(i);
            double score = parseScore(elements.get(i + 1), what, at);
            if (Double.isNaN(score)) {
                throw new RdbFormatException(what + " score is NaN", at);
            }
            if (!Double.isNaN(set.score(member))) {
                throw new RdbFormatException(what + " integrity check failed: duplicate member", at);
            }
            set.put(member, score);
        }
        return set;
    }

    /** {@code rewriteSortedSetObject}: ZADD with up to 64 score, member pairs each, scores as {@code %.17g}. */
    static void rewrite(byte[] key, SortedSet set, CommandSink sink) {
        RewriteBatch batch = new RewriteBatch(sink, ZADD, key);
        for (Cursor c = set.cursor(0, false); c.valid(); c.next()) {
            batch.add(Numbers.formatG17(c.score()).getBytes(US_ASCII), c.member());
        }
        batch.finish();
    }
}
