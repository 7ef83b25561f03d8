// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.strings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.cinnabar.core.resp.RespValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LcsCommandTest {
    private final StringsFixture redis = new StringsFixture();

    @BeforeEach
    void strings() {
        redis.run("MSET", "a", "ohmytext", "b", "mynewtext");
    }

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void lcsRepliesTheCommonSubsequenceOrItsLength() {
        assertEquals("mytext", redis.bulk("LCS", "a", "b"));
        assertEquals(6, redis.integer("LCS", "a", "b", "LEN"));
        assertEquals("", redis.bulk("LCS", "a", "missing"));
    }

    @Test
    void idxListsMatchesFromTheEndAsAFlatArrayInResp2() {
        assertEquals("[\"matches\", [[[4, 7], [5, 8]], [[2, 3], [0, 1]]], \"len\", 6]",
                redis.run("LCS", "a", "b", "IDX").toString().replace("(integer) ", ""));
        assertEquals("[\"matches\", [[[4, 7], [5, 8], 4]], \"len\", 6]",
                redis.run("LCS", "a", "b", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN").toString()
                        .replace("(integer) ", ""));
    }

    @Test
    void idxIsAMapInResp3() {
        RespValue r = redis.resp3("LCS", "a", "b", "IDX");
        RespValue.Map map = assertInstanceOf(RespValue.Map.class, r);
        assertEquals(4, map.entries().size());
        assertEquals("\"matches\"", map.entries().get(0).toString());
        assertEquals("\"len\"", map.entries().get(2).toString());
        assertEquals(new RespValue.Integer(6), map.entries().get(3));
    }

    @Test
    void lenWithIdxIsRefused() {
        assertEquals("ERR If you want both the length and indexes, please just use IDX.",
                redis.error("LCS", "a", "b", "LEN", "IDX"));
    }

    @Test
    void badOptionsAreSyntaxOrIntegerErrors() {
        assertEquals("ERR syntax error", redis.error("LCS", "a", "b", "MINMATCHLEN"));
        assertEquals("ERR syntax error", redis.error("LCS", "a", "b", "FOO"));
        assertEquals("ERR value is not an integer or out of range", redis.error("LCS", "a", "b", "MINMATCHLEN", "x"));
    }

    @Test
    void anotherTypeIsRefusedBeforeOptionsAreParsed() {
        redis.putOtherType("o");
        assertEquals("ERR The specified keys must contain string values", redis.error("LCS", "a", "o", "FOO"));
    }

    @Test
    void missingKeysFireKeymissEvenWhenTheOtherIsOfAnotherType() {
        redis.putOtherType("o");
        redis.events();
        redis.error("LCS", "missing", "o");
        assertEquals(List.of("keymiss missing"), redis.events());
    }

    @Test
    void theTableIsBoundedByProtoMaxBulkLen() {
        try (StringsFixture small = new StringsFixture(Map.of("proto-max-bulk-len", "1mb"))) {
            small.run("MSET", "x", "a".repeat(600), "y", "a".repeat(600));
            assertEquals("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len",
                    small.error("LCS", "x", "y"));
            small.run("SET", "y", "a".repeat(400));
            assertEquals(400, small.integer("LCS", "x", "y", "LEN"));
        }
    }
}
