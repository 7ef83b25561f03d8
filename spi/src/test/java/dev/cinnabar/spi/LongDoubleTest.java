// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Expected strings are what Redis 7.0.15 on x86-64 stores for INCRBYFLOAT. */
class LongDoubleTest {
    private static final RedisError BAD = RedisError.err("bad");

    private static LongDouble parse(String s) {
        return LongDouble.parse(s.getBytes(StandardCharsets.ISO_8859_1), BAD);
    }

    private static String sum(String a, String b) {
        return parse(a).plus(parse(b)).toHumanString();
    }

    @Test
    void decimalFractionsRoundTripThroughSeventeenDigits() {
        assertEquals("10.6", sum("10.5", "0.1"));
        assertEquals("1.3", sum("1.1", "0.2"));
        assertEquals("1.23456789012345678", parse("1.23456789012345678").toHumanString());
    }

    @Test
    void sumsAreRoundedToA64BitSignificand() {
        assertEquals("-4989.39999999999999991", sum("10.6", "-5e3"));
        assertEquals("12345678901234567891", sum("12345678901234567890", "1.23456789012345678"));
        assertEquals("9223372036854775808", sum("9223372036854775807", "1"));
    }

    @Test
    void exactDecimalTiesRoundToEven() {
        assertEquals("0.00000381469726562", parse("0.000003814697265625").toHumanString());
    }

    @Test
    void negativeValuesThatPrintAsZeroLoseTheirSign() {
        assertEquals("0", parse("-1e-18").toHumanString());
        assertEquals("0", sum("5", "-5"));
    }

    @Test
    void theExponentRangeIsTheX87One() {
        assertEquals(4000, parse("1e4000").toHumanString().length());
        assertThrows(RedisError.class, () -> parse("1e4933"));
        assertThrows(RedisError.class, () -> parse("1e-5000"));
        assertEquals("0", parse("0e-5000").toHumanString());
        assertFalse(parse("1e4932").plus(parse("1e4932")).isFinite());
    }

    @Test
    void hexadecimalInputIsAccepted() {
        assertEquals("16", parse("0x10").toHumanString());
        assertEquals("-2.625", parse("-0xA.8p-2").toHumanString());
        assertEquals("0.5", parse("0x.8").toHumanString());
    }

    @Test
    void infinitiesParseButNanDoesNot() {
        assertEquals("inf", parse("INF").toHumanString());
        assertEquals("-inf", parse("-infinity").toHumanString());
        assertFalse(parse("inf").plus(parse("-inf")).isFinite());
        assertSame(BAD, assertThrows(RedisError.class, () -> parse("nan")));
    }

    @Test
    void onlyAWholeStrtoldNumberIsAccepted() {
        for (String s : new String[]{"", " 1", "1 ", "1e", "1e+", ".", "-", "0x", "0x1p", "1..2", "infinit"}) {
            assertThrows(RedisError.class, () -> parse(s), s);
        }
        assertThrows(RedisError.class, () -> parse("0".repeat(5119) + "1"));
        assertEquals("1", parse("0".repeat(5118) + "1").toHumanString());
    }
}
