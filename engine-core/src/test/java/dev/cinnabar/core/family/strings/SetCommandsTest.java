// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.strings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.core.resp.RespValue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SetCommandsTest {
    private static final String SYNTAX = "ERR syntax error";
    private final StringsFixture redis = new StringsFixture();

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void setNxStoresOnlyAMissingKeyAndRepliesNullOtherwise() {
        assertEquals("OK", redis.run("SET", "k", "v", "NX").toString());
        assertInstanceOf(RespValue.Null.class, redis.run("SET", "k", "w", "NX"));
        assertEquals("v", redis.bulk("GET", "k"));
    }

    @Test
    void setXxStoresOnlyAnExistingKey() {
        assertInstanceOf(RespValue.Null.class, redis.run("SET", "k", "v", "XX"));
        assertFalse(redis.exists("k"));
        redis.run("SET", "k", "v");
        assertEquals("OK", redis.run("SET", "k", "w", "XX").toString());
        assertEquals("w", redis.bulk("GET", "k"));
    }

    @Test
    void setGetRepliesTheOldValueEvenWhenNxRefusesTheWrite() {
        assertNull(redis.bulk("SET", "k", "v", "GET"));
        assertEquals("v", redis.bulk("SET", "k", "w", "GET"));
        assertEquals("w", redis.bulk("SET", "k", "x", "NX", "GET"));
        assertEquals("w", redis.bulk("GET", "k"));
    }

    @Test
    void setGetOnAnotherTypeIsWrongTypeAndStoresNothing() {
        redis.putOtherType("o");
        assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value",
                redis.error("SET", "o", "v", "GET"));
        assertEquals("OK", redis.run("SET", "o", "v").toString());
    }

    @Test
    void conflictingSetOptionsAreSyntaxErrors() {
        assertEquals(SYNTAX, redis.error("SET", "k", "v", "NX", "XX"));
        assertEquals(SYNTAX, redis.error("SET", "k", "v", "EX", "10", "PX", "10"));
        assertEquals(SYNTAX, redis.error("SET", "k", "v", "EXAT", "10", "PXAT", "10"));
        assertEquals(SYNTAX, redis.error("SET", "k", "v", "KEEPTTL", "EX", "10"));
        assertEquals(SYNTAX, redis.error("SET", "k", "v", "EX", "10", "KEEPTTL"));
        assertEquals(SYNTAX, redis.error("SET", "k", "v", "PERSIST"));
        assertEquals(SYNTAX, redis.error("SET", "k", "v", "EX"));
        assertEquals(SYNTAX, redis.error("SET", "k", "v", "EX", "abc", "NX", "XX"));
    }

    @Test
    void theSameExpiryOptionTwiceKeepsTheLastOne() {
        long before = redis.now();
        redis.run("SET", "k", "v", "EX", "10", "EX", "20");
        long at = redis.expireAt("k");
        assertTrue(at >= before + 20_000 && at <= redis.now() + 20_000, "expiry " + at);
    }

    @Test
    void setExpiryMustBePositiveAndNotOverflow() {
        String invalid = "ERR invalid expire time in 'set' command";
        assertEquals(invalid, redis.error("SET", "k", "v", "EX", "0"));
        assertEquals(invalid, redis.error("SET", "k", "v", "PX", "-1"));
        assertEquals(invalid, redis.error("SET", "k", "v", "EXAT", "0"));
        assertEquals(invalid, redis.error("SET", "k", "v", "EX", "9223372036854776"));
        assertEquals(invalid, redis.error("SET", "k", "v", "PX", "9223372036854775807"));
        assertEquals("ERR value is not an integer or out of range", redis.error("SET", "k", "v", "EX", "1.5"));
        assertFalse(redis.exists("k"));
        assertEquals("OK", redis.run("SET", "k", "v", "PXAT", "9223372036854775807").toString());
    }

    @Test
    void eachExpiryUnitGivesTheSameAbsoluteTime() {
        redis.run("SET", "a", "v", "EXAT", "99999999999");
        redis.run("SET", "b", "v", "PXAT", "99999999999000");
        assertEquals(99_999_999_999_000L, redis.expireAt("a"));
        assertEquals(99_999_999_999_000L, redis.expireAt("b"));
        long before = redis.now();
        redis.run("SET", "c", "v", "PX", "5000");
        assertTrue(redis.expireAt("c") >= before + 5000);
    }

    @Test
    void keepTtlKeepsAndPlainSetDropsTheExpiry() {
        redis.run("SET", "k", "v", "EXAT", "99999999999");
        redis.run("SET", "k", "w", "KEEPTTL");
        assertEquals(99_999_999_999_000L, redis.expireAt("k"));
        redis.run("SET", "k", "x");
        assertEquals(-1, redis.expireAt("k"));
    }

    @Test
    void setWithExpiryPropagatesAsSetPxatWithoutOtherOptions() {
        redis.run("SET", "k", "v", "EXAT", "99999999999", "NX", "GET");
        redis.run("set", "k", "w", "pxat", "99999999999123");
        assertEquals(List.of("SET k v PXAT 99999999999000", "SET k w PXAT 99999999999123"), redis.propagated());
    }

    @Test
    void setGetPropagatesWithoutItsGetOptions() {
        redis.run("SET", "k", "v", "get", "XX", "GET");
        redis.run("SET", "k", "v", "GET", "KEEPTTL");
        assertEquals(List.of("SET k v KEEPTTL"), redis.propagated());
    }

    @Test
    void refusedSetPropagatesNothing() {
        redis.run("SET", "k", "v");
        redis.propagated();
        redis.run("SET", "k", "w", "NX", "GET");
        redis.run("SET", "k", "w", "NX", "EX", "10");
        redis.run("SETNX", "k", "w");
        assertEquals(List.of(), redis.propagated());
    }

    @Test
    void setWithExpiryFiresSetThenExpire() {
        redis.run("SET", "k", "v", "EX", "100");
        assertEquals(List.of("set k", "expire k"), redis.events());
    }

    @Test
    void setnxRepliesOneOrZero() {
        assertEquals(1, redis.integer("SETNX", "k", "v"));
        assertEquals(0, redis.integer("SETNX", "k", "w"));
        assertEquals("v", redis.bulk("GET", "k"));
    }

    @Test
    void setexAndPsetexStoreWithARelativeExpiryAndNameThemselvesInErrors() {
        long before = redis.now();
        assertEquals("OK", redis.run("SETEX", "a", "100", "v").toString());
        assertEquals("OK", redis.run("PSETEX", "b", "100000", "v").toString());
        assertTrue(redis.expireAt("a") >= before + 100_000);
        assertTrue(redis.expireAt("b") >= before + 100_000);
        assertEquals("ERR invalid expire time in 'setex' command", redis.error("SETEX", "c", "0", "v"));
        assertEquals("ERR invalid expire time in 'psetex' command", redis.error("PSETEX", "c", "-5", "v"));
        assertEquals("ERR value is not an integer or out of range", redis.error("SETEX", "c", "x", "v"));
        List<String> propagated = redis.propagated();
        assertEquals(2, propagated.size());
        assertTrue(propagated.get(0).startsWith("SET a v PXAT "));
    }

    @Test
    void getexWithoutOptionsIsARead() {
        redis.run("SET", "k", "v", "EX", "100");
        redis.propagated();
        redis.events();
        assertEquals("v", redis.bulk("GETEX", "k"));
        assertTrue(redis.expireAt("k") > 0);
        assertEquals(List.of(), redis.propagated());
        assertEquals(List.of(), redis.events());
    }

    @Test
    void getexSetsAnExpiryAndPropagatesPexpireat() {
        redis.run("SET", "k", "v");
        redis.propagated();
        assertEquals("v", redis.bulk("GETEX", "k", "EXAT", "99999999999"));
        assertEquals("v", redis.bulk("GETEX", "k", "PXAT", "99999999999999"));
        assertEquals(99_999_999_999_999L, redis.expireAt("k"));
        assertEquals(List.of("PEXPIREAT k 99999999999000", "PEXPIREAT k 99999999999999"), redis.propagated());
        assertEquals(List.of("set k", "expire k", "expire k"), redis.events());
    }

    @Test
    void getexPersistRemovesTheTtlOnlyOnce() {
        redis.run("SET", "k", "v", "EX", "100");
        redis.propagated();
        redis.events();
        assertEquals("v", redis.bulk("GETEX", "k", "PERSIST"));
        assertEquals("v", redis.bulk("GETEX", "k", "PERSIST"));
        assertEquals(-1, redis.expireAt("k"));
        assertEquals(List.of("PERSIST k"), redis.propagated());
        assertEquals(List.of("persist k"), redis.events());
    }

    @Test
    void getexWithAPastAbsoluteTimeDeletesTheKey() {
        redis.run("SET", "k", "v");
        redis.propagated();
        redis.events();
        assertEquals("v", redis.bulk("GETEX", "k", "EXAT", "1"));
        assertFalse(redis.exists("k"));
        assertEquals(List.of("DEL k"), redis.propagated());
        assertEquals(List.of("del k"), redis.events());
    }

    @Test
    void getexOnAnotherTypeIsWrongTypeBeforeTheExpiryIsChecked() {
        redis.putOtherType("o");
        assertEquals(SYNTAX, redis.error("GETEX", "o", "foo"));
        assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value",
                redis.error("GETEX", "o", "EX", "0"));
    }

    @Test
    void getexChecksOptionsFirstThenTheKeyThenTheExpiry() {
        assertEquals(SYNTAX, redis.error("GETEX", "missing", "foo"));
        assertNull(redis.bulk("GETEX", "missing", "EX", "0"));
        redis.run("SET", "k", "v");
        assertEquals("ERR invalid expire time in 'getex' command", redis.error("GETEX", "k", "EX", "0"));
        assertEquals(SYNTAX, redis.error("GETEX", "k", "EX", "10", "PERSIST"));
        assertEquals(SYNTAX, redis.error("GETEX", "k", "KEEPTTL"));
        assertEquals(-1, redis.expireAt("k"));
    }
}
