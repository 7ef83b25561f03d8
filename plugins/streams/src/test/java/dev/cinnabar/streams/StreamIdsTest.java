// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import dev.cinnabar.spi.RedisError;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Expected values are what redis-server 7.0.15 answered to XADD/XRANGE with these ids. */
class StreamIdsTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void invalid(String id) {
        RedisError e = assertThrows(RedisError.class, () -> StreamIds.parseForAdd(b(id)));
        assertSame(StreamIds.INVALID_ID, e);
    }

    @Test
    void acceptsWhatStrtoullAccepts() {
        assertEquals(new StreamId(5, 0), StreamIds.parseForAdd(b(" 5")).id());
        assertEquals(new StreamId(6, 0), StreamIds.parseForAdd(b("+6")).id());
        assertEquals(new StreamId(7, 1), StreamIds.parseForAdd(b("7-+1")).id());
        assertEquals(new StreamId(7, 1), StreamIds.parseForAdd(b("007-01")).id());
        assertEquals(new StreamId(9, -1L), StreamIds.parseForAdd(b("9-18446744073709551615")).id());
        assertEquals(new StreamId(1, -5L), StreamIds.parseForAdd(b("1--05")).id());
    }

    @Test
    void rejectsWhatRedisRejects() {
        invalid("8--1");
        invalid("10-18446744073709551616");
        invalid("-");
        invalid("+");
        invalid("");
        invalid("1-");
        invalid("1-2-3");
        invalid("a");
        invalid("1".repeat(128));
    }

    @Test
    void autoSequence() {
        StreamIds.AddId id = StreamIds.parseForAdd(b("12-*"));
        assertEquals(new StreamId(12, 0), id.id());
        assertFalse(id.seqGiven());
        assertThrows(RedisError.class, () -> StreamIds.parseStrict(b("12-*"), 0));
    }

    @Test
    void textEndsAtNul() {
        assertEquals(new StreamId(3, 0), StreamIds.parseStrict(b("3\0junk"), 0));
    }

    @Test
    void intervals() {
        assertEquals(StreamId.MIN, StreamIds.parseIntervalStart(b("-")));
        assertEquals(new StreamId(5, -1L), StreamIds.parseIntervalEnd(b("5")));
        assertEquals(new StreamId(5, 1), StreamIds.parseIntervalStart(b("(5")));
        assertEquals(new StreamId(5, -2L), StreamIds.parseIntervalEnd(b("(5")));
        assertThrows(RedisError.class, () -> StreamIds.parseIntervalStart(b("(-")));
        assertThrows(RedisError.class, () -> StreamIds.parseIntervalStart(b("(")));
        assertSame(StreamIds.INVALID_START,
                assertThrows(RedisError.class, () -> StreamIds.parseIntervalStart(b("(18446744073709551615-18446744073709551615"))));
        assertSame(StreamIds.INVALID_END, assertThrows(RedisError.class, () -> StreamIds.parseIntervalEnd(b("(0-0"))));
    }
}
