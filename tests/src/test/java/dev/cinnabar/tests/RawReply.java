// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Helpers over raw reply bytes: printable form and order-insensitive comparison of a top-level array. */
public final class RawReply {
    private RawReply() {
    }

    /** The reply with CR/LF and non-printable bytes escaped, for failure messages. */
    public static String show(byte[] reply) {
        StringBuilder sb = new StringBuilder();
        for (byte b : reply) {
            int c = b & 0xff;
            if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c < 32 || c > 126) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    /** True if both are aggregates of the same type and length whose elements are equal as multisets. */
    public static boolean equalUnordered(byte[] a, byte[] b) {
        return equalUnordered(a, b, 1);
    }

    /**
     * True if both are aggregates of the same type whose elements, taken {@code group} at a time (2 for the
     * field-value pairs of a RESP2 HGETALL), are equal as multisets; other replies must be equal.
     */
    public static boolean equalUnordered(byte[] a, byte[] b, int group) {
        // a map's elements are its pairs already
        int g = a.length > 0 && a[0] == '%' ? 1 : group;
        List<String> ea = grouped(elements(a), g);
        List<String> eb = grouped(elements(b), g);
        if (ea == null || eb == null) {
            return Arrays.equals(a, b);
        }
        ea.sort(null);
        eb.sort(null);
        return ea.equals(eb) && a[0] == b[0];
    }

    /**
     * Scan replies ([cursor, elements]): the same cursor, and elements equal as multisets, taken
     * {@code group} at a time; other replies (errors) must be equal.
     */
    public static boolean equalScan(byte[] a, byte[] b, int group) {
        List<String> ea = elements(a);
        List<String> eb = elements(b);
        if (ea == null || eb == null || ea.size() != 2 || eb.size() != 2) {
            return Arrays.equals(a, b);
        }
        return ea.get(0).equals(eb.get(0)) && equalUnordered(ea.get(1).getBytes(StandardCharsets.ISO_8859_1),
                eb.get(1).getBytes(StandardCharsets.ISO_8859_1), group);
    }

    /**
     * Replies of random picks: aggregates of the same type and length, or bulk strings both null or both
     * not; other replies (integers, errors) must be equal.
     */
    public static boolean sameShape(byte[] a, byte[] b) {
        if (a.length == 0 || b.length == 0 || a[0] != b[0]) {
            return Arrays.equals(a, b);
        }
        int[] pa = {0};
        int[] pb = {0};
        return switch ((char) a[0]) {
            case '*', '~', '%', '>' -> header(a, pa) == header(b, pb);
            case '$' -> (header(a, pa) < 0) == (header(b, pb) < 0);
            default -> Arrays.equals(a, b);
        };
    }

    private static List<String> grouped(List<String> elements, int group) {
        if (elements == null || group == 1) {
            return elements;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < elements.size(); i += group) {
            out.add(String.join("", elements.subList(i, Math.min(elements.size(), i + group))));
        }
        return out;
    }

    /** Splits a top-level array/set/map reply into its elements' raw text; null for non-aggregates. */
    static List<String> elements(byte[] raw) {
        char type = (char) raw[0];
        if (type != '*' && type != '~' && type != '>' && type != '%') {
            return null;
        }
        int[] pos = {0};
        long n = header(raw, pos);
        if (n < 0) {
            return null;
        }
        if (type == '%') {
            n *= 2;
        }
        List<String> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            int start = pos[0];
            skip(raw, pos);
            String element = new String(raw, start, pos[0] - start, StandardCharsets.ISO_8859_1);
            if (type == '%') {
                // a map's pairs are unordered, not its keys and values
                int vStart = pos[0];
                skip(raw, pos);
                element += new String(raw, vStart, pos[0] - vStart, StandardCharsets.ISO_8859_1);
                i++;
            }
            out.add(element);
        }
        return out;
    }

    private static long header(byte[] raw, int[] pos) {
        int start = pos[0] + 1;
        int cr = start;
        while (raw[cr] != '\r') {
            cr++;
        }
        pos[0] = cr + 2;
        return Long.parseLong(new String(raw, start, cr - start, StandardCharsets.US_ASCII));
    }

    private static void skip(byte[] raw, int[] pos) {
        char type = (char) raw[pos[0]];
        long n = header(raw, pos);
        switch (type) {
            case '$', '=', '!' -> {
                if (n >= 0) {
                    pos[0] += (int) n + 2;
                }
            }
            case '*', '~', '>' -> {
                for (long i = 0; i < n; i++) {
                    skip(raw, pos);
                }
            }
            case '%', '|' -> {
                for (long i = 0; i < 2 * n; i++) {
                    skip(raw, pos);
                }
            }
            default -> { }
        }
    }
}
