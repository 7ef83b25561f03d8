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

/** The shell's own colon commands, on an embedded engine. */
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

    private String text() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
