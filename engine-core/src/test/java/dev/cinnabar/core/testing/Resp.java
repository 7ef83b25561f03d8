// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.testing;

import java.nio.charset.StandardCharsets;

/** Builds expected replies as RESP text, for comparing with {@link RespSocket#read()}. */
public final class Resp {
    private Resp() {
    }

    public static String simple(String s) {
        return "+" + s + "\r\n";
    }

    public static String error(String line) {
        return "-" + line + "\r\n";
    }

    public static String integer(long n) {
        return ":" + n + "\r\n";
    }

    public static String bulk(String s) {
        return "$" + s.getBytes(StandardCharsets.UTF_8).length + "\r\n" + s + "\r\n";
    }

    /** A RESP2 aggregate of already-encoded elements. */
    public static String array(String... elements) {
        return "*" + elements.length + "\r\n" + String.join("", elements);
    }

    /** A RESP3 push of already-encoded elements. */
    public static String push(String... elements) {
        return ">" + elements.length + "\r\n" + String.join("", elements);
    }

    /** What a subscriber receives for a PUBLISH to one of its channels, in RESP2. */
    public static String message(String channel, String payload) {
        return array(bulk("message"), bulk(channel), bulk(payload));
    }

    /** What a subscriber receives for a PUBLISH matching one of its patterns, in RESP2. */
    public static String pmessage(String pattern, String channel, String payload) {
        return array(bulk("pmessage"), bulk(pattern), bulk(channel), bulk(payload));
    }
}
