// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.strings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.core.resp.RespValue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StringCommandsTest {
    private static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    private final StringsFixture redis = new StringsFixture();

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void getReturnsWhatSetStoredAndNullForMissingKey() {
        assertNull(redis.bulk("GET", "k"));
        redis.run("SET", "k", "v");
        assertEquals("v", redis.bulk("GET", "k"));
    }

    @Test
    void getIsBinarySafe() {
        byte[] value = {0, 1, (byte) 0xff, '\r', '\n'};
        redis.run("SET".getBytes(), "k".getBytes(), value);
        RespValue r = redis.run("GET", "k");
        assertTrue(Arrays.equals(value, ((RespValue.Bulk) r).value()));
    }

    @Test
    void readCommandsOnAnotherTypeAreWrongType() {
        redis.putOtherType("o");
        assertEquals(WRONGTYPE, redis.error("GET", "o"));
        assertEquals(WRONGTYPE, redis.error("GETSET", "o", "v"));
        assertEquals(WRONGTYPE, redis.error("GETDEL", "o"));
        assertEquals(WRONGTYPE, redis.error("STRLEN", "o"));
        assertEquals(WRONGTYPE, redis.error("GETRANGE", "o", "0", "1"));
        assertEquals(WRONGTYPE, redis.error("APPEND", "o", "x"));
        assertEquals(WRONGTYPE, redis.error("SETRANGE", "o", "0", "x"));
        assertEquals(WRONGTYPE, redis.error("SETRANGE", "o", "0", ""));
        assertTrue(redis.exists("o"));
    }

    @Test
    void argumentErrorsComeBeforeTheTypeCheck() {
        redis.putOtherType("o");
        assertEquals("ERR value is not an integer or out of range", redis.error("GETRANGE", "o", "a", "1"));
        assertEquals("ERR offset is out of range", redis.error("SETRANGE", "o", "-1", "x"));
    }

    @Test
    void mgetRepliesNullForMissingKeysAndOtherTypes() {
        redis.run("MSET", "a", "1", "b", "2");
        redis.putOtherType("o");
        RespValue r = redis.run("MGET", "a", "missing", "o", "b");
        assertEquals("[\"1\", (nil), (nil), \"2\"]", r.toString());
    }

    @Test
    void msetWithAnOddArgumentCountIsArityError() {
        assertEquals("ERR wrong number of arguments for 'mset' command", redis.error("MSET", "a", "1", "b"));
        assertEquals("ERR wrong number of arguments for 'msetnx' command", redis.error("MSETNX", "a", "1", "b"));
    }

    @Test
    void msetnxSetsNothingWhenAnyKeyExists() {
        redis.run("SET", "b", "old");
        assertEquals(0, redis.integer("MSETNX", "a", "1", "b", "2"));
        assertNull(redis.bulk("GET", "a"));
        assertEquals(1, redis.integer("MSETNX", "a", "1", "c", "3"));
        assertEquals("3", redis.bulk("GET", "c"));
    }

    @Test
    void msetDropsTheTtlOfEachKey() {
        redis.run("SET", "a", "1", "EX", "100");
        redis.run("MSET", "a", "2");
        assertEquals(-1, redis.expireAt("a"));
    }

    @Test
    void getsetReturnsTheOldValueDropsTheTtlAndPropagatesAsSet() {
        redis.run("SET", "k", "old", "EX", "100");
        redis.propagated();
        assertEquals("old", redis.bulk("GETSET", "k", "new"));
        assertEquals("new", redis.bulk("GET", "k"));
        assertEquals(-1, redis.expireAt("k"));
        assertEquals(List.of("SET k new"), redis.propagated());
    }

    @Test
    void getdelDeletesAndPropagatesAsDel() {
        redis.run("SET", "k", "v");
        redis.events();
        redis.propagated();
        assertEquals("v", redis.bulk("GETDEL", "k"));
        assertFalse(redis.exists("k"));
        assertEquals(List.of("DEL k"), redis.propagated());
        assertEquals(List.of("del k"), redis.events());
        assertNull(redis.bulk("GETDEL", "k"));
        assertEquals(List.of(), redis.propagated());
        assertEquals(List.of("keymiss k"), redis.events());
    }

    @Test
    void appendCreatesGrowsAndKeepsTheTtl() {
        assertEquals(5, redis.integer("APPEND", "k", "hello"));
        redis.run("PSETEX", "k", "100000", "hello");
        assertEquals(11, redis.integer("APPEND", "k", " world"));
        assertEquals("hello world", redis.bulk("GET", "k"));
        assertTrue(redis.expireAt("k") > 0);
    }

    @Test
    void appendOfNothingToAMissingKeyCreatesAnEmptyString() {
        assertEquals(0, redis.integer("APPEND", "k", ""));
        assertTrue(redis.exists("k"));
        assertEquals(List.of("append k"), redis.events());
    }

    @Test
    void appendPastProtoMaxBulkLenIsRefused() {
        try (StringsFixture small = new StringsFixture(Map.of("proto-max-bulk-len", "1mb"))) {
            small.run("SETRANGE", "k", String.valueOf(1024 * 1024 - 2), "ab");
            assertEquals(1024 * 1024, small.integer("STRLEN", "k"));
            assertEquals("ERR string exceeds maximum allowed size (proto-max-bulk-len)",
                    small.error("APPEND", "k", "x"));
            assertEquals(1024 * 1024, small.integer("APPEND", "k", ""));
        }
    }

    @Test
    void strlenCountsBytesAndIsZeroForMissingKey() {
        redis.run("SET", "k", "héllo");
        assertEquals(6, redis.integer("STRLEN", "k"));
        assertEquals(0, redis.integer("STRLEN", "missing"));
    }

    @Test
    void getrangeClampsAndCountsNegativeIndexesFromTheEnd() {
        redis.run("SET", "k", "Hello World");
        assertEquals("Hello", redis.bulk("GETRANGE", "k", "0", "4"));
        assertEquals("World", redis.bulk("GETRANGE", "k", "-5", "-1"));
        assertEquals("Hello World", redis.bulk("GETRANGE", "k", "-100", "100"));
        assertEquals("H", redis.bulk("GETRANGE", "k", "0", "-100"));
        assertEquals("", redis.bulk("GETRANGE", "k", "-1", "-5"));
        assertEquals("", redis.bulk("GETRANGE", "k", "5", "2"));
        assertEquals("", redis.bulk("GETRANGE", "k", "100", "200"));
        assertEquals("Hello World", redis.bulk("GETRANGE", "k", "-9223372036854775808", "9223372036854775807"));
        assertEquals("Hello", redis.bulk("SUBSTR", "k", "0", "4"));
    }

    @Test
    void getrangeOfMissingKeyIsEmptyStringNotNull() {
        assertEquals("", redis.bulk("GETRANGE", "missing", "0", "-1"));
    }

    @Test
    void setrangePadsWithZeroBytesAndKeepsTheTtl() {
        redis.run("SET", "k", "ab", "PX", "100000");
        assertEquals(6, redis.integer("SETRANGE", "k", "4", "cd"));
        byte[] value = ((RespValue.Bulk) redis.run("GET", "k")).value();
        assertTrue(Arrays.equals(new byte[]{'a', 'b', 0, 0, 'c', 'd'}, value));
        assertTrue(redis.expireAt("k") > 0);
    }

    @Test
    void setrangeWithEmptyValueChangesNothing() {
        redis.run("SET", "k", "abc");
        redis.events();
        assertEquals(3, redis.integer("SETRANGE", "k", "100", ""));
        assertEquals(0, redis.integer("SETRANGE", "missing", "100", ""));
        assertFalse(redis.exists("missing"));
        assertEquals(List.of(), redis.events());
    }

    @Test
    void setrangeRefusesNegativeOffsetsAndStringsPastProtoMaxBulkLen() {
        assertEquals("ERR offset is out of range", redis.error("SETRANGE", "k", "-1", "x"));
        assertEquals("ERR string exceeds maximum allowed size (proto-max-bulk-len)",
                redis.error("SETRANGE", "k", "536870912", "x"));
        assertEquals("ERR string exceeds maximum allowed size (proto-max-bulk-len)",
                redis.error("SETRANGE", "k", "9223372036854775807", "x"));
        assertFalse(redis.exists("k"));
    }

    @Test
    void setrangeUpToProtoMaxBulkLenIsAllowed() {
        try (StringsFixture small = new StringsFixture(Map.of("proto-max-bulk-len", "1mb"))) {
            assertEquals(1024 * 1024, small.integer("SETRANGE", "k", String.valueOf(1024 * 1024 - 1), "x"));
            assertEquals("ERR string exceeds maximum allowed size (proto-max-bulk-len)",
                    small.error("SETRANGE", "k", String.valueOf(1024 * 1024), "x"));
        }
    }

    @Test
    void readCommandsFireKeymissOnlyForMissingKeys() {
        redis.run("SET", "k", "v");
        redis.events();
        redis.run("GET", "k");
        redis.run("GET", "missing");
        redis.run("MGET", "k", "m1", "m2");
        redis.run("STRLEN", "m3");
        redis.run("GETRANGE", "m4", "0", "1");
        redis.run("INCR", "m5");
        redis.run("APPEND", "m6", "x");
        redis.run("SETRANGE", "m7", "0", "x");
        assertEquals(List.of("keymiss missing", "keymiss m1", "keymiss m2", "keymiss m3", "keymiss m4",
                "incrby m5", "append m6", "setrange m7"), redis.events());
    }

    @Test
    void writesFireRedisEventNames() {
        redis.run("SET", "a", "1");
        redis.run("MSET", "b", "1", "c", "2");
        redis.run("GETSET", "a", "2");
        redis.run("APPEND", "a", "x");
        redis.run("SETRANGE", "a", "0", "y");
        assertEquals(List.of("set a", "set b", "set c", "set a", "append a", "setrange a"), redis.events());
    }

    @Test
    void commandsThatRedisDoesNotRewritePropagateAsTyped() {
        redis.run("SET", "a", "1");
        redis.run("APPEND", "a", "2");
        redis.run("SETRANGE", "a", "0", "3");
        redis.run("MSET", "b", "1");
        redis.run("GET", "a");
        assertEquals(List.of("SET a 1", "APPEND a 2", "SETRANGE a 0 3", "MSET b 1"), redis.propagated());
    }
}
