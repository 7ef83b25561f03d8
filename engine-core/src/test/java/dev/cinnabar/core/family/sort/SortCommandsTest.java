// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.sort;

import dev.cinnabar.core.resp.RespValue;
import dev.cinnabar.core.testing.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SortCommandsTest {
    private final EngineFixture e = new EngineFixture(Map.of("notify-keyspace-events", "KEA"));

    @AfterEach
    void close() throws Exception {
        e.close();
    }

    /** The array reply as texts, null for a null bulk. */
    private List<String> texts(String... args) {
        RespValue r = e.run(args);
        if (!(r instanceof RespValue.Array a)) {
            throw new AssertionError(String.join(" ", args) + " replied " + r);
        }
        List<String> out = new ArrayList<>();
        for (RespValue item : a.items()) {
            out.add(item instanceof RespValue.Bulk b ? b.text() : null);
        }
        return out;
    }

    @Test
    void numericSortOrdersByValueAndEqualScoresByBytes() {
        e.run("RPUSH", "l", "10", "2", "1.5", "-3", "2.0", "0x10", "", " 7");
        assertEquals(List.of("-3", "", "1.5", "2", "2.0", " 7", "10", "0x10"), texts("SORT", "l"));
        assertEquals(List.of("0x10", "10", " 7", "2.0", "2", "1.5", "", "-3"), texts("SORT", "l", "DESC"));
    }

    @Test
    void valuesThatAreNotNumbersFailTheNumericSort() {
        for (String bad : List.of("abc", "1e400", "1e-310", "nan", "5 ", "   ", "0x")) {
            e.run("DEL", "l");
            e.run("RPUSH", "l", "1", bad);
            assertEquals("ERR One or more scores can't be converted into double", e.error("SORT", "l"), bad);
        }
    }

    @Test
    void alphaSortComparesBytes() {
        e.run("RPUSH", "l", "b", "B", "a", "\u00e9", "a b");
        assertEquals(List.of("B", "a", "a b", "b", "\u00e9"), texts("SORT", "l", "ALPHA"));
    }

    @Test
    void byPatternWeighsByOtherKeysAndMissingKeysWeighZero() {
        e.run("RPUSH", "l", "1", "2", "3");
        e.run("MSET", "w_1", "30", "w_2", "-5");
        assertEquals(List.of("2", "3", "1"), texts("SORT", "l", "BY", "w_*"));
        e.run("HSET", "h_1", "f", "b");
        e.run("HSET", "h_3", "f", "a");
        assertEquals(List.of("2", "3", "1"), texts("SORT", "l", "BY", "h_*->f", "ALPHA"));
    }

    @Test
    void aConstantByPatternKeepsTheListOrderAndDescReversesIt() {
        e.run("RPUSH", "l", "3", "1", "2");
        assertEquals(List.of("3", "1", "2"), texts("SORT", "l", "BY", "nosort"));
        assertEquals(List.of("2", "1", "3"), texts("SORT", "l", "BY", "nosort", "DESC"));
        assertEquals(List.of("1", "3"), texts("SORT", "l", "BY", "nosort", "DESC", "LIMIT", "1", "5"));
        assertEquals(List.of("3", "1", "2"), texts("SORT", "l", "BY", "nosort", "BY", "w_*"));
    }

    @Test
    void getReturnsTheElementStringsAndHashFieldsWithNullsForMisses() {
        e.run("SADD", "s", "1", "2");
        e.run("SET", "o_1", "one");
        e.run("HSET", "h_2", "name", "two");
        assertEquals(Arrays.asList("1", "one", null, "2", null, "two"),
                texts("SORT", "s", "GET", "#", "GET", "o_*", "GET", "h_*->name"));
        assertEquals(Arrays.asList(null, null), texts("SORT", "s", "GET", "constant"));
    }

    @Test
    void limitClampsNegativeAndHugeValues() {
        e.run("RPUSH", "l", "5", "4", "3", "2", "1");
        assertEquals(List.of("2", "3"), texts("SORT", "l", "LIMIT", "1", "2"));
        assertEquals(List.of("1", "2", "3", "4", "5"), texts("SORT", "l", "LIMIT", "-10", "-1"));
        assertEquals(List.of(), texts("SORT", "l", "LIMIT", "5", "1"));
        assertEquals(List.of(), texts("SORT", "l", "LIMIT", "0", "0"));
        assertEquals(List.of("5"), texts("SORT", "l", "LIMIT", "9223372036854775807", "1", "DESC", "LIMIT", "0", "1"));
        assertEquals("ERR value is not an integer or out of range", e.error("SORT", "l", "LIMIT", "x", "1"));
        assertEquals("ERR syntax error", e.error("SORT", "l", "LIMIT", "1"));
    }

    @Test
    void storeWritesAListAndAnEmptyResultDeletesTheDestination() {
        e.run("RPUSH", "l", "2", "1");
        e.events();
        assertEquals(4, e.integer("SORT", "l", "GET", "#", "GET", "missing_*", "STORE", "dst"));
        assertEquals(List.of("1", "", "2", ""), texts("LRANGE", "dst", "0", "-1"));
        assertEquals(List.of("sortstore dst"), e.events());
        assertEquals(0, e.integer("SORT", "nothing", "STORE", "dst"));
        assertEquals(0, e.integer("EXISTS", "dst"));
        assertEquals(List.of("del dst"), e.events());
        assertEquals(0, e.integer("SORT", "nothing", "STORE", "dst"));
        assertEquals(List.of(), e.events());
    }

    @Test
    void onlyAStoreIsPropagated() {
        e.run("RPUSH", "l", "2", "1");
        e.propagated();
        e.run("SORT", "l");
        e.run("SORT", "missing", "STORE", "dst");
        assertEquals(List.of(), e.propagated());
        e.run("SORT", "l", "STORE", "dst");
        assertEquals(List.of("SORT l STORE dst"), e.propagated());
    }

    @Test
    void aSetStoredWithoutSortingIsSortedAlphabetically() {
        e.run("SADD", "s", "b", "c", "a");
        assertEquals(3, e.integer("SORT", "s", "BY", "nosort", "STORE", "dst"));
        assertEquals(List.of("a", "b", "c"), texts("LRANGE", "dst", "0", "-1"));
    }

    @Test
    void sortRoRefusesStoreAndOtherTypesAreWrongType() {
        e.run("RPUSH", "l", "1");
        assertEquals("ERR syntax error", e.error("SORT_RO", "l", "STORE", "d"));
        e.run("SET", "str", "x");
        assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value", e.error("SORT", "str"));
        assertEquals("ERR syntax error", e.error("SORT", "str", "bogus"));
        e.run("HSET", "h", "f", "v");
        assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value", e.error("SORT_RO", "h"));
    }

    @Test
    void aSortedSetWithoutSortingKeepsItsOrderAndBecomesASkiplist() {
        e.run("ZADD", "z", "3", "a", "1", "b", "2", "c", "4", "d");
        assertEquals("listpack", ((RespValue.Bulk) e.run("OBJECT", "ENCODING", "z")).text());
        assertEquals(List.of("b", "c", "a", "d"), texts("SORT", "z", "BY", "nosort"));
        assertEquals("skiplist", ((RespValue.Bulk) e.run("OBJECT", "ENCODING", "z")).text());
        assertEquals(List.of("a", "c"), texts("SORT", "z", "BY", "nosort", "DESC", "LIMIT", "1", "2"));
        assertEquals(List.of("c", "a"), texts("SORT", "z", "BY", "nosort", "LIMIT", "1", "2"));
        assertEquals(List.of("d", "c", "b", "a"), texts("SORT_RO", "z", "ALPHA", "DESC"));
    }

    @Test
    void scoresFollowStrtod() {
        assertEquals(16.0, SortScores.parse(EngineFixture.bytes("0x10")));
        assertEquals(8.0, SortScores.parse(EngineFixture.bytes("0x1p3")));
        assertEquals(-5.0, SortScores.parse(EngineFixture.bytes(" -.5e1")));
        assertEquals(1.0, SortScores.parse(new byte[]{'1', 0, 'x'}));
        assertEquals(0.0, SortScores.parse(new byte[0]));
        assertEquals(Double.NEGATIVE_INFINITY, SortScores.parse(EngineFixture.bytes("-Infinity")));
        assertEquals(Double.NaN, SortScores.parse(EngineFixture.bytes("1e")));
    }
}
