// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ZSetCommandsTest {
    private static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    private final ZSetFixture redis = new ZSetFixture();

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void zaddCountsAddedMembersAndWithChAlsoChangedOnes() {
        assertEquals(3, redis.integer("ZADD", "z", "1", "a", "2", "b", "3", "c"));
        assertEquals(0, redis.integer("ZADD", "z", "5", "a"));
        assertEquals(1, redis.integer("ZADD", "z", "CH", "6", "a", "2", "b"));
        assertEquals(1, redis.integer("ZADD", "z", "NX", "9", "a", "4", "d"));
        assertEquals(0, redis.integer("ZADD", "z", "XX", "9", "a", "10", "e"));
        assertEquals(List.of("b", "2", "c", "3", "d", "4", "a", "9"), redis.list("ZRANGE", "z", "0", "-1", "WITHSCORES"));
    }

    @Test
    void zaddGtAndLtOnlyMoveScoresTheirWayButStillAddNewMembers() {
        redis.run("ZADD", "z", "5", "a");
        assertEquals(2, redis.integer("ZADD", "z", "GT", "CH", "4", "a", "6", "a", "1", "b"));
        assertEquals("6", redis.text("ZSCORE", "z", "a"));
        assertEquals(1, redis.integer("ZADD", "z", "LT", "CH", "7", "a", "0", "b"));
        assertEquals(List.of("b", "0", "a", "6"), redis.list("ZRANGE", "z", "0", "-1", "WITHSCORES"));
    }

    @Test
    void zaddRefusesIncompatibleOptionsAndBadScoresBeforeChangingAnything() {
        assertEquals("ERR XX and NX options at the same time are not compatible",
                redis.error("ZADD", "z", "NX", "XX", "1", "a"));
        assertEquals("ERR GT, LT, and/or NX options at the same time are not compatible",
                redis.error("ZADD", "z", "GT", "LT", "1", "a"));
        assertEquals("ERR INCR option supports a single increment-element pair",
                redis.error("ZADD", "z", "INCR", "1", "a", "2", "b"));
        assertEquals("ERR syntax error", redis.error("ZADD", "z", "1", "a", "2"));
        assertEquals("ERR value is not a valid float", redis.error("ZADD", "z", "1", "a", "x", "b"));
        assertEquals(0, redis.integer("EXISTS", "z"));
    }

    @Test
    void zaddReadsScoresAsStrtodDoesAndRefusesOutOfRangeOnes() {
        redis.run("ZADD", "z", "0x10", "hex", "+inf", "i", "1e-310", "sub");
        assertEquals("16", redis.text("ZSCORE", "z", "hex"));
        assertEquals("inf", redis.text("ZSCORE", "z", "i"));
        assertEquals("9.9999999999999694e-311", redis.text("ZSCORE", "z", "sub"));
        for (String bad : new String[]{"1e400", "1e-400", " 1", "1 ", "", "nan"}) {
            assertEquals("ERR value is not a valid float", redis.error("ZADD", "z", bad, "m"), bad);
        }
    }

    @Test
    void zaddIncrRepliesTheNewScoreOrNullWhenAConditionStopsIt() {
        assertEquals("5", redis.text("ZADD", "z", "INCR", "5", "a"));
        assertEquals("7.5", redis.text("ZINCRBY", "z", "2.5", "a"));
        assertEquals("nil", redis.text("ZADD", "z", "NX", "INCR", "1", "a"));
        assertEquals("nil", redis.text("ZADD", "z", "XX", "INCR", "1", "b"));
        assertEquals("nil", redis.text("ZADD", "z", "GT", "INCR", "-1", "a"));
        assertEquals("inf", redis.text("ZINCRBY", "z", "inf", "a"));
        assertEquals("ERR resulting score is not a number (NaN)", redis.error("ZINCRBY", "z", "-inf", "a"));
        assertEquals("inf", redis.text("ZSCORE", "z", "a"));
    }

    @Test
    void zremDeletesTheKeyWithItsLastMember() {
        redis.run("ZADD", "z", "1", "a", "2", "b");
        assertEquals(1, redis.integer("ZREM", "z", "a", "nope"));
        assertEquals(1, redis.integer("ZREM", "z", "b", "a"));
        assertEquals(0, redis.integer("EXISTS", "z"));
        assertEquals(0, redis.integer("ZREM", "z", "b"));
    }

    @Test
    void ranksAndRangesAgreeWithAModelOnALargeSkiplist() {
        Random random = new Random(3);
        TreeMap<String, Integer> model = new TreeMap<>();
        for (int i = 0; i < 3000; i++) {
            String member = "m" + random.nextInt(800);
            int score = random.nextInt(100);
            if (random.nextInt(4) == 0) {
                redis.run("ZREM", "z", member);
                model.remove(member);
            } else {
                redis.run("ZADD", "z", Integer.toString(score), member);
                model.put(member, score);
            }
        }
        assertEquals("skiplist", redis.encoding("z"));
        List<String> sorted = new ArrayList<>(model.keySet());
        sorted.sort((a, b) -> model.get(a) != model.get(b).intValue() ? model.get(a) - model.get(b) : a.compareTo(b));
        assertEquals(sorted, redis.list("ZRANGE", "z", "0", "-1"));
        for (int i = 0; i < sorted.size(); i += 37) {
            assertEquals(i, redis.integer("ZRANK", "z", sorted.get(i)));
            assertEquals(sorted.size() - 1 - i, redis.integer("ZREVRANK", "z", sorted.get(i)));
            assertEquals(List.of(sorted.get(i)), redis.list("ZRANGE", "z", Integer.toString(i), Integer.toString(i)));
        }
        long inRange = model.values().stream().filter(s -> s > 10 && s <= 50).count();
        assertEquals(inRange, redis.integer("ZCOUNT", "z", "(10", "50"));
        List<String> expected = sorted.stream().filter(m -> model.get(m) > 10 && model.get(m) <= 50).toList();
        assertEquals(expected.subList(5, 15), redis.list("ZRANGEBYSCORE", "z", "(10", "50", "LIMIT", "5", "10"));
        assertEquals(inRange, redis.integer("ZREMRANGEBYSCORE", "z", "(10", "50"));
        assertEquals(sorted.size() - inRange, redis.integer("ZCARD", "z"));
    }

    @Test
    void scoreRangesHonourExclusiveBoundsLimitAndReverse() {
        redis.run("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
        assertEquals(List.of("b", "c", "d"), redis.list("ZRANGE", "z", "(1", "4", "BYSCORE"));
        assertEquals(List.of("d", "c"), redis.list("ZRANGE", "z", "(5", "(2", "BYSCORE", "REV"));
        assertEquals(List.of("c", "d"), redis.list("ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "2", "2"));
        assertEquals(List.of(), redis.list("ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "-1", "2"));
        assertEquals(List.of("b", "c", "d", "e"), redis.list("ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "1", "-1"));
        assertEquals("ERR min or max is not a float", redis.error("ZRANGE", "z", "(a", "1", "BYSCORE"));
        assertEquals("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX",
                redis.error("ZRANGE", "z", "0", "1", "LIMIT", "0", "1"));
    }

    @Test
    void lexRangesUseBracketsAndTheInfiniteStrings() {
        redis.run("ZADD", "z", "0", "a", "0", "b", "0", "c", "0", "d");
        assertEquals(List.of("b", "c"), redis.list("ZRANGEBYLEX", "z", "[b", "(d"));
        assertEquals(List.of("d", "c", "b", "a"), redis.list("ZREVRANGEBYLEX", "z", "+", "-"));
        assertEquals(3, redis.integer("ZLEXCOUNT", "z", "(a", "+"));
        assertEquals("ERR min or max not valid string range item", redis.error("ZRANGEBYLEX", "z", "a", "+"));
        assertEquals("ERR syntax error, WITHSCORES not supported in combination with BYLEX",
                redis.error("ZRANGE", "z", "-", "+", "BYLEX", "WITHSCORES"));
        assertEquals(2, redis.integer("ZREMRANGEBYLEX", "z", "[b", "[c"));
        assertEquals(List.of("a", "d"), redis.list("ZRANGE", "z", "0", "-1"));
    }

    @Test
    void unionIntersectionAndDifferenceWeighAndAggregate() {
        redis.run("ZADD", "a", "1", "x", "2", "y");
        redis.run("ZADD", "b", "10", "y", "20", "z");
        assertEquals(List.of("x", "2", "y", "9", "z", "10"),
                redis.list("ZUNION", "2", "a", "b", "WEIGHTS", "2", "0.5", "WITHSCORES"));
        assertEquals(List.of("y", "10"), redis.list("ZINTER", "2", "a", "b", "AGGREGATE", "MAX", "WITHSCORES"));
        assertEquals(List.of("x", "1"), redis.list("ZDIFF", "2", "a", "b", "WITHSCORES"));
        assertEquals(1, redis.integer("ZINTERCARD", "2", "a", "b", "LIMIT", "5"));
        assertEquals(3, redis.integer("ZUNIONSTORE", "out", "2", "a", "b"));
        assertEquals(0, redis.integer("ZINTERSTORE", "out", "2", "a", "missing"));
        assertEquals(0, redis.integer("EXISTS", "out"));
        assertEquals("ERR at least 1 input key is needed for 'zunionstore' command",
                redis.error("ZUNIONSTORE", "out", "0", "a"));
        assertEquals("ERR weight value is not a float", redis.error("ZUNION", "2", "a", "b", "WEIGHTS", "1", "x"));
    }

    @Test
    void infinitiesThatCancelSumToZero() {
        redis.run("ZADD", "i", "inf", "a", "-inf", "b");
        assertEquals(List.of("a", "0", "b", "0"), redis.list("ZUNION", "2", "i", "i", "WEIGHTS", "1", "-1", "WITHSCORES"));
        assertEquals(List.of("a", "0", "b", "0"), redis.list("ZUNION", "1", "i", "WEIGHTS", "0", "WITHSCORES"));
    }

    @Test
    void popsTakeFromEitherEndAndDeleteTheEmptiedKey() {
        redis.run("ZADD", "z", "1", "a", "2", "b", "3", "c");
        assertEquals(List.of("a", "1"), redis.list("ZPOPMIN", "z"));
        assertEquals(List.of("c", "3", "b", "2"), redis.list("ZPOPMAX", "z", "5"));
        assertEquals(0, redis.integer("EXISTS", "z"));
        assertEquals(List.of(), redis.list("ZPOPMIN", "z"));
        assertEquals("ERR value is out of range, must be positive", redis.error("ZPOPMIN", "z", "-1"));
        redis.run("ZADD", "z", "1", "a", "2", "b", "3", "c");
        assertEquals(List.of("z", "c", "3", "b", "2"), redis.list("ZMPOP", "2", "nokey", "z", "MAX", "COUNT", "2"));
        assertEquals(List.of("nil"), redis.list("ZMPOP", "1", "nokey", "MIN"));
        assertEquals("ERR count should be greater than 0", redis.error("ZMPOP", "1", "z", "MIN", "COUNT", "0"));
        assertEquals("ERR numkeys should be greater than 0", redis.error("ZMPOP", "0", "z", "MIN"));
    }

    @Test
    void randomMembersWithACountCoveringTheSetComeFromTheTopDown() {
        redis.run("ZADD", "z", "1", "a", "2", "b", "3", "c");
        assertEquals(List.of("c", "3", "b", "2", "a", "1"), redis.list("ZRANDMEMBER", "z", "5", "WITHSCORES"));
        assertEquals(2, redis.list("ZRANDMEMBER", "z", "2").stream().distinct().count());
        assertEquals(10, redis.list("ZRANDMEMBER", "z", "-10").size());
        assertEquals("ERR value is out of range", redis.error("ZRANDMEMBER", "z", "-9223372036854775807", "WITHSCORES"));
    }

    @Test
    void everyCommandRefusesAnotherType() {
        redis.run("SET", "s", "v");
        for (String[] cmd : new String[][]{{"ZADD", "s", "1", "a"}, {"ZSCORE", "s", "a"}, {"ZRANGE", "s", "0", "1"},
                {"ZPOPMIN", "s"}, {"ZUNION", "1", "s"}, {"ZRANDMEMBER", "s"}, {"ZCARD", "s"}, {"ZREM", "s", "a"},
                {"BZPOPMIN", "s", "0"}, {"ZINTERCARD", "1", "s"}}) {
            assertEquals(WRONGTYPE, redis.error(cmd), String.join(" ", cmd));
        }
    }

    @Test
    void resp3RepliesScoresAsDoublesAndRangesAsPairs() {
        redis.run("ZADD", "z", "1", "a", "2.5", "b");
        assertEquals("Double[text=2.5]", redis.resp3("ZSCORE", "z", "b").toString());
        assertEquals("[[\"a\", Double[text=1]], [\"b\", Double[text=2.5]]]",
                redis.resp3("ZRANGE", "z", "0", "-1", "WITHSCORES").toString());
        assertEquals("[\"a\", Double[text=1]]", redis.resp3("ZPOPMIN", "z").toString());
        assertEquals("[[\"b\", Double[text=2.5]]]", redis.resp3("ZPOPMIN", "z", "1").toString());
    }
}
