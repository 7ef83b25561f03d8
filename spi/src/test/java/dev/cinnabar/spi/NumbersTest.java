// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NumbersTest {
    private static long parse(String s) {
        return Numbers.parseLong(s.getBytes(StandardCharsets.US_ASCII), Errors.NOT_INTEGER);
    }

    private static double parseD(String s) {
        return Numbers.parseDouble(s.getBytes(StandardCharsets.US_ASCII), Errors.NOT_FLOAT);
    }

    @Test
    void parseLongAcceptsOnlyCanonicalIntegers() {
        assertEquals(0, parse("0"));
        assertEquals(-1, parse("-1"));
        assertEquals(Long.MAX_VALUE, parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, parse("-9223372036854775808"));
        for (String bad : new String[]{"", "-", "+1", "01", "-0", " 1", "1 ", "9223372036854775808", "1.0", "0x10"}) {
            assertThrows(RedisError.class, () -> parse(bad), bad);
        }
    }

    @Test
    void parseDoubleFollowsStrtodWithoutSpacesOrNan() {
        assertEquals(1.5, parseD("1.5"));
        assertEquals(1e10, parseD("1e10"));
        assertEquals(-0.5, parseD("-.5"));
        assertEquals(Double.POSITIVE_INFINITY, parseD("+inf"));
        assertEquals(Double.NEGATIVE_INFINITY, parseD("-Infinity"));
        for (String bad : new String[]{"", "nan", " 1", "1 ", "1.5d", "abc", "1e", ".", "0x", "infin"}) {
            assertThrows(RedisError.class, () -> parseD(bad), bad);
        }
    }

    @Test
    void parseDoubleReadsHexadecimalLikeStrtod() {
        assertEquals(16, parseD("0x10"));
        assertEquals(8, parseD("0x1p3"));
        assertEquals(1.5, parseD("0X1.8"));
        assertEquals(-0.5, parseD("-0x.8"));
    }

    @Test
    void parseDoubleRefusesWhatStrtodReportsOutOfRange() {
        for (String bad : new String[]{"1e400", "-1e400", "1e-400", "2e-324", "0x1p99999999999999999999"}) {
            assertThrows(RedisError.class, () -> parseD(bad), bad);
        }
        assertEquals(4.9e-324, parseD("4.9e-324"));
        assertEquals(0.0, parseD("0e-400"));
        assertEquals(1e308, parseD("1e308"));
    }

    @Test
    void strtodSkipsLeadingSpaceAndClampsOutOfRangeValues() {
        RedisError e = Errors.NOT_FLOAT;
        assertEquals(1, Numbers.strtod(" 1".getBytes(StandardCharsets.US_ASCII), 0, e));
        assertEquals(0, Numbers.strtod(new byte[0], 0, e));
        assertEquals(0, Numbers.strtod("(".getBytes(StandardCharsets.US_ASCII), 1, e));
        assertEquals(2.5, Numbers.strtod("(2.5".getBytes(StandardCharsets.US_ASCII), 1, e));
        assertEquals(Double.POSITIVE_INFINITY, Numbers.strtod("1e400".getBytes(StandardCharsets.US_ASCII), 0, e));
        assertEquals(0, Numbers.strtod("1e-400".getBytes(StandardCharsets.US_ASCII), 0, e));
        assertEquals(3, Numbers.strtod(new byte[]{'3', 0, 'x'}, 0, e));
        for (String bad : new String[]{"1 ", "   ", "nan", "(1", "a"}) {
            assertThrows(RedisError.class, () -> Numbers.strtod(bad.getBytes(StandardCharsets.US_ASCII), 0, e), bad);
        }
    }

    @Test
    void formatG17MatchesCPrintf() {
        assertEquals("1.5", Numbers.formatG17(1.5));
        assertEquals("0.10000000000000001", Numbers.formatG17(0.1));
        assertEquals("1e+20", Numbers.formatG17(1e20));
        assertEquals("1.0000000000000001e-05", Numbers.formatG17(0.00001));
        assertEquals("100", Numbers.formatG17(100));
        assertEquals("inf", Numbers.formatG17(Double.POSITIVE_INFINITY));
        assertEquals("-inf", Numbers.formatG17(Double.NEGATIVE_INFINITY));
        assertEquals("12345678901234568", Numbers.formatG17(12345678901234567.0));
        assertEquals("1.2345678901234568e+17", Numbers.formatG17(123456789012345678.0));
    }

}
