// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
    void hintsFollowTheGrammarPastOptionalArguments() {
        String expiration = "[EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]";
        String options = "[NX|XX] [GET] " + expiration;
        assertEquals(" key value " + options, session.hint("set"));
        assertEquals(" value " + options, session.hint("set k"), "a word that fits counts as typed");
        assertEquals(options, session.hint("SET k v "));
        assertEquals(" [GET] " + expiration, session.hint("set k v NX"));
        assertEquals(" seconds [NX|XX] [GET]", session.hint("SET k v EX"), "the option begun comes first");
        assertEquals("[NX|XX] [GET]", session.hint("SET k v EX 10 "));
        assertEquals("[GET]", session.hint("SET k v EX 10 xx "));
        assertEquals(null, session.hint("SET k v EX 10 xx GET "), "nothing left");
        assertEquals(null, session.hint("SET k v EX ten "), "seconds must be an integer");
        assertEquals("[GT|LT] [CH] [INCR] score member [score member ...]", session.hint("zadd z NX "));
        assertEquals("[score member ...]", session.hint("zadd z NX 1 a "));
        assertEquals("[field value ...]", session.hint("hset h f v "));
        assertEquals("value [field value ...]", session.hint("hset h f "));
        assertEquals(" parameter [parameter ...]", session.hint("config get"));
        assertEquals("[parameter ...]", session.hint("config get maxmemory "));
        assertEquals(null, session.hint("nosuchcommand x"));
        session.runLine(":set nohints");
        assertEquals(null, session.hint("set"));
    }

    @Test
    void hintsOfNestedBlocksAndRepeatedTokens() {
        assertEquals("[LIMIT offset count]", session.hint("zrangebyscore z 0 1 WITHSCORES "));
        assertEquals("offset count [WITHSCORES]", session.hint("zrangebyscore z 0 1 LIMIT "));
        assertEquals("count [WITHSCORES]", session.hint("zrangebyscore z 0 1 LIMIT 0 "));
        assertEquals("[BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC|DESC] [ALPHA] "
                + "[STORE destination]", session.hint("sort k "));
        assertEquals("[GET pattern ...] [BY pattern] [LIMIT offset count] [ASC|DESC] [ALPHA] [STORE destination]",
                session.hint("sort k GET a "));
    }

    @Test
    void ofAOneofTheAlternativeThatTakesTheMostWordsWins() {
        // CLIENT KILL ip:port | filter [filter ...]: "ID 5" is a filter, not ip:port followed by junk
        String hint = session.hint("client kill ID 5 ");
        assertTrue(hint != null && hint.startsWith("[[ID client-id]|[TYPE "), hint);
        assertTrue(next("client", "kill").tokens().containsAll(List.of("ID", "TYPE", "SKIPME")));
        assertEquals(null, session.hint("client kill 1.2.3.4:5 "), "the old form takes nothing after it");
    }

    @Test
    void pluginCommandsAreHintedAndCompletedFromTheirOwnDocs() {
        assertEquals("[CH] longitude latitude member [longitude latitude member ...]", session.hint("geoadd g NX "));
        assertEquals(List.of("CH"), next("geoadd", "g", "xx").tokens());
        assertTrue(next("pfcount", "a").key());
    }

    @Test
    void theShellsOwnCommandsAreHintedToo() {
        assertEquals(" on|off", session.hint(":time"));
        assertEquals("on|off", session.hint(":pager "));
        assertEquals(null, session.hint(":pager on"));
        assertEquals(" host [port]", session.hint("CONNECT"));
    }

    @Test
    void completionKnowsWhatTheGrammarAcceptsNext() {
        assertEquals(List.of("NX", "XX", "GET", "EX", "PX", "EXAT", "PXAT", "KEEPTTL"),
                next("set", "k", "v").tokens());
        assertEquals(List.of("GET", "EX", "PX", "EXAT", "PXAT", "KEEPTTL"), next("set", "k", "v", "nx").tokens());
        assertEquals(List.of(), next("set", "k", "v", "EX").tokens(), "an integer goes there");
        assertEquals(List.of(), next("set", "k").tokens(), "the value goes there");
        assertTrue(next("set").key());
        assertTrue(!next("set", "k").key());
        assertTrue(next("mget", "a", "b").key());
        assertTrue(next("zunionstore", "d", "2").key());
        assertEquals(null, next("set", "k", "v", "EX", "ten"), "off the grammar: nothing known");
    }

    private ArgumentGrammar.Next next(String... words) {
        return session.next(List.of(words));
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
