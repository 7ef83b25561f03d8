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

/** HELP from the embedded engine's own COMMAND DOCS, laid out as redis-cli lays it out. */
class CommandHelpTest {
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
    void helpCommandShowsTheArgumentGrammarAsRedisCliDoes() {
        session.runLine("help set");
        assertEquals("\r\n  \u001b[1mSET\u001b[0m \u001b[90mkey value [NX|XX] [GET] [EX seconds|PX milliseconds|"
                + "EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]\u001b[0m\r\n"
                + "  \u001b[33msummary:\u001b[0m Sets the string value of a key, with options for existence checks "
                + "and time to live\r\n"
                + "  \u001b[33msince:\u001b[0m 1.0.0\r\n"
                + "  \u001b[33mgroup:\u001b[0m string\r\n\r\n", text());
    }

    @Test
    void helpContainerListsItsSubcommandsAndMultipleArgumentsRepeat() {
        session.runLine("help config get");
        assertTrue(text().contains("\u001b[1mCONFIG GET\u001b[0m \u001b[90mparameter [parameter ...]\u001b[0m"),
                text());
        out.reset();
        session.runLine("HELP CONFIG");
        assertTrue(text().contains("CONFIG SET") && text().contains("CONFIG RESETSTAT"), text());
    }

    @Test
    void helpGroupListsItsCommandsWithoutTheGroupLine() {
        session.runLine("help @hash");
        assertTrue(text().contains("\u001b[1mHSET\u001b[0m \u001b[90mkey field value [field value ...]\u001b[0m"),
                text());
        assertTrue(!text().contains("group:") && !text().contains("\u001b[1mSET\u001b[0m"), text());
    }

    @Test
    void hintsDropTheArgumentsAlreadyTypedUpToTheFirstOptionalOne() {
        String options = "[NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|"
                + "PXAT unix-time-milliseconds|KEEPTTL]";
        assertEquals(" key value " + options, session.hint("set"));
        assertEquals(" value " + options, session.hint("set k"));
        assertEquals(options, session.hint("SET k v "));
        assertEquals(" " + options, session.hint("set k v NX"));
        assertEquals(" parameter [parameter ...]", session.hint("config get"));
        assertEquals(null, session.hint("nosuchcommand x"));
        session.runLine(":set nohints");
        assertEquals(null, session.hint("set"));
    }

    @Test
    void helpIsAnsweredByTheShellNotSentAsACommand() {
        session.runLine("help");
        assertTrue(text().startsWith("To get help about commands type:\n"), text());
    }

    private String text() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
