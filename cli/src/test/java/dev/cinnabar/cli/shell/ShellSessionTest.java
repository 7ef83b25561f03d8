// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shell's own colon commands (:timing, :explain, :peek, :set), on an embedded engine. */
class ShellSessionTest {
    private EmbeddedConnection engine;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ShellSession session;

    @BeforeEach
    void open() {
        engine = EmbeddedConnection.inMemory(Map.of());
        session = new ShellSession(engine, out, new PrintStream(new ByteArrayOutputStream()),
                ShellSession.Output.STANDARD);
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void timingOnFollowsEachReplyWithItsRoundTripTime() {
        session.runLine(":timing on");
        session.runLine("ping");
        assertTrue(text().matches("PONG\n\\(\\d+\\.\\d{3} ms\\)\n"), text());
        out.reset();
        session.runLine(":timing off");
        session.runLine("ping");
        assertEquals("PONG\n", text());
    }

    @Test
    void anUnknownPreferenceIsNamedAsRedisCliNamesIt() {
        session.runLine(":set colors");
        assertEquals("unknown redis-cli preference 'colors'\n", text());
    }

    @Test
    void explainShowsTheSplitArgumentsAndTheRespRequest() {
        session.runLine(":explain set k \"a b\\n\"");
        assertEquals("1) \"set\"\n2) \"k\"\n3) \"a b\\n\"\n"
                + "RESP \"*3\\r\\n$3\\r\\nset\\r\\n$1\\r\\nk\\r\\n$4\\r\\na b\\n\\r\\n\"\n", text());
    }

    @Test
    void peekShowsTypeEncodingTtlSizeAndASample() {
        session.runLine("rpush l a b c d e f");
        session.runLine("pexpire l 100000");
        out.reset();
        session.runLine(":peek l");
        assertTrue(text().matches("type: list\nencoding: quicklist\nttl: \\d+ ms\nsize: 6\nsample:\n"
                + "1\\) \"a\"\n2\\) \"b\"\n3\\) \"c\"\n4\\) \"d\"\n5\\) \"e\"\n"), text());
        out.reset();
        session.runLine(":peek nope");
        assertEquals("type: none\n", text());
    }

    private String text() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
