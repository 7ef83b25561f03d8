// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import dev.cinnabar.tests.RandomCommands.Command;
import dev.cinnabar.tests.RandomCommands.Compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random sorted-set commands, mostly on k7 and k8. */
final class RandomZsetCommands extends RandomFamily {
    private static final int HOME = 7;

    RandomZsetCommands(Random rnd) {
        super(rnd);
    }

    @Override
    Command command(Where where) {
        String key = key(HOME);
        // 0-20 answer the same on both servers anywhere; 21 may block; 22-23 answer at random
        int choices = switch (where) {
            case OTHER -> 21;
            case IN_MULTI -> 22;
            case TOP -> 24;
        };
        return switch (rnd.nextInt(choices)) {
            case 0, 1, 2 -> zadd(key);
            case 3 -> cmd("ZINCRBY", key, score(), element());
            case 4 -> rnd.nextBoolean() ? cmd("ZSCORE", key, element()) : cmd("ZMSCORE", key, elements(1 + rnd.nextInt(3)));
            case 5 -> rnd.nextBoolean() ? cmd("ZCARD", key) : cmd("ZCOUNT", key, scoreBound(), scoreBound());
            case 6 -> cmd("ZCOUNT", key, scoreBound(), scoreBound());
            case 7 -> cmd(pick("ZRANK", "ZREVRANK"), key, element());
            case 8, 9 -> range(List.of("ZRANGE", key), rnd.nextInt(2), true);
            case 10, 11 -> byScore(key);
            case 12 -> rnd.nextBoolean() ? cmd("ZREVRANGE", key, index(), index())
                    : cmd("ZREVRANGE", key, index(), index(), "WITHSCORES");
            case 13 -> range(List.of("ZRANGESTORE", key(HOME), key), rnd.nextInt(2), false);
            case 14 -> cmd("ZREM", key, elements(1 + rnd.nextInt(3)));
            case 15 -> rnd.nextBoolean() ? cmd("ZREMRANGEBYRANK", key, index(), index())
                    : cmd("ZREMRANGEBYSCORE", key, scoreBound(), scoreBound());
            case 16 -> rnd.nextBoolean() ? cmd(pick("ZPOPMIN", "ZPOPMAX"), key)
                    : cmd(pick("ZPOPMIN", "ZPOPMAX"), key, count());
            case 17 -> mpop(List.of("ZMPOP"));
            case 18 -> combine(pick("ZUNION", "ZINTER", "ZDIFF"), null);
            case 19 -> combine(pick("ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"), key(HOME));
            case 20 -> intercard("ZINTERCARD", HOME);
            case 21 -> rnd.nextBoolean() ? mpop(List.of("BZMPOP", timeout(where)))
                    : cmd(pick("BZPOPMIN", "BZPOPMAX"), key, key(HOME), timeout(where));
            case 22 -> randomPick("ZRANDMEMBER", key, "WITHSCORES");
            default -> scan("ZSCAN", key, Compare.SCAN_PAIRS);
        };
    }

    /**
     * A lex range command. Over members of different scores its result is unspecified, and Redis's own
     * differs from run to run in a skiplist, whose search depends on random node levels: so first give
     * every member of the key the score 0 (ZUNIONSTORE with weight 0, which also turns a set into a sorted
     * set), then range.
     */
    @Override
    List<Command> group() {
        if (rnd.nextInt(8) != 0) {
            return super.group();
        }
        String key = key(HOME);
        Command lex = switch (rnd.nextInt(5)) {
            case 0 -> cmd("ZLEXCOUNT", key, lexBound(), lexBound());
            case 1 -> range(List.of("ZRANGE", key), 2, true);
            case 2 -> range(List.of("ZRANGESTORE", key(HOME), key), 2, false);
            case 3 -> cmd("ZREMRANGEBYLEX", key, lexBound(), lexBound());
            default -> byLex(key);
        };
        return List.of(cmd("ZUNIONSTORE", key, "1", key, "WEIGHTS", "0"), lex);
    }

    /** ZADD with a random mix of options, some of them incompatible, and one to three pairs. */
    private Command zadd(String key) {
        List<String> a = new ArrayList<>(List.of("ZADD", key));
        if (rnd.nextInt(3) == 0) {
            a.add(pick("NX", "XX", "GT", "LT", "CH", "INCR", "nx", "ch"));
            if (rnd.nextBoolean()) {
                a.add(pick("NX", "XX", "GT", "LT", "CH", "INCR"));
            }
        }
        int pairs = rnd.nextInt(10) == 0 ? 2 : 1 + rnd.nextInt(3);
        for (int i = 0; i < pairs; i++) {
            a.add(score());
            a.add(element());
        }
        if (rnd.nextInt(25) == 0) {
            a.add(score());
        }
        return cmd(a);
    }

    private String score() {
        return switch (rnd.nextInt(10)) {
            case 0 -> pick("1.5", "-0.5", "0.1", "inf", "-inf", "+inf", "1e300", "-0", "3.0", "2.5e-3");
            case 1 -> rnd.nextInt(4) == 0 ? pick("nan", "x", "", "1e", "(1") : Integer.toString(rnd.nextInt(100));
            default -> Integer.toString(rnd.nextInt(14) - 3);
        };
    }

