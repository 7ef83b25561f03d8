// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.strings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CountersTest {
    private static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    private static final String OVERFLOW = "ERR increment or decrement would overflow";
    private final StringsFixture redis = new StringsFixture();

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void countersStartFromZeroOnAMissingKey() {
        assertEquals(1, redis.integer("INCR", "a"));
        assertEquals(-1, redis.integer("DECR", "b"));
        assertEquals(5, redis.integer("INCRBY", "c", "5"));
        assertEquals(-5, redis.integer("DECRBY", "d", "5"));
        assertEquals("1", redis.bulk("GET", "a"));
    }

    @Test
    void countersKeepTheTtl() {
        redis.run("SET", "k", "10", "EXAT", "99999999999");
        redis.run("INCR", "k");
        redis.run("INCRBYFLOAT", "k", "0.5");
        assertEquals(99_999_999_999_000L, redis.expireAt("k"));
    }

    @Test
    void storedValuesMustBeCanonicalIntegers() {
        for (String v : new String[]{" 1", "1 ", "+1", "01", "-0", "1.0", "", "abc", "9223372036854775808"}) {
            redis.run("SET", "k", v);
            assertEquals(NOT_INTEGER, redis.error("INCR", "k"), v);
        }
    }

    @Test
    void incrementsMustBeCanonicalIntegers() {
        for (String v : new String[]{"abc", "1.5", "", "+1", "01", "-0", "99999999999999999999"}) {
            assertEquals(NOT_INTEGER, redis.error("INCRBY", "k", v), v);
        }
    }

    @Test
    void overflowIsRefusedAndLeavesTheValue() {
        redis.run("SET", "k", "9223372036854775807");
        assertEquals(OVERFLOW, redis.error("INCR", "k"));
        assertEquals(9223372036854775807L, redis.integer("INCRBY", "k", "0"));
        redis.run("SET", "k", "-9223372036854775808");
        assertEquals(OVERFLOW, redis.error("DECR", "k"));
        assertEquals(OVERFLOW, redis.error("INCRBY", "k", "-1"));
        assertEquals(-1, redis.integer("INCRBY", "k", "9223372036854775807"));
    }

    @Test
    void decrbyOfTheSmallestLongIsItsOwnError() {
        assertEquals("ERR decrement would overflow", redis.error("DECRBY", "k", "-9223372036854775808"));
        assertEquals(-9223372036854775807L, redis.integer("DECRBY", "k", "9223372036854775807"));
        assertEquals(Long.MIN_VALUE, redis.integer("DECRBY", "k", "1"));
    }

    @Test
    void incrbyParsesTheIncrementBeforeTheTypeCheck() {
        redis.putOtherType("o");
        assertEquals(NOT_INTEGER, redis.error("INCRBY", "o", "x"));
        assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value",
                redis.error("INCRBY", "o", "1"));
        assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value",
                redis.error("INCRBYFLOAT", "o", "x"));
        assertEquals("ERR decrement would overflow", redis.error("DECRBY", "o", "-9223372036854775808"));
    }

    @Test
    void integerCountersFireIncrbyAndPropagateAsTyped() {
        redis.run("INCR", "k");
        redis.run("DECRBY", "k", "3");
        assertEquals(List.of("incrby k", "incrby k"), redis.events());
        assertEquals(List.of("INCR k", "DECRBY k 3"), redis.propagated());
    }

    @Test
    void incrbyfloatComputesInLongDoublePrecision() {
        assertEquals("10.5", redis.bulk("INCRBYFLOAT", "k", "10.5"));
        assertEquals("10.6", redis.bulk("INCRBYFLOAT", "k", "0.1"));
        assertEquals("-4989.39999999999999991", redis.bulk("INCRBYFLOAT", "k", "-5e3"));
        assertEquals("1000000000000000000024696061952", redis.bulk("INCRBYFLOAT", "big", "1e30"));
        assertEquals("3", redis.bulk("INCRBYFLOAT", "h", "0x1.8p1"));
    }

    @Test
    void incrbyfloatPastTheDoubleRangeStillWorks() {
        redis.run("INCRBYFLOAT", "k", "1e308");
        String sum = redis.bulk("INCRBYFLOAT", "k", "1e308");
        assertTrue(sum.startsWith("199999999999999999993371759311691291321120199694831134415594095989843469737676"), sum);
        assertEquals(309, sum.length());
    }

    @Test
    void incrbyfloatRefusesNanAndInfinity() {
        String nanOrInf = "ERR increment would produce NaN or Infinity";
        redis.run("SET", "k", "1");
        assertEquals(nanOrInf, redis.error("INCRBYFLOAT", "k", "inf"));
        assertEquals("ERR value is not a valid float", redis.error("INCRBYFLOAT", "k", "nan"));
        redis.run("SET", "k", "-inf");
        assertEquals(nanOrInf, redis.error("INCRBYFLOAT", "k", "+inf"));
        assertEquals("-inf", redis.bulk("GET", "k"));
    }

    @Test
    void incrbyfloatRefusesWhatStrtoldWouldNotFullyParse() {
        for (String v : new String[]{"", " 1", "1 ", "abc", "1e", "0x", "1e5000", "1e-5000", "1,5"}) {
            assertEquals("ERR value is not a valid float", redis.error("INCRBYFLOAT", "k", v), v);
        }
    }

    @Test
    void incrbyfloatPropagatesTheResultAsSetKeepttl() {
        redis.run("SET", "k", "1.5");
        redis.propagated();
        redis.events();
        redis.run("INCRBYFLOAT", "k", "1.5");
        assertEquals(List.of("SET k 3 KEEPTTL"), redis.propagated());
        assertEquals(List.of("incrbyfloat k"), redis.events());
    }
}
