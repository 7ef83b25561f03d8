// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.geo;

import dev.cinnabar.geo.GeoHash.Cell;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/** How geo replies print numbers and geohashes, byte for byte as Redis 7.0 does. */
final class GeoFormat {
    private static final byte[] ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);

    private GeoFormat() {
    }

    /** {@code addReplyDoubleDistance}: C's {@code %.4f}. */
    static byte[] distance(double d) {
        // fast path: d * 10^4 is off by at most half an ulp (below 10^-5 here), so unless the fraction lies
        // within 10^-3 of one half, rounding the product rounds the exact binary value the same way
        if ((d > 0 || (d == 0 && 1 / d > 0)) && d < 1e11) {
            double scaled = d * 10_000;
            double whole = Math.floor(scaled);
            double fraction = scaled - whole;
            if (Math.abs(fraction - 0.5) > 1e-3) {
                long units = (long) whole + (fraction > 0.5 ? 1 : 0);
                return fourDecimals(units);
            }
        }
        return bytes(fixed(d, 4));
    }

    /** {@code units} ten-thousandths as digits with four decimals, e.g. 12345 as "1.2345". */
    private static byte[] fourDecimals(long units) {
        String digits = Long.toString(units);
        int length = Math.max(digits.length(), 5);
        byte[] out = new byte[length + 1];
        int pad = length - digits.length();
        for (int i = 0, j = 0; i < out.length; i++) {
            if (i == length - 4) {
                out[i] = '.';
            } else if (pad > 0) {
                out[i] = '0';
                pad--;
            } else {
                out[i] = (byte) digits.charAt(j++);
            }
        }
        return out;
    }

    /** C's {@code %.<decimals>f}, which rounds the exact binary value half to even. */
    static String fixed(double d, int decimals) {
        if (Double.isNaN(d)) {
            return Double.doubleToRawLongBits(d) < 0 ? "-nan" : "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(d).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        if ((d < 0 || (d == 0 && 1 / d < 0)) && !s.startsWith("-")) {
            s = "-" + s; // C keeps the sign of a negative value that rounds to zero
        }
        return s;
    }

    /**
     * {@code addReplyHumanLongDouble} of a double: {@code %.17Lf} with trailing zeros (and a bare dot)
     * removed, and "-0" printed as "0".
     */
    static String humanDouble(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(d).setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        if (d < 0 && !s.startsWith("-")) {
            s = "-" + s;
        }
        int end = s.length();
        if (s.indexOf('.') >= 0) {
            while (s.charAt(end - 1) == '0') {
                end--;
            }
            if (s.charAt(end - 1) == '.') {
                end--;
            }
        }
        s = s.substring(0, end);
        return s.equals("-0") ? "0" : s;
    }

    /**
     * GEOHASH's string: the member's position re-encoded with the standard latitude range -90..90 at 26
     * steps, as 11 base-32 characters (the last one is always '0': 52 bits fill only ten).
     */
    static byte[] geohash(double score) {
        double[] xy = GeoHash.decodeScore(score);
        Cell cell = GeoHash.encode(-180, 180, -90, 90, xy[0], xy[1], GeoHash.STEP_MAX);
        long bits = cell == null ? 0 : cell.bits();
        byte[] out = new byte[11];
        for (int i = 0; i < 11; i++) {
            int idx = i == 10 ? 0 : (int) ((bits >>> (52 - ((i + 1) * 5))) & 0x1f);
            out[i] = ALPHABET[idx];
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
