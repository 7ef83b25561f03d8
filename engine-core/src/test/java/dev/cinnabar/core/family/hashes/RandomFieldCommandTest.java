// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.hashes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.core.resp.RespValue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RandomFieldCommandTest {
    private final HashFixture redis = new HashFixture();

    @AfterEach
    void close() {
        redis.close();
    }

    /** Fields f0..f(n-1) with values v0..v(n-1), in that insertion order. */
    private void fill(String key, int n) {
        for (int i = 0; i < n; i++) {
            redis.run("HSET", key, "f" + i, "v" + i);
        }
    }

    @Test
    void positiveCountsGiveDistinctFieldsInBothEncodingsAndEveryStrategy() {
        fill("small", 20);
        redis.run("CONFIG", "SET", "hash-max-listpack-entries", "0");
        fill("table", 20);
        assertEquals("listpack", redis.encoding("small"));
        assertEquals("hashtable", redis.encoding("table"));
        for (String key : new String[]{"small", "table"}) {
            // 2 and 5 sample by retries (count*3 <= 20), 10 and 19 copy the hash and drop random fields
            for (int count : new int[]{1, 2, 5, 10, 19}) {
                List<String> got = redis.list("HRANDFIELD", key, Integer.toString(count));
                assertEquals(count, got.size(), key + " " + count);
                assertEquals(count, new HashSet<>(got).size(), key + " " + count);
                assertTrue(HashCommandsTest.fields(20).containsAll(got));
            }
        }
    }

    @Test
    void aCountOfAtLeastTheSizeGivesTheWholeHashInInsertionOrder() {
        fill("h", 5);
        assertEquals(HashCommandsTest.fields(5), redis.list("HRANDFIELD", "h", "5"));
        assertEquals(List.of("f0", "v0", "f1", "v1"), redis.list("HRANDFIELD", "h", "2000", "WITHVALUES").subList(0, 4));
    }

    @Test
    void uniqueSamplesOfAListpackKeepInsertionOrder() {
        fill("h", 30);
        for (int round = 0; round < 20; round++) {
            List<String> got = redis.list("HRANDFIELD", "h", "12");
            List<Integer> indexes = new ArrayList<>();
            for (String f : got) {
                indexes.add(Integer.parseInt(f.substring(1)));
            }
            List<Integer> sorted = new ArrayList<>(indexes);
            sorted.sort(null);
            assertEquals(sorted, indexes);
            assertEquals(12, new HashSet<>(indexes).size());
        }
    }

    @Test
    void negativeCountsAllowRepeatsAndGiveExactlyThatMany() {
        fill("h", 3);
        redis.run("CONFIG", "SET", "hash-max-listpack-entries", "0");
        fill("t", 3);
        for (String key : new String[]{"h", "t"}) {
            List<String> got = redis.list("HRANDFIELD", key, "-3000");
            assertEquals(3000, got.size());
            // with 3000 picks of 3 fields every field shows up, with repeats
            assertEquals(Set.of("f0", "f1", "f2"), new HashSet<>(got));
        }
    }

    @Test
    void picksAreRoughlyUniformInATableWithEmptySlots() {
        redis.run("CONFIG", "SET", "hash-max-listpack-entries", "0");
        fill("t", 40);
        for (int i = 0; i < 38; i++) {
            redis.run("HDEL", "t", "f" + i);
        }
        int first = 0;
        int picks = 4000;
        for (String f : redis.list("HRANDFIELD", "t", "-" + picks)) {
            if (f.equals("f38")) {
                first++;
            }
        }
        assertTrue(first > picks * 0.4 && first < picks * 0.6, "f38 picked " + first + " of " + picks);
    }

    @Test
    void withValuesPairsEachFieldWithItsValue() {
        fill("h", 4);
        List<String> flat = redis.list("HRANDFIELD", "h", "-10", "WITHVALUES");
        assertEquals(20, flat.size());
        for (int i = 0; i < flat.size(); i += 2) {
            assertEquals("v" + flat.get(i).substring(1), flat.get(i + 1));
        }
        RespValue nested = redis.resp3("HRANDFIELD", "h", "2", "WITHVALUES");
        List<RespValue> pairs = ((RespValue.Array) nested).items();
        assertEquals(2, pairs.size());
        for (RespValue pair : pairs) {
            List<String> fv = HashFixture.texts(pair);
            assertEquals("v" + fv.get(0).substring(1), fv.get(1));
        }
    }

    @Test
    void countErrorsAreCheckedBeforeTheKey() {
        redis.run("SET", "s", "x");
        assertEquals("ERR value is not an integer or out of range", redis.error("HRANDFIELD", "s", "x"));
        assertEquals("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807",
                redis.error("HRANDFIELD", "s", "-9223372036854775808"));
        assertEquals("ERR syntax error", redis.error("HRANDFIELD", "s", "1", "WITHVALUE"));
        assertEquals("ERR value is out of range", redis.error("HRANDFIELD", "s", "4611686018427387904", "WITHVALUES"));
        assertTrue(redis.error("HRANDFIELD", "s", "1").startsWith("WRONGTYPE"));
    }

    @Test
    void aReplyTooLongForOneArrayIsRefused() {
        fill("h", 1);
        assertEquals("ERR value is out of range", redis.error("HRANDFIELD", "h", "-3000000000"));
    }
}
