// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.RedisError;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The options XADD and XTRIM share, parsed as Redis 7.0's {@code streamParseAddOrTrimArgsOrReply}. */
final class TrimArgs {
    static final int NONE = 0;
    static final int MAXLEN = 1;
    static final int MINID = 2;
    private static final RedisError BOTH = RedisError.err(
            "syntax error, MAXLEN and MINID options at the same time are not compatible");

    int strategy = NONE;
    boolean approx;
    long maxLen = -1;
    StreamId minId;
    /** Entries a trim may remove, 0 for no limit. */
    long limit;
    private int limitArgIdx = -1;
    /** Position of the MAXLEN/MINID threshold. */
    private int thresholdIdx;
    boolean noMkStream;
    /** XADD's explicit id, null for {@code *}. */
    StreamId id;
    boolean seqGiven = true;
    /** XADD's id position. */
    int idPos;

    private TrimArgs() {
    }

    static TrimArgs parse(Arguments args, boolean xadd) {
        TrimArgs t = new TrimArgs();
        boolean limitGiven = false;
        int i = 2;
        for (; i < args.size(); i++) {
            int more = args.size() - 1 - i;
            byte[] opt = args.get(i);
            if (xadd && opt.length == 1 && opt[0] == '*') {
                break;
            } else if (args.is(i, "MAXLEN") && more > 0) {
                if (t.strategy != NONE) {
                    throw BOTH;
                }
                i = t.approximation(args, i, more);
                t.maxLen = args.longValue(i + 1);
                if (t.maxLen < 0) {
                    throw RedisError.err("The MAXLEN argument must be >= 0.");
                }
                i++;
                t.strategy = MAXLEN;
                t.thresholdIdx = i;
            } else if (args.is(i, "MINID") && more > 0) {
                if (t.strategy != NONE) {
                    throw BOTH;
                }
                i = t.approximation(args, i, more);
                t.minId = StreamIds.parseStrict(args.get(i + 1), 0);
                i++;
                t.strategy = MINID;
                t.thresholdIdx = i;
            } else if (args.is(i, "LIMIT") && more > 0) {
                t.limit = args.longValue(i + 1);
                if (t.limit < 0) {
                    throw RedisError.err("The LIMIT argument must be >= 0.");
                }
                limitGiven = true;
                t.limitArgIdx = i;
                i++;
            } else if (xadd && args.is(i, "NOMKSTREAM")) {
                t.noMkStream = true;
            } else if (xadd) {
                StreamIds.AddId given = StreamIds.parseForAdd(opt);
                t.id = given.id();
                t.seqGiven = given.seqGiven();
                break;
            } else {
                throw Errors.SYNTAX;
            }
        }
        t.idPos = i;
        if (t.limit != 0 && t.strategy == NONE) {
            throw RedisError.err("syntax error, LIMIT cannot be used without specifying a trimming strategy");
        }
        if (!xadd && t.strategy == NONE) {
            throw RedisError.err("syntax error, XTRIM must be called with a trimming strategy");
        }
        if (limitGiven) {
            if (!t.approx) {
                throw RedisError.err("syntax error, LIMIT cannot be used without the special ~ option");
            }
        } else if (t.approx) {
            t.limit = 100 * StreamConfig.nodeMaxEntries();
            if (t.limit <= 0) {
                t.limit = 10000;
            }
            if (t.limit > 1_000_000) {
                t.limit = 1_000_000;
            }
        } else {
            t.limit = 0;
        }
        return t;
    }

    /** Consumes {@code =} or {@code ~} after MAXLEN/MINID when a threshold follows it. */
    private int approximation(Arguments args, int i, int more) {
        approx = false;
        byte[] next = args.get(i + 1);
        if (more >= 2 && next.length == 1 && next[0] == '~') {
            approx = true;
            return i + 1;
        }
        if (more >= 2 && next.length == 1 && next[0] == '=') {
            return i + 1;
        }
        return i;
    }

    /** Trims {@code s}; returns entries removed. */
    long apply(Stream s) {
        return s.trim(strategy == MAXLEN ? maxLen : -1, strategy == MINID ? minId : null, approx, limit);
    }

    /**
     * The command line to propagate after an approximate trim, as Redis rewrites it: {@code ~} becomes
     * {@code =} and the threshold what the trim left (the length, or the first id tombstones included), so
     * a replay trims exactly as much. LIMIT is left out, as a replay must not be limited (Redis ignores it
     * for its master and AOF clients).
     */
    byte[][] rewriteApproximate(Arguments args, Stream s) {
        List<byte[]> out = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            if (i == limitArgIdx || i == limitArgIdx + 1 && limitArgIdx >= 0) {
                continue;
            }
            if (i == thresholdIdx - 1) {
                out.add(new byte[]{'='});
            } else if (i == thresholdIdx) {
                out.add(strategy == MAXLEN
                        ? Long.toString(s.length()).getBytes(StandardCharsets.US_ASCII)
                        : StreamIds.toBytes(s.firstIdWithTombstones()));
            } else {
                out.add(args.get(i));
            }
        }
        return out.toArray(new byte[0][]);
    }

    /** Arguments {@link #rewriteApproximate} leaves out before position {@code pos}. */
    int dropped(int pos) {
        return limitArgIdx >= 0 && limitArgIdx < pos && approx ? 2 : 0;
    }
}
