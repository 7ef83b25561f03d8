// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** listpack and skiplist: the thresholds, CONFIG SET of them, stored results, zero scores and COPY. */
class ZSetEncodingTest {
    private final ZSetFixture redis = new ZSetFixture();

    @AfterEach
    void close() {
        redis.close();
    }

    private void addMembers(String key, int from, int to) {
        for (int i = from; i <= to; i++) {
            redis.run("ZADD", key, Integer.toString(i), "m" + i);
        }
    }

    @Test
    void aListpackBecomesASkiplistPastTheDefaultEntryLimitAndStaysOne() {
        addMembers("z", 1, 128);
        assertEquals("listpack", redis.encoding("z"));
        addMembers("z", 129, 129);
        assertEquals("skiplist", redis.encoding("z"));
        redis.run("ZREMRANGEBYRANK", "z", "0", "-3");
        assertEquals(2, redis.integer("ZCARD", "z"));
        assertEquals("skiplist", redis.encoding("z"));
        assertEquals(List.of("m128", "m129"), redis.list("ZRANGE", "z", "0", "-1"));
    }

    @Test
    void aMemberLongerThanTheValueLimitMakesASkiplist() {
        redis.run("ZADD", "z", "1", "x".repeat(64));
        assertEquals("listpack", redis.encoding("z"));
        redis.run("ZADD", "z", "2", "x".repeat(65));
        assertEquals("skiplist", redis.encoding("z"));
        redis.run("ZINCRBY", "n", "1", "y".repeat(65));
        assertEquals("skiplist", redis.encoding("n"));
    }

    @Test
    void configSetOfEitherLimitOrItsZiplistAliasAppliesToTheNextWrite() {
        redis.run("ZADD", "z", "1", "a", "2", "b", "3", "c");
        redis.run("CONFIG", "SET", "zset-max-ziplist-entries", "2");
        assertEquals(List.of("zset-max-listpack-entries", "2"), redis.list("CONFIG", "GET", "zset-max-listpack-entries"));
        assertEquals("listpack", redis.encoding("z"));
        redis.run("ZADD", "z", "5", "a");
        assertEquals("listpack", redis.encoding("z"));
        redis.run("ZADD", "z", "4", "d");
        assertEquals("skiplist", redis.encoding("z"));
        redis.run("CONFIG", "SET", "zset-max-listpack-entries", "128");
        redis.run("CONFIG", "SET", "zset-max-listpack-value", "2");
        redis.run("ZADD", "v", "1", "ab");
        assertEquals("listpack", redis.encoding("v"));
        redis.run("ZADD", "v", "1", "abc");
        assertEquals("skiplist", redis.encoding("v"));
        redis.run("CONFIG", "SET", "zset-max-listpack-entries", "0");
        redis.run("ZADD", "e", "1", "a");
        assertEquals("skiplist", redis.encoding("e"));
    }

    @Test
    void storedResultsAreListpacksWhenTheyFitWhateverTheirSources() {
        redis.run("CONFIG", "SET", "zset-max-listpack-entries", "3");
        redis.run("ZADD", "big", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
        assertEquals("skiplist", redis.encoding("big"));
        redis.run("ZRANGESTORE", "r1", "big", "0", "1");
        assertEquals("listpack", redis.encoding("r1"));
        redis.run("ZRANGESTORE", "r2", "big", "-inf", "+inf", "BYSCORE");
        assertEquals("skiplist", redis.encoding("r2"));
        redis.run("ZINTERSTORE", "r3", "2", "big", "r1");
        assertEquals("listpack", redis.encoding("r3"));
        redis.run("ZUNIONSTORE", "r4", "1", "big");
        assertEquals("skiplist", redis.encoding("r4"));
        redis.run("ZDIFFSTORE", "r5", "2", "big", "r1");
        assertEquals("listpack", redis.encoding("r5"));
        assertEquals(List.of("c", "d", "e"), redis.list("ZRANGE", "r5", "0", "-1"));
    }

    @Test
    void aListpackStoresAZeroScoreAs0WhileASkiplistKeepsItsSign() {
        redis.run("ZADD", "lp", "-0", "a");
        assertEquals("0", redis.text("ZSCORE", "lp", "a"));
        redis.run("CONFIG", "SET", "zset-max-listpack-entries", "0");
        redis.run("ZADD", "sl", "-0", "a");
        assertEquals("-0", redis.text("ZSCORE", "sl", "a"));
        assertEquals(0, redis.integer("ZADD", "sl", "0", "a"));
        assertEquals("-0", redis.text("ZSCORE", "sl", "a"));
        redis.run("CONFIG", "SET", "zset-max-listpack-entries", "128");
        assertEquals("-0", redis.text("ZINCRBY", "new", "-0", "a"));
        assertEquals("0", redis.text("ZSCORE", "new", "a"));
    }

    @Test
    void copyIsDeepInBothEncodings() {
        redis.run("ZADD", "lp", "1", "a", "2", "b");
        redis.run("CONFIG", "SET", "zset-max-listpack-entries", "0");
        redis.run("ZADD", "sl", "1", "a", "2", "b");
        for (String key : new String[]{"lp", "sl"}) {
            redis.run("COPY", key, key + "c");
            assertEquals(redis.encoding(key), redis.encoding(key + "c"));
            redis.run("ZADD", key + "c", "9", "a", "3", "c");
            redis.run("ZREM", key + "c", "b");
            assertEquals(List.of("a", "1", "b", "2"), redis.list("ZRANGE", key, "0", "-1", "WITHSCORES"));
            assertEquals(List.of("c", "3", "a", "9"), redis.list("ZRANGE", key + "c", "0", "-1", "WITHSCORES"));
        }
    }

    /** What MEMORY USAGE says for the value, without the key's 32 bytes (its sds and dict entry). */
    private long valueMemory(String key) {
        return redis.onLoop(() -> ZSetType.INSTANCE.memoryUsage(
                (SortedSet) redis.engine().database(0).get(ZSetFixture.bytes(key))));
    }

    @Test
    void memoryUsageIsRedisesForAListpackAndCloseForASkiplist() {
        // Redis 7.0.15 answers 80, 176 and 1584 for ZADD m i member:i, i = 1..n, with n = 1, 10, 100
        addNamed("m1", 1);
        addNamed("m10", 10);
        addNamed("m100", 100);
        assertEquals(80 - 32, valueMemory("m1"));
        assertEquals(176 - 32, valueMemory("m10"));
        assertEquals(1584 - 32, valueMemory("m100"));
        // and 106584 for a skiplist of 1000
        redis.run("CONFIG", "SET", "zset-max-listpack-entries", "0");
        addNamed("s1000", 1000);
        long usage = valueMemory("s1000");
        assertTrue(usage > 106584 * 0.8 && usage < 106584 * 1.2, Long.toString(usage));
    }

    private void addNamed(String key, int n) {
        for (int i = 1; i <= n; i++) {
            redis.run("ZADD", key, Integer.toString(i), "member:" + i);
        }
    }

    @Test
    void typeIsZset() {
        redis.run("ZADD", "z", "1", "a");
        assertEquals("zset", redis.text("TYPE", "z").replace("\"", ""));
    }
}
