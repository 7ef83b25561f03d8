// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua.lib;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * The C number conversions the Redis Lua libraries rely on, reproduced in Java: printf's {@code %.Ng}, glibc's
 * {@code strtod}, and the x86-64 results of casting out-of-range doubles to integers (the libraries' outputs for
 * such inputs depend on them, so Redis's replies do too).
 */
final class CNumbers {
    private static final long[] POWERS_OF_TEN = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
    };

    private CNumbers() {}

    /** {@code printf("%.<precision>g", value)} as glibc prints it (precision 1..17). */
    static String formatG(double value, int precision) {
        if (Double.isNaN(value)) {
            return (Double.doubleToRawLongBits(value) < 0) ? "-nan" : "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return (1 / value < 0) ? "-0" : "0";
        }
        // Integers with no more digits than the precision print as themselves; most numbers scripts encode are these.
        if (precision < POWERS_OF_TEN.length && value == Math.rint(value) && Math.abs(value) < POWERS_OF_TEN[precision]) {
            return Long.toString((long) value);
        }
        if (precision <= 15 && Math.abs(value) >= Double.MIN_NORMAL) {
            String shortest = fromShortest(value, precision);
            if (shortest != null) {
                return shortest;
            }
        }
        return formatGExact(value, precision);
    }

    /** %.Ng of a finite, non-zero value by exact decimal rounding. */
    static String formatGExact(double value, int precision) {
        // new BigDecimal(double) is exact, and glibc rounds the exact binary value half-to-even: the same digits.
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent >= -4 && exponent < precision) {
            String fixed = rounded.setScale(Math.max(0, precision - 1 - exponent), RoundingMode.HALF_EVEN).toPlainString();
            return stripFractionZeros(fixed);
        }
        String digits = rounded.unscaledValue().abs().toString();
        StringBuilder out = new StringBuilder(24);
        if (rounded.signum() < 0) {
            out.append('-');
        }
        out.append(digits.charAt(0));
        String fraction = stripTrailingZeros(digits.substring(1));
        if (!fraction.isEmpty()) {
            out.append('.').append(fraction);
        }
        out.append('e').append(exponent < 0 ? '-' : '+');
        int magnitude = Math.abs(exponent);
        if (magnitude < 10) {
            out.append('0');
        }
        return out.append(magnitude).toString();
    }

    /**
     * %.Ng from Java's shortest round-trip digits, when there are at most N of them (N at most 15): the exact
     * value then lies within half an ulp of those digits, far inside half a unit of the N-th digit, so rounding
     * it to N digits gives them back (for normal numbers: subnormals have fewer bits). Null when more digits
     * are needed.
     */
    private static String fromShortest(double value, int precision) {
        String repr = Double.toString(Math.abs(value));
        int e = repr.indexOf('E');
        String mantissa = e < 0 ? repr : repr.substring(0, e);
        int dot = mantissa.indexOf('.');
        String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        int point = dot + (e < 0 ? 0 : Integer.parseInt(repr.substring(e + 1)));
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
            lead++;
        }
        digits = stripTrailingZeros(digits.substring(lead));
        point -= lead;
        if (digits.isEmpty() || digits.length() > precision) {
            return null;
        }
        int exponent = point - 1;
        StringBuilder out = new StringBuilder(24);
        if (value < 0) {
            out.append('-');
        }
        if (exponent < -4 || exponent >= precision) {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(exponent < 0 ? '-' : '+');
            int magnitude = Math.abs(exponent);
            if (magnitude < 10) {
                out.append('0');
            }
            return out.append(magnitude).toString();
        }
        if (exponent < 0) {
            out.append("0.");
            out.append("0".repeat(-exponent - 1)).append(digits);
        } else if (digits.length() <= exponent + 1) {
            out.append(digits).append("0".repeat(exponent + 1 - digits.length()));
        } else {
            out.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
        }
        return out.toString();
    }

    /** Lua 5.1's {@code tostring} of a number ({@code LUA_NUMBER_FMT} is {@code %.14g}), as bytes. */
    static byte[] luaNumberBytes(double value) {
        return formatG(value, 14).getBytes(StandardCharsets.US_ASCII);
    }

    private static String stripFractionZeros(String fixed) {
        if (fixed.indexOf('.') < 0) {
            return fixed;
        }
        int end = fixed.length();
        while (fixed.charAt(end - 1) == '0') {
            end--;
        }
        if (fixed.charAt(end - 1) == '.') {
            end--;
        }
        return fixed.substring(0, end);
    }

    private static String stripTrailingZeros(String digits) {
        int end = digits.length();
        while (end > 0 && digits.charAt(end - 1) == '0') {
            end--;
        }
        return digits.substring(0, end);
    }

    /** What x86-64 gives for {@code (int64_t) value}: out of range and NaN become INT64_MIN. */
    static long toInt64(double value) {
        if (value >= -0x1p63 && value < 0x1p63) {
            return (long) value;
        }
        return Long.MIN_VALUE;
    }

    /** What x86-64 gives for {@code (int32_t) value}: out of range and NaN become INT32_MIN. */
    static int toInt32(double value) {
        if (value > -0x1p31 - 1 && value < 0x1p31) {
            return (int) value;
        }
        return Integer.MIN_VALUE;
    }

    /** What gcc's x86-64 code gives for {@code (uint64_t) value} (NaN and values past 2^64 included). */
    static long toUint64(double value) {
        if (!(value >= 0x1p63)) {
            return toInt64(value);
        }
        return toInt64(value - 0x1p63) ^ Long.MIN_VALUE;
    }

    /** {@code (double)} of an unsigned 64-bit integer, rounded once as C does. */
    static double unsignedToDouble(long bits) {
        if (bits >= 0) {
            return bits;
        }
        return ((double) ((bits >>> 1) | (bits & 1))) * 2.0;
    }

    /** True when {@code (int64_t) value == value}, as lua_cmsgpack tests it to choose an integer encoding. */
    static boolean isInt64Equivalent(double value) {
        return value >= -0x1p63 && value < 0x1p63 && (long) value == value;
    }

    /** A {@code strtod} result: the value and the index just past the characters it consumed (start if none). */
    record Parsed(double value, int end) {}

    /**
     * glibc's {@code strtod} over {@code bytes[start..limit)} (a byte past the limit reads as NUL): optional leading
     * white space and sign, then inf/infinity, nan/nan(...), a hexadecimal float, or a decimal float.
     */
    static Parsed strtod(byte[] bytes, int start, int limit) {
        int i = start;
        while (i < limit && isSpace(bytes[i])) {
            i++;
        }
        boolean negative = false;
        if (i < limit && (bytes[i] == '+' || bytes[i] == '-')) {
            negative = bytes[i] == '-';
            i++;
        }
        if (matchesIgnoreCase(bytes, i, limit, "inf")) {
            int end = i + 3;
            if (matchesIgnoreCase(bytes, end, limit, "inity")) {
                end += 5;
            }
            return new Parsed(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, end);
        }
        if (matchesIgnoreCase(bytes, i, limit, "nan")) {
            int end = i + 3;
            if (end < limit && bytes[end] == '(') {
                int close = end + 1;
                while (close < limit && (isAlnum(bytes[close]) || bytes[close] == '_')) {
                    close++;
                }
                if (close < limit && bytes[close] == ')') {
                    end = close + 1;
                }
            }
            return new Parsed(negative ? -Double.NaN : Double.NaN, end);
        }
        if (i + 1 < limit && bytes[i] == '0' && (bytes[i + 1] | 0x20) == 'x') {
            Parsed hex = parseHex(bytes, i + 2, limit, negative);
            if (hex != null) {
                return hex;
            }
            // "0x" with no hex digit after it: only the "0" is a number
            return new Parsed(negative ? -0.0 : 0.0, i + 1);
        }
        return parseDecimal(bytes, start, i, limit, negative);
    }

    private static Parsed parseDecimal(byte[] bytes, int start, int digitsStart, int limit, boolean negative) {
        int i = digitsStart;
        int digits = 0;
        while (i < limit && isDigit(bytes[i])) {
            i++;
            digits++;
        }
        if (i < limit && bytes[i] == '.') {
            i++;
            while (i < limit && isDigit(bytes[i])) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return new Parsed(0.0, start);
        }
        int mantissaEnd = i;
        int end = exponentEnd(bytes, i, limit, 'e');
        String text = new String(bytes, digitsStart, end - digitsStart, StandardCharsets.US_ASCII);
        if (text.charAt(0) == '.' || text.charAt(mantissaEnd - digitsStart - 1) == '.') {
            text = fixBareDot(text, mantissaEnd - digitsStart);
        }
        double value = Double.parseDouble(text);
        return new Parsed(negative ? -value : value, end);
    }

    /** Java wants a digit on both sides of the point ("5." and ".5" are fine for C). */
    private static String fixBareDot(String text, int mantissaLength) {
        String mantissa = text.substring(0, mantissaLength);
        String exponent = text.substring(mantissaLength);
        if (mantissa.startsWith(".")) {
            mantissa = "0" + mantissa;
        }
        if (mantissa.endsWith(".")) {
            mantissa = mantissa + "0";
        }
        return mantissa + exponent;
    }

    private static Parsed parseHex(byte[] bytes, int digitsStart, int limit, boolean negative) {
        int i = digitsStart;
        int digits = 0;
        StringBuilder mantissa = new StringBuilder("0x");
        while (i < limit && Character.digit(bytes[i], 16) >= 0) {
            mantissa.append((char) bytes[i]);
            i++;
            digits++;
        }
        if (i < limit && bytes[i] == '.') {
            mantissa.append('.');
            i++;
            while (i < limit && Character.digit(bytes[i], 16) >= 0) {
                mantissa.append((char) bytes[i]);
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return null;
        }
        if (mantissa.charAt(2) == '.') {
            mantissa.insert(2, '0');
        }
        int end = exponentEnd(bytes, i, limit, 'p');
        String exponent = end > i ? new String(bytes, i + 1, end - i - 1, StandardCharsets.US_ASCII) : "0";
        double value = Double.parseDouble(mantissa + "p" + exponent);
        return new Parsed(negative ? -value : value, end);
    }

    /** The end of an exponent part starting at {@code i}: consumed only when digits follow the marker and sign. */
    private static int exponentEnd(byte[] bytes, int i, int limit, char marker) {
        if (i >= limit || (bytes[i] | 0x20) != marker) {
            return i;
        }
        int j = i + 1;
        if (j < limit && (bytes[j] == '+' || bytes[j] == '-')) {
            j++;
        }
        if (j >= limit || !isDigit(bytes[j])) {
            return i;
        }
        while (j < limit && isDigit(bytes[j])) {
            j++;
        }
        return j;
    }

    private static boolean matchesIgnoreCase(byte[] bytes, int at, int limit, String word) {
        if (at + word.length() > limit) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if ((bytes[at + k] | 0x20) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    static boolean isDigit(int b) {
        return b >= '0' && b <= '9';
    }

    static boolean isAlnum(int b) {
        return isDigit(b) || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z');
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }
}
