// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

/**
 * One number as glibc's {@code strtod} reads it, for {@link Numbers}.
 *
 * @param value      the converted value (0 when nothing converts)
 * @param end        the index after the number, or the start index when nothing converts
 * @param outOfRange true where strtod sets {@code ERANGE} and Redis refuses the value: a finite number that
 *                   overflows to infinity, or a non-zero one that underflows to zero
 */
record ScannedDouble(double value, int end, boolean outOfRange) {
    /** Exponents saturate here, far beyond any double, so that huge ones cannot wrap. */
    private static final long EXPONENT_LIMIT = 1_000_000_000L;

    static ScannedDouble scan(byte[] s, int from) {
        int len = s.length;
        int i = from;
        while (i < len && isSpace(s[i])) {
            i++;
        }
        boolean negative = false;
        if (i < len && (s[i] == '+' || s[i] == '-')) {
            negative = s[i] == '-';
            i++;
        }
        if (startsWithIgnoreCase(s, i, "inf")) {
            double inf = negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            return new ScannedDouble(inf, i + (startsWithIgnoreCase(s, i, "infinity") ? 8 : 3), false);
        }
        if (startsWithIgnoreCase(s, i, "nan")) {
            return new ScannedDouble(Double.NaN, i + 3, false);
        }
        boolean hex = i + 1 < len && s[i] == '0' && (s[i + 1] | 0x20) == 'x'
                && (i + 2 < len && Character.digit(s[i + 2], 16) >= 0
                || i + 3 < len && s[i + 2] == '.' && Character.digit(s[i + 3], 16) >= 0);
        int radix = hex ? 16 : 10;
        int p = hex ? i + 2 : i;
        StringBuilder literal = new StringBuilder(negative ? "-" : "");
        if (hex) {
            literal.append("0x");
        }
        int digits = 0;
        boolean nonZero = false;
        while (p < len && Character.digit(s[p], radix) >= 0) {
            nonZero |= s[p] != '0';
            literal.append((char) s[p++]);
            digits++;
        }
        if (p < len && s[p] == '.') {
            literal.append('.');
            p++;
            while (p < len && Character.digit(s[p], radix) >= 0) {
                nonZero |= s[p] != '0';
                literal.append((char) s[p++]);
                digits++;
            }
        }
        if (digits == 0) {
            return new ScannedDouble(0, from, false);
        }
        long exponent = 0;
        if (p < len && (s[p] | 0x20) == (hex ? 'p' : 'e')) {
            int q = p + 1;
            boolean negativeExponent = false;
            if (q < len && (s[q] == '+' || s[q] == '-')) {
                negativeExponent = s[q] == '-';
                q++;
            }
            if (q < len && isDigit(s[q])) {
                while (q < len && isDigit(s[q])) {
                    exponent = Math.min(exponent * 10 + (s[q++] - '0'), EXPONENT_LIMIT);
                }
                exponent = negativeExponent ? -exponent : exponent;
                p = q;
            }
        }
        // Java needs the binary exponent of a hexadecimal literal, which C makes optional
        double d = Double.parseDouble(literal.append(hex ? 'p' : 'e').append(exponent).toString());
        return new ScannedDouble(d, p, Double.isInfinite(d) || (d == 0 && nonZero));
    }

    /** C's {@code isspace} in the "C" locale. */
    static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean startsWithIgnoreCase(byte[] s, int from, String word) {
        if (s.length - from < word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if ((s[from + k] | 0x20) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
