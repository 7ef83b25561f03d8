// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.hashes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cinnabar.core.resp.RespValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HashCommandsTest {
    private final HashFixture redis = new HashFixture();

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void hsetCountsNewFieldsAndHgetallKeepsInsertionOrder() {
        assertEquals(2, redis.integer("HSET", "h", "b", "1", "a", "2"));
        assertEquals(1, redis.integer("HSET", "h", "b", "3", "c", "4"));
        assertEquals(List.of("b", "3", "a", "2", "c", "4"), redis.list("HGETALL", "h"));
        assertEquals("listpack", redis.encoding("h"));
    }

    @Test
    void hsetWithAnOddArgumentCountIsAnArityErrorAndWritesNothing() {
        assertEquals("ERR wrong number of arguments for 'hset' command", redis.error("HSET", "h", "a", "1", "b"));
        assertEquals("ERR wrong number of arguments for 'hmset' command", redis.error("HMSET", "h", "a", "1", "b"));
        assertEquals(0, redis.integer("EXISTS", "h"));
    }

    @Test
    void hdelOfTheLastFieldRemovesTheKeyAndFiresDelAfterHdel() {
        redis.run("HSET", "h", "a", "1", "b", "2");
        redis.events();
        assertEquals(2, redis.integer("HDEL", "h", "a", "b", "c"));
        assertEquals(0, redis.integer("EXISTS", "h"));
        assertEquals(List.of("hdel h", "del h"), redis.events());
        assertEquals(0, redis.integer("HDEL", "h", "a"));
        assertEquals(List.of(), redis.events());
    }

    @Test
    void writesFireRedisEventNames() {
        redis.run("HSET", "h", "a", "1");
        redis.run("HMSET", "h", "b", "2");
        redis.run("HSETNX", "h", "c", "3");
        redis.run("HSETNX", "h", "c", "4");
        redis.run("HINCRBY", "h", "n", "1");
        redis.run("HINCRBYFLOAT", "h", "x", "1.5");
        assertEquals(List.of("new h", "hset h", "hset h", "hset h", "hincrby h", "hincrbyfloat h"), redis.events());
    }

    @Test
    void readsOfAMissingKeyFireKeymiss() {
        redis.run("HGET", "nokey", "f");
        redis.run("HGETALL", "nokey");
        redis.run("HDEL", "nokey", "f");
        assertEquals(List.of("keymiss nokey", "keymiss nokey"), redis.events());
    }

    @Test
    void hincrbyfloatPropagatesAsHsetOfTheResult() {
        redis.run("HSET", "h", "x", "10.5");
        redis.propagated();
        assertEquals("10.6", redis.text("HINCRBYFLOAT", "h", "x", "0.1"));
        assertEquals(List.of("HSET h x 10.6"), redis.propagated());
        redis.run("HINCRBY", "h", "n", "5");
        assertEquals(List.of("HINCRBY h n 5"), redis.propagated());
    }

    @Test
    void counterErrorsAreRedisVerbatimAndChangeNothing() {
        redis.run("HSET", "h", "s", "abc", "max", "9223372036854775807", "big", "1e4932");
        assertEquals("ERR hash value is not an integer", redis.error("HINCRBY", "h", "s", "1"));
        assertEquals("ERR increment or decrement would overflow", redis.error("HINCRBY", "h", "max", "1"));
        assertEquals("ERR value is not an integer or out of range", redis.error("HINCRBY", "h", "max", "x"));
        assertEquals("ERR hash value is not a float", redis.error("HINCRBYFLOAT", "h", "s", "1"));
        assertEquals("ERR value is NaN or Infinity", redis.error("HINCRBYFLOAT", "h", "x", "inf"));
        assertEquals("ERR value is not a valid float", redis.error("HINCRBYFLOAT", "h", "x", "nan"));
        assertEquals("ERR increment would produce NaN or Infinity", redis.error("HINCRBYFLOAT", "h", "big", "1e4932"));
        assertEquals(List.of("s", "abc", "max", "9223372036854775807", "big", "1e4932"), redis.list("HGETALL", "h"));
        assertEquals("ERR value is NaN or Infinity", redis.error("HINCRBYFLOAT", "nokey", "x", "-inf"));
        assertEquals(0, redis.integer("EXISTS", "nokey"));
    }

    @Test
    void writesKeepTheTtl() {
        redis.run("HSET", "h", "a", "1");
        redis.run("EXPIRE", "h", "1000");
        redis.run("HSET", "h", "b", "2");
        redis.run("HINCRBY", "h", "a", "1");
        redis.run("HDEL", "h", "b");
        assertEquals(1000, redis.integer("TTL", "h"));
    }

    @Test
    void theHashConvertsOnlyPastHashMaxListpackEntries() {
        redis.run("CONFIG", "SET", "hash-max-listpack-entries", "3");
        redis.run("HSET", "h", "a", "1", "b", "2", "c", "3");
        assertEquals("listpack", redis.encoding("h"));
        redis.run("HSET", "h", "c", "33");
        assertEquals("listpack", redis.encoding("h"));
        redis.run("HSET", "h", "d", "4");
        assertEquals("hashtable", redis.encoding("h"));
        redis.run("HDEL", "h", "a", "b", "c");
        assertEquals("hashtable", redis.encoding("h"));
        assertEquals(List.of("d", "4"), redis.list("HGETALL", "h"));
    }

    @Test
    void theZiplistAliasSetsTheSameLimit() {
        redis.run("CONFIG", "SET", "hash-max-ziplist-entries", "1");
        redis.run("HSET", "h", "a", "1", "b", "2");
        assertEquals("hashtable", redis.encoding("h"));
        redis.run("CONFIG", "SET", "hash-max-ziplist-value", "2");
        redis.run("HSET", "g", "a", "123");
        assertEquals("hashtable", redis.encoding("g"));
    }

    @Test
    void aFieldOrValueLongerThanHashMaxListpackValueConverts() {
        redis.run("CONFIG", "SET", "hash-max-listpack-value", "4");
        redis.run("HSET", "v", "abcd", "1234");
        assertEquals("listpack", redis.encoding("v"));
        redis.run("HSET", "v", "a", "12345");
        assertEquals("hashtable", redis.encoding("v"));
        redis.run("HSET", "f", "abcde", "1");
        assertEquals("hashtable", redis.encoding("f"));
    }

    @Test
    void counterResultsAndHsetnxConvertByTheResultTheyStore() {
        redis.run("CONFIG", "SET", "hash-max-listpack-value", "4");
        redis.run("HSET", "i", "n", "9999");
        redis.run("HINCRBY", "i", "n", "1");
        assertEquals("hashtable", redis.encoding("i"));
        redis.run("HSET", "f", "x", "1");
        redis.run("HINCRBYFLOAT", "f", "x", "0.25");
        assertEquals("listpack", redis.encoding("f"));
        redis.run("HINCRBYFLOAT", "f", "x", "0.125");
        assertEquals("hashtable", redis.encoding("f"));
        redis.run("HSET", "nx", "a", "1");
        redis.run("HSETNX", "nx", "a", "123456");
        assertEquals("listpack", redis.encoding("nx"));
        redis.run("HSETNX", "nx", "b", "123456");
        assertEquals("hashtable", redis.encoding("nx"));
    }

    @Test
    void aZeroEntryLimitMakesEveryHashATable() {
        redis.run("CONFIG", "SET", "hash-max-listpack-entries", "0");
        redis.run("HSET", "h", "a", "1");
        assertEquals("hashtable", redis.encoding("h"));
    }

    @Test
    void hashtableHashesBehaveLikeAMapUnderRandomEdits() {
        Random random = new Random(11);
        Map<String, String> model = new HashMap<>();
        for (int op = 0; op < 3000; op++) {
            String field = "f" + random.nextInt(900);
            switch (random.nextInt(4)) {
                case 0, 1 -> {
                    String value = Integer.toString(random.nextInt(1000));
                    assertEquals(model.put(field, value) == null ? 1 : 0, redis.integer("HSET", "h", field, value));
                }
                case 2 -> assertEquals(model.remove(field) != null ? 1 : 0, redis.integer("HDEL", "h", field));
                default -> assertEquals(model.get(field), redis.text("HGET", "h", field));
            }
        }
        assertEquals("hashtable", redis.encoding("h"));
        assertEquals(model.size(), redis.integer("HLEN", "h"));
        assertEquals(new TreeMap<>(model), pairs(redis.list("HGETALL", "h")));
    }

    @Test
    void copyIsDeepForBothEncodings() {
        for (String entries : new String[]{"512", "0"}) {
            redis.run("CONFIG", "SET", "hash-max-listpack-entries", entries);
            redis.run("DEL", "h", "c");
            redis.run("HSET", "h", "a", "1", "b", "2");
            redis.run("COPY", "h", "c");
            redis.run("HSET", "c", "a", "changed");
            redis.run("HDEL", "c", "b");
            assertEquals(List.of("1", "2"), redis.list("HMGET", "h", "a", "b"));
            assertEquals(List.of("a", "changed"), redis.list("HGETALL", "c"));
            assertEquals(redis.encoding("h"), redis.encoding("c"));
        }
    }

    @Test
    void memoryUsageIsRedisObjectSizeForBothEncodings() {
        // Redis 7.0.15's MEMORY USAGE minus its 32 bytes for a two-byte key and its dict entry
        redis.run("HSET", "h", "a", "1");
        assertEquals(32, HashType.INSTANCE.memoryUsage(redis.value("h")));
        redis.run("HSET", "h", "b", "2");
        assertEquals(48, HashType.INSTANCE.memoryUsage(redis.value("h")));
        redis.run("HSET", "h", "c", "3", "d".repeat(36), "3");
        assertEquals(80, HashType.INSTANCE.memoryUsage(redis.value("h")));
        redis.run("CONFIG", "SET", "hash-max-listpack-entries", "0");
        redis.run("HSET", "t", "a", "1");
        assertEquals(144, HashType.INSTANCE.memoryUsage(redis.value("t")));
        redis.run("HSET", "t", "b", "1");
        assertEquals(184, HashType.INSTANCE.memoryUsage(redis.value("t")));
    }

    @Test
    void hgetallIsAMapInResp3() {
        redis.run("HSET", "h", "a", "1");
        RespValue reply = redis.resp3("HGETALL", "h");
        assertEquals(RespValue.Map.class, reply.getClass());
        assertEquals(RespValue.Map.class, redis.resp3("HGETALL", "nokey").getClass());
        assertNull(redis.text("HGET", "h", "b"));
    }

    private static Map<String, String> pairs(List<String> flat) {
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i < flat.size(); i += 2) {
            out.put(flat.get(i), flat.get(i + 1));
        }
        return out;
    }

    static List<String> fields(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("f" + i);
        }
        return out;
    }
}
