// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A C {@code long double} as Redis 7.0 computes with it on x86-64: the x87 80-bit extended format (64-bit
 * significand, subnormals down to 2^-16445, correctly rounded to nearest-even). INCRBYFLOAT and
 * HINCRBYFLOAT store results that depend on this precision, so a {@code double} would store other bytes.
 * A finite value is {@code significand × 2^exponent} with {@code |significand| < 2^64}; an infinity has
 * significand ±1; NaN has significand 0. The sign of zero is not kept: Redis never shows it.
 */
public record LongDouble(BigInteger significand, int exponent, Form form) {
    /** Finite, infinite or not a number. */
    public enum Form { FINITE, INFINITE, NAN }

    /** Redis's MAX_LONG_DOUBLE_CHARS: 5 KiB, the buffer {@code string2ld} copies into (NUL included). */
    private static final int MAX_CHARS = 5 * 1024;
    /** Exponent of the last place of subnormals and of the smallest normals: 2^-16382 / 2^63. */
    private static final int MIN_EXPONENT = -16445;
    /** Exponent of the last place of the largest finite value, (2^64 - 1) × 2^16320. */
    private static final int MAX_EXPONENT = 16320;
    /** Decimal exponents beyond these overflow or underflow for sure (the range is about 3.6e-4951 to 1.2e4932). */
    private static final int DECIMAL_OVERFLOW = 4934;
    private static final int DECIMAL_UNDERFLOW = -4953;
    /** With an exponent below this the value is under 2^-67, which prints as 0 with 17 decimals. */
    private static final int PRINTS_AS_ZERO = -131;

    public static final LongDouble ZERO = new LongDouble(BigInteger.ZERO, 0, Form.FINITE);
    private static final LongDouble NAN = new LongDouble(BigInteger.ZERO, 0, Form.NAN);
    private static final LongDouble POSITIVE_INFINITY = new LongDouble(BigInteger.ONE, 0, Form.INFINITE);
    private static final LongDouble NEGATIVE_INFINITY = new LongDouble(BigInteger.ONE.negate(), 0, Form.INFINITE);

    public LongDouble {
        Objects.requireNonNull(significand, "significand is null");
        Objects.requireNonNull(form, "form is null");
    }

    /** The exact value of a 64-bit integer (every {@code long} fits the 64-bit significand). */
    public static LongDouble of(long value) {
        return value == 0 ? ZERO : new LongDouble(BigInteger.valueOf(value), 0, Form.FINITE);
    }

    /**
     * Parses as Redis's {@code string2ld}: C's {@code strtold} over the whole string (decimal, hexadecimal
     * {@code 0x1.8p3}, {@code inf}, {@code infinity}), no leading space, shorter than 5120 bytes, refusing
     * NaN, overflow and a non-zero value that underflows to zero.
     *
     * @throws RedisError {@code error} otherwise
     */
    public static LongDouble parse(byte[] s, RedisError error) {
        int len = s.length;
        if (len == 0 || len >= MAX_CHARS || isSpace(s[0])) {
            throw error;
        }
        int i = 0;
        boolean negative = false;
        if (s[0] == '+' || s[0] == '-') {
            negative = s[0] == '-';
            i++;
        }
        if (matchesIgnoreCase(s, i, "inf") || matchesIgnoreCase(s, i, "infinity")) {
            return negative ? NEGATIVE_INFINITY : POSITIVE_INFINITY;
        }
        LongDouble v;
        if (len - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
            v = parseHex(s, i + 2, error);
        } else {
            v = parseDecimal(s, i, error);
        }
        return negative ? v.negate() : v;
    }

