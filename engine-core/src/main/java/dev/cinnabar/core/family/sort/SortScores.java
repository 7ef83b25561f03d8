// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.sort;

import java.nio.charset.StandardCharsets;

/**
 * The numeric weights of SORT: C's {@code strtod} over the value as a C string, accepted when it ends the
 * string and neither overflows, underflows ({@code ERANGE}) nor gives NaN, as {@code sortCommandGeneric}
 * checks. Unlike Redis's other float arguments, leading white space and hexadecimal forms are accepted,
 * an empty value is 0 and a NUL byte ends the value.
 */
final class SortScores {
    /** Redis's {@code strtod} refuses results below {@code DBL_MIN} (subnormal) with ERANGE. */
    private static final double DBL_MIN = Double.MIN_NORMAL;

    private SortScores() {
    }

    /** The weight of {@code s}, or NaN when SORT replies "One or more scores can't be converted into double". */
    static double parse(byte[] s) {
        int end = 0;
        while (end < s.length && s[end] != 0) {
            end++;
        }
        if (end == 0) {
            return 0;
        }
        int i = 0;
        while (i < end && isSpace(s[i])) {
            i++;
        }
        int body = i;
        boolean negative = false;
        if (i < end && (s[i] == '+' || s[i] == '-')) {
            negative = s[i] == '-';
            i++;
        }
        String rest = new String(s, i, end - i, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        if (rest.equals("inf") || rest.equals("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        boolean hex = rest.startsWith("0x");
        int p = hex ? 2 : 0;
        int digits = 0;
        boolean nonZero = false;
        while (p < rest.length() && isDigit(rest.charAt(p), hex)) {
            nonZero |= rest.charAt(p) != '0';
            p++;
            digits++;
        }
        if (p < rest.length() && rest.charAt(p) == '.') {
            p++;
            while (p < rest.length() && isDigit(rest.charAt(p), hex)) {
                nonZero |= rest.charAt(p) != '0';
                p++;
                digits++;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        boolean exponent = p < rest.length() && rest.charAt(p) == (hex ? 'p' : 'e');
        if (exponent) {
            int q = p + 1;
            if (q < rest.length() && (rest.charAt(q) == '+' || rest.charAt(q) == '-')) {
                q++;
            }
            int expDigits = q;
            while (q < rest.length() && isDigit(rest.charAt(q), false)) {
                q++;
            }
            if (q == expDigits) {
                return Double.NaN;
            }
            p = q;
        }
        if (p != rest.length()) {
            return Double.NaN;
        }
        String text = new String(s, body, end - body, StandardCharsets.ISO_8859_1);
        // Java's hexadecimal form needs a binary exponent, strtod's does not.
        double d = Double.parseDouble(hex && !exponent ? text + "p0" : text);
        if (Double.isInfinite(d) || (nonZero && Math.abs(d) < DBL_MIN)) {
            return Double.NaN;
        }
        return d;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    private static boolean isDigit(char c, boolean hex) {
        return (c >= '0' && c <= '9') || (hex && c >= 'a' && c <= 'f');
    }
}
