// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import org.jline.terminal.Terminal;
import org.jline.terminal.Size;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The interactive shell driven through a JLine dumb terminal (scripted keystrokes, no TTY) on an embedded engine. */
class ReplTest {
    private EmbeddedConnection engine;
    @TempDir
    Path home;

    @BeforeEach
    void open() {
        engine = EmbeddedConnection.inMemory(Map.of());
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void repliesAreFormattedAndThePromptFollowsSelectAndMulti() throws IOException {
        String screen = type("set k \"a b\"\rget k\rselect 2\rmulti\rincr c\rexec\r3 incr c\rget nope\rquit\rget k\r");
        assertEquals(String.join("\n",
                "cinnabar> set k \"a b\"", "OK",
                "cinnabar> get k", "\"a b\"",
                "cinnabar> select 2", "OK",
                "cinnabar[2]> multi", "OK",
                "cinnabar[2](TX)> incr c", "QUEUED",
                "cinnabar[2](TX)> exec", "1) (integer) 1",
                "cinnabar[2]> 3 incr c", "(integer) 2", "(integer) 3", "(integer) 4",
                "cinnabar[2]> get nope", "(nil)",
                "cinnabar[2]> quit", ""), screen);
    }

    @Test
    void aLineWithAnOpenQuoteContinuesOnTheNextLine() throws IOException {
        String screen = type("rpush l \"a\rb\"\rlrange l 0 -1\rexit\r");
        assertTrue(screen.contains("1) \"a\\nb\"\n"), screen);
    }

    @Test
    void clearClearsTheScreenWithoutSendingAnything() throws IOException {
        String screen = type("clear\rexit\r");
        // the terminal's clear_screen (home, then erase)
        assertTrue(screen.matches("(?s).*cinnabar> clear\n\u001b\\[H\u001b\\[2?J.*"), screen);
        assertFalse(screen.contains("unknown command"), screen);
    }

    @Test
    void unbalancedQuotesAreRefusedAsRedisCliRefusesThem() throws IOException {
        String screen = type("set y \"a\"b\rexit\r");
        assertTrue(screen.contains("Invalid argument(s)\n"), screen);
    }

    @Test
    void tabCompletesCommandNamesAndSubcommands() throws IOException {
        String screen = type("hgetal\tnope\rconfig resets\t\rexit\r");
        // the completed word replaces the typed one (cursor back 6, the word, erase to end of line)
        assertTrue(screen.contains("cinnabar> hgetal\u001b[6DHGETALL \u001b[Knope\n(empty array)\n"), screen);
        assertTrue(screen.contains("cinnabar> config resets\u001b[6DRESETSTAT \u001b[K\nOK\n"), screen);
    }

    @Test
    void tabCompletesKeyNamesWhereTheCommandTakesAKey() throws IOException {
        engine.engine().execute("SET", "user:1000", "alice");
        engine.engine().execute("SET", "session:9", "x");
        String screen = type("get us\t\rmset user:1\t v session\t w\rget user:1000\rget session:9\rexit\r");
        assertTrue(screen.contains("cinnabar> get user:1000 \n\"alice\"\n"), screen);
        assertTrue(screen.contains("cinnabar> mset user:1000  v session:9  w\nOK\n"), screen);
        assertTrue(screen.endsWith("cinnabar> get user:1000\n\"v\"\ncinnabar> get session:9\n\"w\"\ncinnabar> exit\n"),
                screen);
    }

    @Test
    void keysAreCompletedAfterASubcommandAndGlobCharactersInThePrefixMatchThemselves() throws IOException {
        engine.engine().execute("SET", "a*b", "1");
        engine.engine().execute("SET", "axb", "1");
        assertEquals(List.of("a*b"), CommandCompleter.scanKeys(
                args -> engine.engine().execute(args.toArray(new byte[0][])), "a*", 200));
        String screen = type("object encoding ax\t\rexit\r");
        assertTrue(screen.contains("cinnabar> object encoding axb \n\"int\"\n"), screen);
    }

    @Test
    void argumentTokensOfTheCommandAreCompletedWhereNoKeyGoes() throws IOException {
        String screen = type("set k v kee\t\rset k2 v PX 100 NX G\t\rexit\r");
        assertTrue(screen.contains("KEEPTTL \u001b[K\nOK\n"), screen);
        assertTrue(screen.contains("set k2 v PX 100 NX GET \n(nil)\n"), screen);
    }

    @Test
    void onlyTheTokensTheGrammarAcceptsAtTheCursorAreOffered() throws IOException {
        // after NX, XX is no longer possible: "x" completes to nothing; "e" offers EX and EXAT only
        String screen = type("set k v nx \t\t\u0015set k2 v NX E\t\t\u0015zadd z 1 \t\u0015exit\r")
                .replaceAll("\u001b\\[[0-9;]*[A-Za-z]", "");
        assertTrue(screen.contains("GET") && screen.contains("KEEPTTL") && screen.contains("PXAT"), screen);
        String afterNx = screen.substring(screen.indexOf("set k v nx "), screen.indexOf("set k2"));
        assertFalse(afterNx.contains("XX"), afterNx);
        String afterE = screen.substring(screen.indexOf("set k2 v NX E"), screen.indexOf("zadd"));
        assertTrue(afterE.contains("EX") && afterE.contains("EXAT") && !afterE.contains("PXAT"), afterE);
        // after a score a member goes: no token, and no key
        String afterScore = screen.substring(screen.indexOf("zadd z 1 "));
        assertFalse(afterScore.contains("NX") || afterScore.contains("INCR"), afterScore);
    }

    @Test
    void keysAreCompletedWhereverTheGrammarPutsAKey() throws IOException {
        engine.engine().execute("SET", "user:1000", "alice");
        String screen = type("zunionstore dest 2 us\t\u0015exit\r");
        assertTrue(screen.contains("user:1000"), screen);
    }

    @Test
    void theShellsTogglesCompleteTheirChoices() throws IOException {
        String screen = type(":timing o\t\t\u0015:set noh\t\rping\rexit\r");
        assertTrue(screen.contains(":set nohints \ncinnabar> ping\nPONG\n"), screen);
        assertFalse(screen.contains("unknown redis-cli preference"), screen);
    }

    @Test
    void peekCompletesAKeyName() throws IOException {
        engine.engine().execute("RPUSH", "mylist", "a");
        String screen = type(":pe\tmyl\t\rexit\r");
        assertTrue(screen.contains("type: list\n"), screen);
    }

    @Test
    void aValueIsNotCompletedAsAKey() throws IOException {
        engine.engine().execute("SET", "user:1000", "alice");
        String screen = type("set k us\t\rget k\rexit\r");
        assertTrue(screen.contains("\"us\"\n"), screen);
    }

    @Test
    void theArgumentsStillToTypeAreHintedInFaintTextAsRedisCliHintsThem() throws IOException {
        String screen = type("hset h \rexit\r", true);
        assertTrue(screen.contains("hset\u001b[2m key field value [field value ...]\u001b[0m"), screen);
        // after "hset h": the key is typed, what follows is still hinted
        assertTrue(screen.contains("\u001b[2m field value [field value ...]\u001b[0m"), screen);
    }

    @Test
    void theCommandKeysTokensStringsAndNumbersAreDrawnInTheirOwnStyles() throws IOException {
        String screen = type("set user:1 \"a b\" EX 10\rexit\r", false, true);
        assertTrue(screen.contains("\u001b[36;1mset\u001b[0m"), screen); // bold cyan command
        assertTrue(screen.contains("\u001b[33muser:1\u001b[0m"), screen); // yellow key
        assertTrue(screen.contains("\u001b[32m\"a b\"\u001b[0m"), screen); // green string
        assertTrue(screen.contains("\u001b[35mEX\u001b[0m"), screen); // magenta token
        assertTrue(screen.contains("\u001b[34m1\u001b[0m\u001b[34m0\u001b[0m"), screen); // blue number
        assertTrue(screen.contains("\nOK\n"), screen);
    }

    @Test
    void aValueThatLooksLikeATokenIsNotDrawnAsOneAndColoursCanBeOff() throws IOException {
        ShellSession session = new ShellSession(engine, new ByteArrayOutputStream(),
                new PrintStream(new ByteArrayOutputStream()), ShellSession.Output.STANDARD);
        ShellHighlighter highlighter = new ShellHighlighter(session::hint, session::roles);
        org.jline.utils.AttributedString line = highlighter.styled("set ex EX 'x y' ex 3");
        assertEquals(ShellHighlighter.COMMAND, line.styleAt(0));
        assertEquals(ShellHighlighter.KEY, line.styleAt(4), "the key, though it looks like a token");
        assertEquals(org.jline.utils.AttributedStyle.DEFAULT, line.styleAt(7), "the value, though it looks like one");
        // off the grammar (SET takes no fourth word): words look like what they are
        assertEquals(ShellHighlighter.STRING, line.styleAt(10));
        assertEquals(ShellHighlighter.TOKEN, line.styleAt(16));
        assertEquals(ShellHighlighter.NUMBER, line.styleAt(19));
        String plain = type("set user:1 \"a b\" EX 10\rexit\r", false, false);
        assertFalse(plain.matches("(?s).*\u001b\\[3\\d.*"), plain);
    }

    @Test
    void aReplyTallerThanTheTerminalIsPagedUntilPagerOff() throws IOException {
        for (int i = 1; i <= 50; i++) {
            engine.engine().execute("RPUSH", "l", Integer.toString(i));
        }
        // q leaves the pager at its first page; then :pager off prints the same reply whole
        String screen = paged("lrange l 0 -1\rq:pager off\rlrange l 0 -1\rexit\r");
        String paged = screen.substring(0, screen.indexOf(":pager off"));
        assertTrue(paged.contains(" 1) \"1\"") && paged.contains("19) \"19\""), paged);
        assertFalse(paged.contains("20) \"20\""), "one page of a 20-line terminal: " + paged);
        String printed = screen.substring(screen.indexOf(":pager off"));
        assertTrue(printed.contains(" 1) \"1\"\n") && printed.contains("50) \"50\"\n"), printed);
    }

    @Test
    void spaceShowsTheLastPageAndLeavesAndAShortReplyIsPrintedAsItIs() throws IOException {
        for (int i = 1; i <= 30; i++) {
            engine.engine().execute("RPUSH", "l", Integer.toString(i));
        }
        String screen = paged("lrange l 0 -1\r get nope\rexit\r");
        assertTrue(screen.contains("30) \"30\""), screen);
        assertTrue(screen.contains("> get nope\n(nil)\n"), screen);
    }

    /** As {@link #type} on a 20-line terminal with the pager on. */
    private String paged(String keys) throws IOException {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal terminal = new DumbTerminal("test", "ansi",
                new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)), screen, StandardCharsets.UTF_8)) {
            terminal.setSize(new Size(80, 20));
            ShellSession session = new ShellSession(engine, terminal.output(),
                    new PrintStream(new ByteArrayOutputStream()), ShellSession.Output.STANDARD);
            session.runLine(":set nohints");
            session.pager(new ReplyPager(terminal));
            Repl repl = new Repl(session, terminal, home.resolve(".cinnabar_history"),
                    new CommandCompleter(() -> engine.engine().execute("COMMAND"), prefix -> List.of()));
            repl.colors(false);
            repl.run();
        }
        return screen.toString(StandardCharsets.UTF_8).replace("\r", "").replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "");
    }

    @Test
    void timeOnShowsUnixTimesAndTtlsInHumanFormNextToTheRawValue() throws IOException {
        engine.engine().execute("SET", "k", "v");
        engine.engine().execute("EXPIREAT", "k", "4102444800");
        engine.engine().execute("SET", "p", "v");
        engine.engine().execute("PEXPIREAT", "p", "4102444800123");
        engine.engine().execute("SET", "forever", "v");
        String screen = type("expiretime k\r:time on\rexpiretime k\rpexpiretime p\rttl forever\rttl nope\r"
                + "time\rlastsave\r:time off\rttl nope\rexit\r");
        assertTrue(screen.contains("> expiretime k\n(integer) 4102444800\n"), screen);
        assertTrue(screen.contains("> expiretime k\n(integer) 4102444800 (2100-01-01 00:00:00 Z)\n"), screen);
        assertTrue(screen.contains("> pexpiretime p\n(integer) 4102444800123 (2100-01-01 00:00:00.123 Z)\n"), screen);
        assertTrue(screen.contains("> ttl forever\n(integer) -1 (no expiry)\n"), screen);
        assertTrue(screen.contains("> ttl nope\n(integer) -2 (no such key)\n"), screen);
        assertTrue(screen.matches("(?s).*> time\n1\\) \"\\d+\" \\(20\\d\\d-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6} Z\\)\n"
                + "2\\) \"\\d+\"\n.*"), screen);
        assertTrue(screen.matches("(?s).*> lastsave\n\\(integer\\) \\d+ \\(20\\d\\d-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d Z\\)\n.*"),
                screen);
        assertTrue(screen.endsWith("> ttl nope\n(integer) -2\ncinnabar> exit\n"), screen);
    }

    @Test
    void durationsReadFromTheLargestUnit() {
        assertEquals("0s", ReadableTimes.duration(0, false));
        assertEquals("1h 30m 0s", ReadableTimes.duration(5_400_000, false));
        assertEquals("2d 0h 0m 1s", ReadableTimes.duration(172_801_000, false));
        assertEquals("1m 1.250s", ReadableTimes.duration(61_250, true));
    }

    @Test
    void historyIsKeptInTheHistoryFileWithoutPasswords() throws IOException {
        type("set k v\rauth secret\rget k\rexit\r");
        List<String> lines = Files.readAllLines(home.resolve(".cinnabar_history"));
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(":set k v")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(":get k")), lines.toString());
        assertFalse(lines.stream().anyMatch(l -> l.contains("secret")), lines.toString());
    }

    @Test
    void connectSwitchesToAServerAndThePromptSaysWhere() throws Exception {
        try (dev.cinnabar.core.Engine other = dev.cinnabar.core.Engine.open(Map.of("save", ""))) {
            dev.cinnabar.core.server.RespServer server = new dev.cinnabar.core.server.RespServer(other);
            int port = server.start(0);
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ShellSession session = new ShellSession(engine, out, new PrintStream(new ByteArrayOutputStream()),
                        ShellSession.Output.STANDARD);
                session.connector((host, p) -> {
                    RemoteConnection next = new RemoteConnection(host, p);
                    next.onConnect(session::handshake);
                    return next;
                });
                session.runLine("select 2");
                session.runLine("connect 127.0.0.1 " + port);
                // as redis-cli 7.0: the new connection selects the database last asked for
                assertEquals("127.0.0.1:" + port + "[2]> ", session.prompt());
                session.runLine("client info");
                assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("OK\nid="), out.toString());
                assertTrue(out.toString(StandardCharsets.UTF_8).contains(" db=2 "), out.toString());
                session.connection().close();
            } finally {
                server.close();
            }
        }
    }

    @Test
    void commandNamesComeFromTheEnginesCommandTable() {
        CommandCompleter completer = new CommandCompleter(() -> engine.engine().execute("COMMAND"), p -> List.of());
        assertTrue(completer.table().containsKey("HSET"));
        assertTrue(completer.table().get("CONFIG").contains("GET"), completer.table().get("CONFIG").toString());
    }

    /** Types {@code keys} into a fresh shell and returns the screen, without CRs and bracketed-paste codes. */
    @Test
    void ctrlCDuringABlockingCommandOnARemoteConnectionReturnsToThePrompt() throws Exception {
        dev.cinnabar.core.server.RespServer server = new dev.cinnabar.core.server.RespServer(engine.engine());
        int port = server.start(0);
        java.io.PipedOutputStream keys = new java.io.PipedOutputStream();
        java.io.PipedInputStream input = new java.io.PipedInputStream(keys, 4096);
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        boolean[] exited = new boolean[1];
        try (Terminal terminal = new DumbTerminal("test", "ansi", input, screen, StandardCharsets.UTF_8);
                RemoteConnection connection = new RemoteConnection("127.0.0.1", port)) {
            terminal.setSize(new Size(160, 80));
            ShellSession session = new ShellSession(connection, terminal.output(),
                    new PrintStream(new ByteArrayOutputStream()), ShellSession.Output.STANDARD);
            session.runLine(":set nohints");
            connection.connect();
            Repl repl = new Repl(session, terminal, home.resolve(".cinnabar_history"),
                    new CommandCompleter(() -> new dev.cinnabar.core.resp.RespValue.Array('*', List.of()),
                            prefix -> List.of()));
            repl.onUncutInterrupt(() -> exited[0] = true);
            repl.colors(false);
            Thread shell = new Thread(repl::run);
            shell.start();
            keys.write("blpop q 0\r".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            long deadline = System.currentTimeMillis() + 10_000;
            while (!engine.engine().execute("CLIENT", "LIST").toString().contains("cmd=blpop")
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            terminal.raise(Terminal.Signal.INT);
            keys.write("set k back\rexit\r".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            shell.join(10_000);
            assertEquals(false, shell.isAlive());
        } finally {
            server.close();
        }
        assertEquals(false, exited[0]);
        assertEquals(new dev.cinnabar.core.resp.RespValue.Bulk("back".getBytes(StandardCharsets.UTF_8)),
                engine.engine().execute("GET", "k"));
        String text = screen.toString(StandardCharsets.UTF_8).replace("\r", "").replaceAll("\u001b\\[\\?2004[hl]", "");
        assertTrue(text.contains("127.0.0.1:" + port + "> blpop q 0\n\n127.0.0.1:" + port + "> set k back\nOK\n"), text);
    }

    @Test
    void ctrlCDuringABlockingCommandOrASubscribeInTheEmbeddedEngineReturnsToThePrompt() throws Exception {
        java.io.PipedOutputStream keys = new java.io.PipedOutputStream();
        java.io.PipedInputStream input = new java.io.PipedInputStream(keys, 4096);
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        boolean[] exited = new boolean[1];
        try (Terminal terminal = new DumbTerminal("test", "ansi", input, screen, StandardCharsets.UTF_8)) {
            terminal.setSize(new Size(160, 80));
            ShellSession session = new ShellSession(engine, terminal.output(),
                    new PrintStream(new ByteArrayOutputStream()), ShellSession.Output.STANDARD);
            session.runLine(":set nohints");
            Repl repl = new Repl(session, terminal, home.resolve(".cinnabar_history"),
                    new CommandCompleter(() -> new dev.cinnabar.core.resp.RespValue.Array('*', List.of()),
                            prefix -> List.of()));
            repl.onUncutInterrupt(() -> exited[0] = true);
            repl.colors(false);
            Thread shell = new Thread(repl::run);
            shell.start();
            keys.write("blpop q 0\r".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            long deadline = System.currentTimeMillis() + 10_000;
            while (!((dev.cinnabar.core.resp.RespValue.Bulk) engine.engine().execute("INFO", "clients")).text()
                    .contains("blocked_clients:1") && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            terminal.raise(Terminal.Signal.INT);
            keys.write("subscribe ch\r".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            while (!engine.engine().execute("PUBSUB", "NUMSUB", "ch").toString().contains("Integer[value=1]")
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            terminal.raise(Terminal.Signal.INT);
            keys.write("rpush q back\rexit\r".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            shell.join(10_000);
            assertEquals(false, shell.isAlive());
        }
        assertEquals(false, exited[0]);
        String text = screen.toString(StandardCharsets.UTF_8).replace("\r", "").replaceAll("\u001b\\[\\?2004[hl]", "");
        assertTrue(text.contains("cinnabar> blpop q 0\n\ncinnabar> subscribe ch\nReading messages... (press Ctrl-C to quit)\n"
                + "1) \"subscribe\"\n2) \"ch\"\n3) (integer) 1\n\ncinnabar> rpush q back\n(integer) 1\n"), text);
    }

    private String type(String keys) throws IOException {
        return type(keys, false);
    }

    private String type(String keys, boolean hints) throws IOException {
        return type(keys, hints, false);
    }

    private String type(String keys, boolean hints, boolean colors) throws IOException {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal terminal = new DumbTerminal("test", "ansi",
                new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)), screen, StandardCharsets.UTF_8)) {
            terminal.setSize(new Size(160, 80));
            ShellSession session = new ShellSession(engine, terminal.output(),
                    new PrintStream(new ByteArrayOutputStream()), ShellSession.Output.STANDARD);
            session.zone(java.time.ZoneOffset.UTC);
            if (!hints) {
                // hints redraw the line at each key: the screen is easier to read without them
                session.runLine(":set nohints");
            }
            CommandCompleter completer = new CommandCompleter(() -> engine.engine().execute("COMMAND"),
                    prefix -> CommandCompleter.scanKeys(args -> engine.engine().execute(args.toArray(new byte[0][])),
                            prefix, 200));
            completer.tokens(session::tokens);
            completer.grammar(session::next);
            Repl repl = new Repl(session, terminal, home.resolve(".cinnabar_history"), completer);
            repl.colors(colors);
            repl.run();
        }
        // bracketed-paste switches around each line are terminal control, not screen text
        return screen.toString(StandardCharsets.UTF_8).replace("\r", "").replaceAll("\u001b\\[\\?2004[hl]", "");
    }
}