    private static LongDouble parseDecimal(byte[] s, int from, RedisError error) {
        int len = s.length;
        int p = from;
        StringBuilder digits = new StringBuilder();
        int fractionDigits = 0;
        while (p < len && isDigit(s[p])) {
            digits.append((char) s[p++]);
        }
        if (p < len && s[p] == '.') {
            p++;
            while (p < len && isDigit(s[p])) {
                digits.append((char) s[p++]);
                fractionDigits++;
            }
        }
        if (digits.length() == 0) {
            throw error;
        }
        long exponent = 0;
        if (p < len && (s[p] == 'e' || s[p] == 'E')) {
            int end = exponentEnd(s, p + 1);
            if (end > 0) {
                exponent = exponentValue(s, p + 1, end);
                p = end;
            }
        }
        if (p != len) {
            throw error;
        }
        BigInteger mantissa = new BigInteger(digits.toString());
        if (mantissa.signum() == 0) {
            return ZERO;
        }
        long scale = exponent - fractionDigits;
        long leading = mantissa.toString().length() + scale - 1;
        if (leading >= DECIMAL_OVERFLOW || leading <= DECIMAL_UNDERFLOW) {
            throw error;
        }
        LongDouble v = scale >= 0
                ? round(mantissa.multiply(BigInteger.TEN.pow((int) scale)), BigInteger.ONE, 0)
                : round(mantissa, BigInteger.TEN.pow((int) -scale), 0);
        if (v.form != Form.FINITE || v.significand.signum() == 0) {
            throw error;
        }
        return v;
    }

