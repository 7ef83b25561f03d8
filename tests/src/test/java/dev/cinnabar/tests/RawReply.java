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
        List<String> ea = elements(a);
        List<String> eb = elements(b);
        if (ea == null || eb == null) {
            return Arrays.equals(a, b);
        }
        ea.sort(null);
        eb.sort(null);
        return ea.equals(eb) && a[0] == b[0];
    }

    /** Splits a top-level array/set/map reply into its elements' raw text; null for non-aggregates. */
    private static List<String> elements(byte[] raw) {
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
