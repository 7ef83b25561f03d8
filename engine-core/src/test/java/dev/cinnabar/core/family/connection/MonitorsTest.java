// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.connection;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** MONITOR's line format, byte for byte as Redis's {@code replicationFeedMonitors} writes it. */
class MonitorsTest {
    private static String repr(byte[] arg) {
        StringBuilder sb = new StringBuilder();
        Monitors.repr(sb, arg);
        return sb.toString();
    }

    @Test
    void reprEscapesLikeSdscatrepr() {
        assertEquals("\"plain text\"", repr("plain text".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("\"\\\"q\\\" \\\\\"", repr("\"q\" \\".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("\"\\n\\r\\t\\a\\b\"", repr(new byte[]{'\n', '\r', '\t', 7, '\b'}));
        assertEquals("\"\\x00\\x1f\\x7f\\x80\\xff~ \"",
                repr(new byte[]{0, 0x1f, 0x7f, (byte) 0x80, (byte) 0xff, '~', ' '}));
        assertEquals("\"\"", repr(new byte[0]));
    }

    @Test
    void lineHasMicrosecondTimeDbOriginAndQuotedArguments() {
        byte[][] argv = {"keys".getBytes(StandardCharsets.US_ASCII), "*".getBytes(StandardCharsets.US_ASCII)};
        Instant time = Instant.ofEpochSecond(1339518083, 107_412_000);
        assertEquals("1339518083.107412 [0 127.0.0.1:60866] \"keys\" \"*\"",
                Monitors.line(time, 0, "127.0.0.1:60866", argv));
        assertEquals("1339518083.000042 [3 lua] \"keys\" \"*\"",
                Monitors.line(Instant.ofEpochSecond(1339518083, 42_999), 3, "lua", argv));
        assertEquals("7.000000 [0 ?:0] \"keys\" \"*\"", Monitors.line(Instant.ofEpochSecond(7), 0, "?:0", argv));
    }
}