    private static LongDouble parseHex(byte[] s, int from, RedisError error) {
        int len = s.length;
        int p = from;
        BigInteger mantissa = BigInteger.ZERO;
        int digits = 0;
        long fractionBits = 0;
        while (p < len && Character.digit(s[p], 16) >= 0) {
            mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(Character.digit(s[p++], 16)));
            digits++;
        }
        if (p < len && s[p] == '.') {
            p++;
            while (p < len && Character.digit(s[p], 16) >= 0) {
                mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(Character.digit(s[p++], 16)));
                digits++;
                fractionBits += 4;
            }
        }
        if (digits == 0) {
            throw error;
        }
        long exponent = 0;
        if (p < len && (s[p] == 'p' || s[p] == 'P')) {
            int end = exponentEnd(s, p + 1);
            if (end > 0) {
                exponent = exponentValue(s, p + 1, end);
                p = end;
            }
        }
        if (p != len) {
            throw error;
        }
        if (mantissa.signum() == 0) {
            return ZERO;
        }
        long binary = exponent - fractionBits;
        long leading = mantissa.bitLength() + binary - 1;
        if (leading > MAX_EXPONENT + 64 || leading < MIN_EXPONENT - 2) {
            throw error;
        }
        LongDouble v = round(mantissa, BigInteger.ONE, (int) binary);
        if (v.form != Form.FINITE || v.significand.signum() == 0) {
            throw error;
        }
        return v;
    }

    /** The end of an exponent's {@code [+-]digits} starting at {@code from}, or -1 if there are no digits. */
    private static int exponentEnd(byte[] s, int from) {
        int q = from;
        if (q < s.length && (s[q] == '+' || s[q] == '-')) {
            q++;
        }
        int start = q;
        while (q < s.length && isDigit(s[q])) {
            q++;
        }
        return q > start ? q : -1;
    }

    /** The exponent's value, saturated far beyond any finite long double so that huge ones cannot wrap. */
    private static long exponentValue(byte[] s, int from, int end) {
        boolean negative = s[from] == '-';
        int q = s[from] == '+' || s[from] == '-' ? from + 1 : from;
        long v = 0;
        for (; q < end; q++) {
            v = Math.min(v * 10 + (s[q] - '0'), 1_000_000_000L);
        }
        return negative ? -v : v;
    }

    /** The sum, correctly rounded as one x87 addition; inf − inf is NaN. */
    public LongDouble plus(LongDouble other) {
        if (form == Form.NAN || other.form == Form.NAN) {
            return NAN;
        }
        if (form == Form.INFINITE || other.form == Form.INFINITE) {
            if (form == Form.INFINITE && other.form == Form.INFINITE
                    && significand.signum() != other.significand.signum()) {
                return NAN;
            }
            return form == Form.INFINITE ? this : other;
        }
        if (significand.signum() == 0) {
            return other;
        }
        if (other.significand.signum() == 0) {
            return this;
        }
        int low = Math.min(exponent, other.exponent);
        BigInteger sum = significand.shiftLeft(exponent - low).add(other.significand.shiftLeft(other.exponent - low));
        if (sum.signum() == 0) {
            return ZERO;
        }
        LongDouble magnitude = round(sum.abs(), BigInteger.ONE, low);
        return sum.signum() < 0 ? magnitude.negate() : magnitude;
    }

    /**
     * This many seconds as whole milliseconds, as Redis's {@code (long long) ceill(x * 1000.0)} computes it on
     * x86-64: the product rounded as one x87 multiplication, then rounded up; a result outside {@code long}
     * (infinities included) is {@link Long#MIN_VALUE}, the x87 "integer indefinite".
     */
    long ceilMillis() {
        if (form != Form.FINITE) {
            return Long.MIN_VALUE;
        }
        if (significand.signum() == 0) {
            return 0;
        }
        LongDouble p = round(significand.abs().multiply(BigInteger.valueOf(1000)), BigInteger.ONE, exponent);
        if (p.form != Form.FINITE) {
            return Long.MIN_VALUE;
        }
        boolean negative = significand.signum() < 0;
        BigInteger whole;
        if (p.exponent >= 0) {
            whole = p.significand.shiftLeft(p.exponent);
        } else {
            // magnitude rounded up for a positive value, down for a negative one: ceil either way
            BigInteger bias = negative ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(-p.exponent).subtract(BigInteger.ONE);
            whole = p.significand.add(bias).shiftRight(-p.exponent);
        }
        if (negative) {
            whole = whole.negate();
        }
        return whole.bitLength() < 64 ? whole.longValue() : Long.MIN_VALUE;
    }

    public boolean isFinite() {
        return form == Form.FINITE;
    }

    private LongDouble negate() {
        return form == Form.NAN ? this : new LongDouble(significand.negate(), exponent, form);
    }

    /**
     * Formats as Redis's {@code ld2string} in human mode: {@code %.17Lf}, then trailing zeros and a trailing
     * point removed, and {@code -0} written {@code 0}.
     */
    public String toHumanString() {
        if (form == Form.NAN) {
            return "nan";
        }
        if (form == Form.INFINITE) {
            return significand.signum() > 0 ? "inf" : "-inf";
        }
        if (significand.signum() == 0 || exponent < PRINTS_AS_ZERO) {
            return "0";
        }
        BigDecimal exact = exponent >= 0
                ? new BigDecimal(significand.shiftLeft(exponent))
                : new BigDecimal(significand.multiply(BigInteger.valueOf(5).pow(-exponent)), -exponent);
        String s = exact.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        s = s.substring(0, end);
        return s.equals("-0") ? "0" : s;
    }

    /**
     * Rounds the positive rational {@code num / den × 2^exp2} to the nearest long double (ties to even):
     * a 64-bit significand on the grid of its binade, never finer than 2^-16445; infinity past the largest.
     */
    private static LongDouble round(BigInteger num, BigInteger den, int exp2) {
        int e = num.bitLength() - den.bitLength() + exp2 - 64;
        BigInteger q;
        BigInteger r;
        BigInteger d;
        while (true) {
            e = Math.max(e, MIN_EXPONENT);
            BigInteger n = num;
            d = den;
            int shift = exp2 - e;
            if (shift >= 0) {
                n = n.shiftLeft(shift);
            } else {
                d = d.shiftLeft(-shift);
            }
            BigInteger[] qr = n.divideAndRemainder(d);
            q = qr[0];
            r = qr[1];
            if (q.bitLength() <= 64) {
                break;
            }
            e += q.bitLength() - 64;
        }
        int half = r.shiftLeft(1).compareTo(d);
        if (half > 0 || (half == 0 && q.testBit(0))) {
            q = q.add(BigInteger.ONE);
            if (q.bitLength() > 64) {
                q = q.shiftRight(1);
                e++;
            }
        }
        if (q.signum() == 0) {
            return ZERO;
        }
        if (e > MAX_EXPONENT) {
            return POSITIVE_INFINITY;
        }
        return new LongDouble(q, e, Form.FINITE);
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean matchesIgnoreCase(byte[] s, int from, String word) {
        if (s.length - from != word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (Character.toLowerCase((char) s[from + k]) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
