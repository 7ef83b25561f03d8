// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.aof;

import dev.cinnabar.core.resp.InlineSplitter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis's {@code sdssplitargs} (quoted, escaped words) and {@code sdscatrepr} (quoting a file name that
 * needs it), as the manifest uses them. Names are UTF-8 bytes; quoting escapes every byte that is not
 * printable ASCII.
 */
final class ManifestArgs {
    private ManifestArgs() {
    }

    /** sdsneedsrepr: a backslash, a quote, a space or a byte that is not printable ASCII. */
    static boolean needsRepr(String name) {
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '\\' || c == '"' || c <= ' ' || c >= 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** sdscatrepr: the name in double quotes with C escapes. */
    static String repr(String name) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (c >= ' ' && c < 0x7f) {
                        sb.append((char) c);
                    } else {
                        sb.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /**
     * sdssplitargs over a line whose chars are bytes (ISO-8859-1); each word is decoded as UTF-8. Returns
     * null for unbalanced quotes or a closing quote not followed by a space, as Redis does.
     */
    static List<String> split(String line) {
        byte[][] words = InlineSplitter.split(line.getBytes(StandardCharsets.ISO_8859_1));
        if (words == null) {
            return null;
        }
        List<String> out = new ArrayList<>(words.length);
        for (byte[] word : words) {
            out.add(new String(word, StandardCharsets.UTF_8));
        }
        return out;
    }
}
