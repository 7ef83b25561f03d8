// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.sets;

import dev.cinnabar.core.resp.RespValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SetCommandsTest {
    private static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    private final SetsFixture redis = new SetsFixture();

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void saddCountsOnlyNewMembersAndAnIntsetRepliesInAscendingOrder() {
        assertEquals(3, redis.integer("SADD", "s", "30", "-1", "2"));
        assertEquals(1, redis.integer("SADD", "s", "2", "5", "5"));
        assertEquals(List.of("-1", "2", "5", "30"), redis.texts("SMEMBERS", "s"));
        assertEquals("intset", redis.encoding("s"));
    }

    @Test
    void theIntsetBecomesAHashtableAtTheConfiguredLimit() {
        for (int i = 0; i < 512; i++) {
            redis.run("SADD", "s", Integer.toString(i));
        }
        assertEquals("intset", redis.encoding("s"));
        redis.run("SADD", "s", "512");
        assertEquals("hashtable", redis.encoding("s"));
        redis.run("SREM", "s", "512", "511");
        assertEquals("hashtable", redis.encoding("s"));
    }

    @Test
    void configSetOfTheLimitAppliesToTheNextAdd() {
        redis.run("SADD", "s", "1", "2", "3");
        redis.run("CONFIG", "SET", "set-max-intset-entries", "2");
        assertEquals("intset", redis.encoding("s"));
        redis.run("SADD", "s", "3");
        assertEquals("intset", redis.encoding("s"));
        redis.run("SADD", "s", "4");
        assertEquals("hashtable", redis.encoding("s"));
        redis.run("CONFIG", "SET", "set-max-intset-entries", "0");
        redis.run("SADD", "t", "1");
        assertEquals("hashtable", redis.encoding("t"));
        assertEquals(List.of("set-max-intset-entries", "0"),
                redis.texts("CONFIG", "GET", "set-max-intset-entries"));
    }

    @Test
    void aNonCanonicalIntegerMakesAHashtable() {
        for (String member : List.of("01", " 1", "+1", "-0", "9223372036854775808", "1.5")) {
            redis.run("DEL", "s");
            redis.run("SADD", "s", member);
            assertEquals("hashtable", redis.encoding("s"), member);
        }
        redis.run("DEL", "s");
        redis.run("SADD", "s", "-9223372036854775808");
        assertEquals("intset", redis.encoding("s"));
    }

    @Test
    void emptiedSetsAreDeletedWithADelEventAfterTheCommandsOwn() {
        redis.run("SADD", "s", "1", "2");
        redis.events();
        assertEquals(2, redis.integer("SREM", "s", "1", "2", "3"));
        assertEquals(List.of("srem s", "del s"), redis.events());
        assertEquals(0, redis.integer("EXISTS", "s"));
        assertEquals(0, redis.integer("SREM", "s", "1"));
        assertEquals(List.of(), redis.events());
    }

    @Test
    void smoveFiresSremDelAndSaddAndCreatesTheDestinationForItsMember() {
        redis.run("SADD", "a", "1");
        redis.events();
        redis.propagated();
        assertEquals(1, redis.integer("SMOVE", "a", "b", "1"));
        assertEquals(List.of("srem a", "del a", "sadd b"), redis.events());
        assertEquals("intset", redis.encoding("b"));
        assertEquals(List.of("SMOVE a b 1"), redis.propagated());
    }

    @Test
    void smoveWithinOneSetAnswersMembershipAndChangesNothing() {
        redis.run("SADD", "a", "1");
        redis.propagated();
        assertEquals(1, redis.integer("SMOVE", "a", "a", "1"));
        assertEquals(0, redis.integer("SMOVE", "a", "a", "2"));
        assertEquals(List.of(), redis.propagated());
    }

    @Test
    void smoveFromAMissingSourceIgnoresTheDestinationsType() {
        redis.run("SET", "str", "x");
        redis.run("SADD", "a", "1");
        assertEquals(0, redis.integer("SMOVE", "missing", "str", "1"));
        assertEquals(WRONGTYPE, redis.error("SMOVE", "a", "str", "1"));
        assertEquals(WRONGTYPE, redis.error("SMOVE", "str", "a", "1"));
    }

    @Test
    void everyCommandRefusesAStringKey() {
        redis.run("SET", "str", "x");
        for (String[] cmd : new String[][]{{"SADD", "str", "a"}, {"SREM", "str", "a"}, {"SCARD", "str"},
                {"SISMEMBER", "str", "a"}, {"SMISMEMBER", "str", "a"}, {"SMEMBERS", "str"}, {"SPOP", "str"},
                {"SPOP", "str", "1"}, {"SRANDMEMBER", "str"}, {"SRANDMEMBER", "str", "1"}, {"SSCAN", "str", "0"},
                {"SINTER", "missing", "str"}, {"SINTERCARD", "2", "missing", "str"}, {"SUNION", "str"},
                {"SDIFF", "missing", "str"}, {"SINTERSTORE", "d", "str"}, {"SUNIONSTORE", "d", "str"},
                {"SDIFFSTORE", "d", "str"}}) {
            assertEquals(WRONGTYPE, redis.error(cmd), String.join(" ", cmd));
        }
        assertEquals(0, redis.integer("EXISTS", "d"));
    }

    @Test
    void sinterIteratesTheSmallestSetSoTheReplyHasItsOrder() {
        redis.run("SADD", "big", "1", "2", "3", "x");
        redis.run("SADD", "small", "3", "2", "1");
        assertEquals(List.of("1", "2", "3"), redis.texts("SINTER", "big", "small"));
        assertEquals(List.of(), redis.texts("SINTER", "big", "missing"));
    }

    @Test
    void storeCommandsDeleteTheDestinationWhenTheResultIsEmpty() {
        redis.run("SET", "d", "string");
        redis.run("SADD", "a", "1");
        redis.events();
        redis.propagated();
        assertEquals(0, redis.integer("SINTERSTORE", "d", "a", "missing"));
        assertEquals(List.of("del d"), redis.events());
        assertEquals(List.of("SINTERSTORE d a missing"), redis.propagated());
        assertEquals(0, redis.integer("SDIFFSTORE", "d", "a", "a"));
        assertEquals(List.of(), redis.events());
        assertEquals(List.of(), redis.propagated());
    }

    @Test
    void storeCommandsReplaceTheDestinationAndItsTtl() {
        redis.run("SADD", "a", "1", "2", "x");
        redis.run("SADD", "b", "2", "x");
        redis.run("SET", "d", "v", "EX", "100");
        redis.events();
        assertEquals(2, redis.integer("SINTERSTORE", "d", "a", "b"));
        assertEquals(-1, redis.integer("TTL", "d"));
        assertEquals(List.of("sinterstore d"), redis.events());
        assertEquals(3, redis.integer("SUNIONSTORE", "d", "a", "b"));
        assertEquals(1, redis.integer("SDIFFSTORE", "d", "a", "b"));
        assertEquals(List.of("sunionstore d", "sdiffstore d"), redis.events());
        assertEquals(List.of("1"), redis.texts("SMEMBERS", "d"));
        assertEquals("intset", redis.encoding("d"));
    }

    @Test
    void sintercardStopsAtTheLimit() {
        redis.run("SADD", "a", "1", "2", "3", "4");
        redis.run("SADD", "b", "2", "3", "4", "5");
        assertEquals(3, redis.integer("SINTERCARD", "2", "a", "b"));
        assertEquals(2, redis.integer("SINTERCARD", "2", "a", "b", "LIMIT", "2"));
        assertEquals(3, redis.integer("SINTERCARD", "2", "a", "b", "LIMIT", "0"));
        assertEquals("ERR LIMIT can't be negative", redis.error("SINTERCARD", "2", "a", "b", "LIMIT", "-1"));
        assertEquals("ERR numkeys should be greater than 0", redis.error("SINTERCARD", "0", "a"));
        assertEquals("ERR Number of keys can't be greater than number of args",
                redis.error("SINTERCARD", "3", "a", "b"));
    }

    @Test
    void spopRemovesWhatItRepliesAndPropagatesSrem() {
        redis.run("SADD", "s", "a", "b", "c");
        redis.propagated();
        String popped = ((RespValue.Bulk) redis.run("SPOP", "s")).text();
        assertEquals(0, redis.integer("SISMEMBER", "s", popped));
        assertEquals(List.of("SREM s " + popped), redis.propagated());
    }

    @Test
    void spopWithACountReturnsDistinctMembersAndPropagatesOneSremEachInATransaction() {
        for (int count : new int[]{1, 3, 8, 9}) {
            redis.run("DEL", "s");
            for (int i = 0; i < 10; i++) {
                redis.run("SADD", "s", "m" + i);
            }
            redis.propagated();
            List<String> popped = redis.texts("SPOP", "s", Integer.toString(count));
            assertEquals(count, new HashSet<>(popped).size());
            assertEquals(10 - count, redis.integer("SCARD", "s"));
            for (String m : popped) {
                assertEquals(0, redis.integer("SISMEMBER", "s", m));
            }
            List<String> expected = new ArrayList<>();
            for (String m : popped) {
                expected.add("SREM s " + m);
            }
            if (count > 1) {
                expected.add(0, "MULTI");
                expected.add("EXEC");
            }
            assertEquals(expected, redis.propagated());
        }
    }

    @Test
    void spopOfTheWholeSetDeletesItAndPropagatesDel() {
        redis.run("SADD", "s", "3", "1", "2");
        redis.events();
        redis.propagated();
        assertEquals(List.of("1", "2", "3"), redis.texts("SPOP", "s", "5"));
        assertEquals(List.of("spop s", "del s"), redis.events());
        assertEquals(List.of("DEL s"), redis.propagated());
    }

    @Test
    void spopOfMostMembersKeepsTheRestInANewSetOfTheRightEncoding() {
        redis.run("CONFIG", "SET", "set-max-intset-entries", "4");
        for (int i = 0; i < 20; i++) {
            redis.run("SADD", "s", Integer.toString(i));
        }
        assertEquals("hashtable", redis.encoding("s"));
        redis.run("EXPIRE", "s", "100");
        List<String> popped = redis.texts("SPOP", "s", "17");
        assertEquals(17, new HashSet<>(popped).size());
        assertEquals(3, redis.integer("SCARD", "s"));
        assertEquals("intset", redis.encoding("s"));
        assertTrue(redis.integer("TTL", "s") > 0);
        Set<String> all = new HashSet<>(popped);
        all.addAll(redis.texts("SMEMBERS", "s"));
        assertEquals(20, all.size());
    }

    @Test
    void srandmemberWithAPositiveCountReturnsDistinctMembersAndChangesNothing() {
        for (int i = 0; i < 30; i++) {
            redis.run("SADD", "s", "m" + i);
        }
        for (int count : new int[]{1, 2, 9, 10, 11, 29, 30, 31, 1000}) {
            List<String> members = redis.texts("SRANDMEMBER", "s", Integer.toString(count));
            assertEquals(Math.min(count, 30), members.size());
            assertEquals(members.size(), new HashSet<>(members).size());
            for (String m : members) {
                assertTrue(m.startsWith("m"));
            }
        }
        assertEquals(30, redis.integer("SCARD", "s"));
    }

    @Test
    void srandmemberWithANegativeCountRepeatsMembers() {
        redis.run("SADD", "s", "1", "2");
        List<String> members = redis.texts("SRANDMEMBER", "s", "-100");
        assertEquals(100, members.size());
        assertEquals(Set.of("1", "2"), new HashSet<>(members));
        assertEquals("ERR value is out of range, value must between -9223372036854775807 and "
                + "9223372036854775807", redis.error("SRANDMEMBER", "s", "-9223372036854775808"));
    }

    @Test
    void sscanOfAHashtableVisitsEveryMemberOnceOverAFullIteration() {
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            redis.run("SADD", "s", "m" + i);
            expected.add("m" + i);
        }
        List<String> seen = new ArrayList<>();
        String cursor = "0";
        do {
            List<RespValue> reply = ((RespValue.Array) redis.run("SSCAN", "s", cursor, "COUNT", "50")).items();
            cursor = ((RespValue.Bulk) reply.get(0)).text();
            for (RespValue m : ((RespValue.Array) reply.get(1)).items()) {
                seen.add(((RespValue.Bulk) m).text());
            }
        } while (!cursor.equals("0"));
        assertEquals(expected, new HashSet<>(seen));
        assertEquals(1000, seen.size());
    }

    @Test
    void copyMakesAnIndependentSet() {
        redis.run("SADD", "a", "x", "y");
        redis.run("COPY", "a", "b");
        redis.run("SREM", "b", "x");
        assertEquals(2, redis.integer("SCARD", "a"));
        assertEquals(1, redis.integer("SCARD", "b"));
        assertFalse(redis.texts("SMEMBERS", "b").contains("x"));
    }
}
