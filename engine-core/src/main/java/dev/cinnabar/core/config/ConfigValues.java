// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.config;

import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RedisError;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Parsing of config values by type, with the rules and error reasons of Redis 7.0's {@code config.c}
 * (boolConfigSet, numericParseString, numericBoundaryCheck, enumConfigSet) and {@code memtoull}. Each
 * method returns the value as CONFIG GET prints it; the reasons are thrown without CONFIG SET's prefix.
 */
public final class ConfigValues {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final RedisError NOT_PARSED = RedisError.err("argument couldn't be parsed into an integer");

    private ConfigValues() {
    }

    /** {@code yes} or {@code no}, any case. */
    public static String bool(String raw) {
        String v = raw.toLowerCase(Locale.ROOT);
        if (!v.equals("yes") && !v.equals("no")) {
            throw RedisError.err("argument must be 'yes' or 'no'");
        }
        return v;
    }

    /** A signed integer in Redis's strict {@code string2ll} form, within [min, max]. */
    public static String integer(String raw, long min, long max) {
        long v = Numbers.parseLong(raw.getBytes(StandardCharsets.UTF_8), NOT_PARSED);
        return Long.toString(checkSigned(v, min, max));
    }

    /** A byte count with an optional unit, within signed [min, max]. */
    public static String memory(String raw, long min, long max) {
        long v = memtoull(raw, "argument must be a memory value");
        return Long.toString(checkSigned(v, min, max));
    }

    /** A byte count with an optional unit, up to 2^64-1 (maxmemory and the like). */
    public static String unsignedMemory(String raw) {
        return Long.toUnsignedString(memtoull(raw, "argument must be a memory value"));
    }

    /**
     * A byte count, or a percentage written {@code N%} (maxmemory-clients). As in Redis, a percentage is
     * held as a negative number, so it is printed back with its sign dropped and a '%' added.
     */
    public static String memoryOrPercent(String raw, long min, long max) {
        long v;
        try {
            v = memtoull(raw, "");
        } catch (RedisError notMemory) {
            v = percent(raw);
        }
        if (v < 0) {
            if (v < min) {
                throw RedisError.err("percentage argument must be less or equal to " + (-min));
            }
            return (-v) + "%";
        }
        return Long.toString(checkSigned(v, min, max));
    }

    private static long percent(String raw) {
        if (raw.length() > 1 && raw.endsWith("%")) {
            long v = Numbers.parseLongOr(raw.substring(0, raw.length() - 1).getBytes(StandardCharsets.UTF_8), -1);
            if (v >= 0) {
                return -v;
            }
        }
        throw RedisError.err("argument must be a memory or percent value");
    }

    /** An octal number as C's {@code strtoll(value, &end, 8)} reads it, printed back in octal. */
    public static String octal(String raw, long min, long max) {
        long v;
        try {
            v = Long.parseLong(raw.strip(), 8);
        } catch (NumberFormatException e) {
            throw RedisError.err("argument couldn't be parsed as an octal number");
        }
        if (v < min || v > max) {
            throw RedisError.err("argument must be between " + Long.toOctalString(min) + " and "
                    + Long.toOctalString(max) + " inclusive");
        }
        return Long.toOctalString(v);
    }

    /** One of {@code values}, any case; printed as the table spells it. */
    public static String enumeration(String raw, List<String> values) {
        for (String v : values) {
            if (v.equalsIgnoreCase(raw)) {
                return v;
            }
        }
        throw enumError(values);
    }

    /**
     * Several enum values separated by single spaces (Redis's multi-argument enums such as
     * {@code shutdown-on-sigint}); printed in table order, the first value meaning "none of the others".
     */
    public static String multiEnumeration(String raw, List<String> values) {
        boolean[] chosen = new boolean[values.size()];
        for (String word : raw.split(" ", -1)) {
            int index = -1;
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i).equalsIgnoreCase(word)) {
                    index = i;
                }
            }
            if (index < 0) {
                throw enumError(values);
            }
            chosen[index] = true;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < values.size(); i++) {
            if (chosen[i]) {
                out.append(out.length() == 0 ? "" : " ").append(values.get(i));
            }
        }
        return out.length() == 0 ? values.get(0) : out.toString();
    }

    private static RedisError enumError(List<String> values) {
        return RedisError.err("argument(s) must be one of the following: " + String.join(", ", values));
    }

    private static long checkSigned(long v, long min, long max) {
        if (v < min || v > max) {
            throw RedisError.err("argument must be between " + min + " and " + max + " inclusive");
        }
        return v;
    }

    /**
     * Redis's {@code memtoull}: decimal digits then an optional unit b, k, kb, m, mb, g or gb (any case),
     * 1000-based without the 'b' and 1024-based with it. Overflow wraps modulo 2^64 and too many digits
     * saturate, as in C; the result is the unsigned value's bits.
     */
    static long memtoull(String raw, String reason) {
        int digitsEnd = 0;
        if (!raw.isEmpty() && raw.charAt(0) == '-') {
            throw RedisError.err(reason);
        }
        while (digitsEnd < raw.length() && raw.charAt(digitsEnd) >= '0' && raw.charAt(digitsEnd) <= '9') {
            digitsEnd++;
        }
        long multiplier = switch (raw.substring(digitsEnd).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1;
            case "k" -> 1000;
            case "kb" -> 1024;
            case "m" -> 1000 * 1000;
            case "mb" -> 1024 * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> throw RedisError.err(reason);
        };
        if (digitsEnd >= 128) {
            throw RedisError.err(reason);
        }
        BigInteger digits = digitsEnd == 0 ? BigInteger.ZERO : new BigInteger(raw.substring(0, digitsEnd));
        if (digits.compareTo(TWO_64) >= 0) {
            digits = TWO_64.subtract(BigInteger.ONE);
        }
        return digits.multiply(BigInteger.valueOf(multiplier)).mod(TWO_64).longValue();
    }

    /** A percentile as Redis prints one: C's {@code %f}, then {@code trimDoubleString} drops trailing zeros. */
    public static String percentile(double p) {
        String s = new BigDecimal(p).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
        if (s.indexOf('.') >= 0) {
            s = s.replaceAll("0+$", "");
            if (s.endsWith(".")) {
                s = s.substring(0, s.length() - 1);
            }
        }
        return s;
    }

    /**
     * C's {@code strtoll(s, &end, 10)} with {@code *end == '\0'} required: leading blanks and a sign are
     * allowed, an empty string reads as 0, out-of-range values saturate.
     */
    static long strtoll(String s, RedisError error) {
        if (s.isEmpty()) {
            return 0;
        }
        String t = s.stripLeading();
        int start = !t.isEmpty() && (t.charAt(0) == '+' || t.charAt(0) == '-') ? 1 : 0;
        if (start == t.length()) {
            throw error;
        }
        for (int j = start; j < t.length(); j++) {
            if (t.charAt(j) < '0' || t.charAt(j) > '9') {
                throw error;
            }
        }
        BigInteger v = new BigInteger(t.charAt(0) == '+' ? t.substring(1) : t);
        if (v.bitLength() > 63) {
            return v.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return v.longValue();
    }
}
