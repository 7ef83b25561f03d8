// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Ranged integers and blocking timeouts as Redis 7.0.15 reads them (checked against redis-server). */
class ArgumentsTest {
    private static final RedisError COUNT = RedisError.err("count should be greater than 0");

    private static Arguments one(String text) {
        byte[] arg = text.getBytes(StandardCharsets.ISO_8859_1);
        return new Arguments() {
            @Override
            public int size() {
                return 1;
            }

            @Override
            public byte[] get(int index) {
                return arg;
            }
        };
    }

    private static long timeout(String text) {
        return one(text).timeoutSeconds(0);
    }

    @Test
    void rangedIntegersGiveTheCallersErrorWhenOutOfRangeOrNotIntegers() {
        assertEquals(1, one("1").longValue(0, 1, Long.MAX_VALUE, COUNT));
        assertEquals(Long.MAX_VALUE, one("9223372036854775807").longValue(0, 1, Long.MAX_VALUE, COUNT));
        for (String t : new String[]{"0", "-1", "abc", "1.5", "9223372036854775808", ""}) {
            assertSame(COUNT, assertThrows(RedisError.class, () -> one(t).longValue(0, 1, Long.MAX_VALUE, COUNT)), t);
        }
        assertSame(COUNT, assertThrows(RedisError.class, () -> one("11").longValue(0, 1, 10, COUNT)));
    }

    private static RedisError timeoutError(String text) {
        return assertThrows(RedisError.class, () -> timeout(text));
    }

    @Test
    void secondsBecomeMillisecondsRoundedUp() {
        assertEquals(0, timeout("0"));
        assertEquals(1500, timeout("1.5"));
        assertEquals(1, timeout("0.0001"));
        assertEquals(1, timeout("0.001"));
        assertEquals(2, timeout("0.0015"));
        assertEquals(1, timeout("1e-400"));
        assertEquals(16000, timeout("0x10"));
        assertEquals(500, timeout(".5"));
        assertEquals(5000, timeout("5."));
        assertEquals(9223372036854775000L, timeout("9223372036854775"));
    }

    @Test
    void smallNegativeTimeoutsRoundUpToForever() {
        assertEquals(0, timeout("-0"));
        assertEquals(0, timeout("-0.0001"));
        assertEquals(0, timeout("-0.001"));
    }

    @Test
    void negativeInfiniteAndOverflowingTimeoutsAreNegative() {
        for (String t : new String[]{"-0.0015", "-1", "inf", "-inf", "1e18", "9223372036854775.808", "1e300"}) {
            assertSame(Errors.TIMEOUT_NEGATIVE, timeoutError(t), t);
        }
    }

    @Test
    void textThatIsNotALongDoubleIsRejected() {
        for (String t : new String[]{"abc", "", " 1", "1 ", "nan", "1e", "1e-5000"}) {
            assertSame(Errors.TIMEOUT_NOT_FLOAT, timeoutError(t), t);
        }
    }
}