    private String scoreBound() {
        return switch (rnd.nextInt(6)) {
            case 0 -> pick("-inf", "+inf", "inf", "(-inf", "(+inf", "(1.5", "0.5");
            case 1 -> pick("x", "(", "(x", "nan", "[1", "");
            case 2 -> "(" + (rnd.nextInt(14) - 3);
            default -> Integer.toString(rnd.nextInt(14) - 3);
        };
    }

    private String lexBound() {
        return rnd.nextInt(12) == 0 ? pick("a", "", "[", "(", "{a")
                : pick("-", "+", "[a", "(a", "[c", "(c", "[abc", "(abc", "[1", "(3", "[z", "(\u0000");
    }

    /** ZRANGE / ZRANGESTORE: by rank (0), BYSCORE (1) or BYLEX (2), with REV, LIMIT and WITHSCORES now and then. */
    private Command range(List<String> head, int by, boolean withScores) {
        List<String> a = new ArrayList<>(head);
        switch (by) {
            case 0 -> a.addAll(List.of(index(), index()));
            case 1 -> a.addAll(List.of(scoreBound(), scoreBound(), "BYSCORE"));
            default -> a.addAll(List.of(lexBound(), lexBound(), "BYLEX"));
        }
        if (rnd.nextInt(3) == 0) {
            a.add("REV");
        }
        if (rnd.nextInt(by == 0 ? 10 : 3) == 0) {
            a.addAll(List.of("LIMIT", pick("0", "1", "-1", "2"), pick("1", "2", "-1", "0", "10")));
        }
        if (withScores && rnd.nextInt(by == 2 ? 10 : 2) == 0) {
            a.add("WITHSCORES");
        }
        return cmd(a);
    }

    private Command byScore(String key) {
        boolean rev = rnd.nextBoolean();
        List<String> a = new ArrayList<>(List.of(rev ? "ZREVRANGEBYSCORE" : "ZRANGEBYSCORE", key, scoreBound(),
                scoreBound()));
        if (rnd.nextBoolean()) {
            a.add("WITHSCORES");
        }
        if (rnd.nextInt(3) == 0) {
            a.addAll(List.of("LIMIT", pick("0", "1", "-1"), pick("1", "2", "-1", "0")));
        }
        return cmd(a);
    }

    private Command byLex(String key) {
        List<String> a = new ArrayList<>(List.of(pick("ZRANGEBYLEX", "ZREVRANGEBYLEX"), key, lexBound(), lexBound()));
        if (rnd.nextInt(3) == 0) {
            a.addAll(List.of("LIMIT", pick("0", "1", "-1"), pick("1", "2", "-1", "0")));
        }
        return cmd(a);
    }

    /** ZMPOP / BZMPOP [timeout] numkeys key… MIN|MAX [COUNT n], now and then a wrong numkeys or side. */
    private Command mpop(List<String> head) {
        List<String> a = new ArrayList<>(head);
        int n = 1 + rnd.nextInt(2);
        a.add(rnd.nextInt(15) == 0 ? pick("0", "-1", "3", "x") : Integer.toString(n));
        a.addAll(List.of(homeKeys(HOME, n)));
        a.add(rnd.nextInt(20) == 0 ? pick("LEFT", "min") : pick("MIN", "MAX"));
        if (rnd.nextBoolean()) {
            a.addAll(List.of("COUNT", count()));
        }
        return cmd(a);
    }

    /**
     * ZUNION / ZINTER / ZDIFF and their STORE forms over sorted sets, and now and then a set (counted with
     * score 1) or another type; WEIGHTS and AGGREGATE where allowed, and sometimes where not.
     */
    private Command combine(String name, String destination) {
        List<String> a = new ArrayList<>(List.of(name));
        if (destination != null) {
            a.add(destination);
        }
        int n = 1 + rnd.nextInt(3);
        a.add(rnd.nextInt(15) == 0 ? pick("0", "-1", "4", "x") : Integer.toString(n));
        for (int i = 0; i < n; i++) {
            a.add(rnd.nextInt(6) == 0 ? key() : key(HOME));
        }
        boolean diff = name.startsWith("ZDIFF");
        if (rnd.nextInt(diff ? 15 : 3) == 0) {
            a.add("WEIGHTS");
            int weights = rnd.nextInt(10) == 0 ? n + 1 : n;
            for (int i = 0; i < weights; i++) {
                a.add(pick("1", "2", "0", "-1", "3", "0.5", "inf", "x"));
            }
        }
        if (rnd.nextInt(diff ? 15 : 3) == 0) {
            a.addAll(List.of("AGGREGATE", pick("SUM", "MIN", "MAX", "max", "AVG")));
        }
        if (destination == null ? rnd.nextBoolean() : rnd.nextInt(15) == 0) {
            a.add("WITHSCORES");
        }
        return cmd(a);
    }
}
