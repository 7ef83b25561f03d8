// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;

/** Number parsing and formatting exactly as Redis does it, so replies and stored values match byte for byte. */
public interface Numbers {
    /**
     * Parses a signed 64-bit integer with Redis's {@code string2ll} rules: optional '-', no '+', no
     * leading zeros, no spaces, at most 20 characters, no overflow.
     *
     * @throws RedisError {@code error} when the bytes are not such an integer
     */
    static long parseLong(byte[] s, RedisError error) {
        int len = s.length;
        if (len == 0 || len > 20) {
            throw error;
        }
        if (len == 1 && s[0] == '0') {
            return 0;
        }
        int i = 0;
        boolean negative = false;
        if (s[0] == '-') {
            negative = true;
            i = 1;
            if (len == 1) {
                throw error;
            }
        }
        if (s[i] < '1' || s[i] > '9') {
            throw error;
        }
        long v = 0;
        for (; i < len; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                throw error;
            }
            // accumulate negatively so Long.MIN_VALUE fits
            if (v < (Long.MIN_VALUE + d) / 10) {
                throw error;
            }
            v = v * 10 - d;
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) {
                throw error;
            }
            return -v;
        }
        return v;
    }

    /** Like {@link #parseLong} but returns {@code fallback} instead of throwing. */
    static long parseLongOr(byte[] s, long fallback) {
        try {
            return parseLong(s, Errors.NOT_INTEGER);
        } catch (RedisError e) {
            return fallback;
        }
    }

    /** True if the bytes are the canonical form of a 64-bit integer (what Redis stores with "int" encoding). */
    static boolean isCanonicalLong(byte[] s) {
        if (s.length == 0 || s.length > 20) {
            return false;
        }
        try {
            parseLong(s, Errors.NOT_INTEGER);
            return true;
        } catch (RedisError e) {
            return false;
        }
    }

    /**
     * Parses a double as Redis's {@code getDoubleFromObject}: C's {@code strtod} over the whole string
     * (decimal, hexadecimal such as {@code 0x1.8p3}, {@code inf} and {@code infinity} with an optional sign),
     * no leading space, refusing the empty string, NaN, overflow to infinity and a non-zero value that
     * underflows to zero. Subnormal results are accepted.
     *
     * @throws RedisError {@code error} otherwise
     */
    static double parseDouble(byte[] s, RedisError error) {
        if (s.length == 0 || ScannedDouble.isSpace(s[0])) {
            throw error;
        }
        ScannedDouble d = ScannedDouble.scan(s, 0);
        if (d.end() != s.length || Double.isNaN(d.value()) || d.outOfRange()) {
            throw error;
        }
        return d.value();
    }

    /**
     * C's {@code strtod} as Redis calls it directly on the bytes from {@code from} (score ranges of
     * {@code zslParseRange}): leading white space is skipped, overflow and underflow are not errors, and
     * nothing converted at all is 0. The number must end the string, or be followed by a NUL byte, where C
     * stops reading.
     *
     * @throws RedisError {@code error} when other bytes follow the number or it is NaN
     */
    static double strtod(byte[] s, int from, RedisError error) {
        ScannedDouble d = ScannedDouble.scan(s, from);
        if ((d.end() != s.length && s[d.end()] != 0) || Double.isNaN(d.value())) {
            throw error;
        }
        return d.value();
    }

    /** Formats a double as C's {@code printf("%.17g")}, which Redis 7.0 uses for double replies. */
    static String formatG17(double d) {
        return formatG(d, 17);
    }

    /** C's {@code %.<precision>g}: shortest of fixed and exponent form with trailing zeros removed. */
    static String formatG(double d, int precision) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(d).round(new MathContext(precision, java.math.RoundingMode.HALF_EVEN));
        int exponent = bd.precision() - bd.scale() - 1;
        if (exponent < -4 || exponent >= precision) {
            BigDecimal unscaled = new BigDecimal(bd.unscaledValue(), bd.precision() - 1);
            String mantissa = stripZeros(unscaled.toPlainString());
            String sign = exponent < 0 ? "-" : "+";
            int abs = Math.abs(exponent);
            return mantissa + "e" + sign + (abs < 10 ? "0" : "") + abs;
        }
        return stripZeros(bd.toPlainString());
    }

    private static String stripZeros(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }
}
