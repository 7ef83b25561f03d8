// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.resp.RespValue;
import dev.cinnabar.core.server.RespServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Replies that come without a command: SUBSCRIBE's messages, RESP3 pushes before a reply. */
class StreamingTest {
    @Test
    void subscribePrintsMessagesUntilTheConnectionEnds() throws Exception {
        try (Engine engine = Engine.open(Map.of("save", ""))) {
            RespServer server = new RespServer(engine);
            int port = server.start(0);
            try {
                RemoteConnection connection = new RemoteConnection("127.0.0.1", port);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ShellSession session = new ShellSession(connection, out, new PrintStream(new ByteArrayOutputStream()),
                        ShellSession.Output.STANDARD);
                Thread subscriber = new Thread(() -> session.runLine("subscribe ch"));
                subscriber.start();
                String expected = "Reading messages... (press Ctrl-C to quit)\n"
                        + "1) \"subscribe\"\n2) \"ch\"\n3) (integer) 1\n"
                        + "1) \"message\"\n2) \"ch\"\n3) \"hello\"\n";
                long deadline = System.currentTimeMillis() + 10_000;
                while (!out.toString(StandardCharsets.UTF_8).equals(expected)
                        && System.currentTimeMillis() < deadline) {
                    RespValue.Array numsub = (RespValue.Array) engine.execute("PUBSUB", "NUMSUB", "ch");
                    if (numsub.items().get(1).equals(new RespValue.Integer(1))) {
                        engine.execute("PUBLISH", "ch", "hello");
                    }
                    Thread.sleep(50);
                }
                assertEquals(expected, out.toString(StandardCharsets.UTF_8));
                connection.close();
                subscriber.join(5000);
                assertEquals(false, subscriber.isAlive());
            } finally {
                server.close();
            }
        }
    }

    @Test
    void ctrlCDuringSubscribeOrABlockingCommandReturnsToThePromptWithTheSameDbAndProtocol() throws Exception {
        try (Engine engine = Engine.open(Map.of("save", ""))) {
            RespServer server = new RespServer(engine);
            int port = server.start(0);
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                RemoteConnection connection = new RemoteConnection("127.0.0.1", port);
                ShellSession session = new ShellSession(connection, out, new PrintStream(new ByteArrayOutputStream()),
                        ShellSession.Output.STANDARD);
                connection.onConnect(session::handshake);
                session.runLine("select 2");
                session.runLine("hello 3");
                out.reset();
                for (String waiting : new String[] {"subscribe ch", "blpop q 0", "monitor"}) {
                    boolean[] result = new boolean[1];
                    Thread command = new Thread(() -> result[0] = session.runLine(waiting));
                    command.start();
                    long deadline = System.currentTimeMillis() + 10_000;
                    while (!waitingClient(engine, waiting) && !out.toString(StandardCharsets.UTF_8).contains("subscribe")
                            && !out.toString(StandardCharsets.UTF_8).contains("OK") && System.currentTimeMillis() < deadline) {
                        Thread.sleep(20);
                    }
                    assertEquals(true, session.interrupt());
                    command.join(5000);
                    assertEquals(false, command.isAlive(), waiting);
                    assertEquals(true, result[0], waiting + " returns to the prompt, the shell goes on");
                    Thread.sleep(50);
                    out.reset();
                    session.runLine("set k v");
                    assertEquals("v", inDb2(port, "GET", "k"), "SELECT 2 restored after " + waiting);
                    out.reset();
                    session.runLine("hgetall h");
                    assertEquals("(empty hash)\n", out.toString(StandardCharsets.UTF_8), "still RESP3 after " + waiting);
                    inDb2(port, "DEL", "k");
                    out.reset();
                }
                connection.close();
            } finally {
                server.close();
            }
        }
    }

    private static boolean waitingClient(Engine engine, String command) {
        String name = command.split(" ")[0];
        RespValue list = engine.execute("CLIENT", "LIST");
        String text = list instanceof RespValue.Bulk b ? b.text() : list.toString();
        return text.contains("cmd=" + name);
    }

    /** Runs a command in database 2 on a connection of its own; the reply's text. */
    private static String inDb2(int port, String... command) throws Exception {
        try (RemoteConnection c = new RemoteConnection("127.0.0.1", port)) {
            c.execute(List.of("SELECT".getBytes(), "2".getBytes()));
            List<byte[]> args = new java.util.ArrayList<>();
            for (String a : command) {
                args.add(a.getBytes(StandardCharsets.UTF_8));
            }
            RespValue reply = c.execute(args);
            return reply instanceof RespValue.Bulk b ? b.text() : reply.toString();
        }
    }

    @Test
    void aPushBeforeAReplyIsPrintedAsRedisCliPrintsItOnATerminal() throws Exception {
        try (java.net.ServerSocket fake = new java.net.ServerSocket(0)) {
            Thread server = new Thread(() -> {
                try (java.net.Socket s = fake.accept()) {
                    for (int i = 0; i < 2; i++) {
                        s.getInputStream().read(new byte[64]); // *1 $4 PING
                        s.getOutputStream().write(">2\r\n$10\r\ninvalidate\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n+PONG\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            server.start();
            RemoteConnection connection = new RemoteConnection("127.0.0.1", fake.getLocalPort());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ShellSession session = new ShellSession(connection, out, new PrintStream(new ByteArrayOutputStream()),
                    ShellSession.Output.STANDARD);
            session.runLine("ping");
            assertEquals("-> invalidate: 'a', 'b'\nPONG\n", out.toString(StandardCharsets.UTF_8));
            out.reset();
            session.showPushes(false);
            session.runLine("ping");
            assertEquals("PONG\n", out.toString(StandardCharsets.UTF_8), "stdout not a terminal: not shown");
            connection.close();
            server.join(5000);
        }
    }

    @Test
    void embeddedSubscribePrintsMessagesUntilCtrlCThenThePromptComesBack() throws Exception {
        EmbeddedConnection engine = EmbeddedConnection.inMemory(Map.of());
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ShellSession session = new ShellSession(engine, out, new PrintStream(new ByteArrayOutputStream()),
                    ShellSession.Output.STANDARD);
            Thread subscriber = new Thread(() -> session.runLine("subscribe ch other"));
            subscriber.start();
            String expected = "Reading messages... (press Ctrl-C to quit)\n"
                    + "1) \"subscribe\"\n2) \"ch\"\n3) (integer) 1\n"
                    + "1) \"subscribe\"\n2) \"other\"\n3) (integer) 2\n"
                    + "1) \"message\"\n2) \"ch\"\n3) \"hello\"\n";
            waitFor(() -> numsub(engine, "ch") == 1);
            assertEquals(new RespValue.Integer(1), engine.engine().execute("PUBLISH", "ch", "hello"));
            waitFor(() -> out.toString(StandardCharsets.UTF_8).equals(expected));
            assertEquals(expected, out.toString(StandardCharsets.UTF_8));
            assertEquals(true, session.interrupt(), "Ctrl-C ends the stream");
            subscriber.join(5000);
            assertEquals(false, subscriber.isAlive());
            assertEquals(0, numsub(engine, "ch"), "the subscriptions went with the stream");
            out.reset();
            session.runLine("ping");
            assertEquals("PONG\n", out.toString(StandardCharsets.UTF_8));
        } finally {
            engine.close();
        }
    }

    @Test
    void embeddedMonitorShowsWhatOthersRunInRedisFormat() throws Exception {
        EmbeddedConnection engine = EmbeddedConnection.inMemory(Map.of());
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ShellSession session = new ShellSession(engine, out, new PrintStream(new ByteArrayOutputStream()),
                    ShellSession.Output.STANDARD);
            Thread monitor = new Thread(() -> session.runLine("monitor"));
            monitor.start();
            waitFor(() -> out.toString(StandardCharsets.UTF_8).equals("OK\n"));
            engine.engine().execute("SET", "k", "a b");
            waitFor(() -> out.toString(StandardCharsets.UTF_8).contains("\"SET\""));
            String text = out.toString(StandardCharsets.UTF_8);
            assertEquals(true, text.matches("OK\n\\d+\\.\\d{6} \\[0 [^\\]]*\\] \"SET\" \"k\" \"a b\"\n"), text);
            assertEquals(true, session.interrupt());
            monitor.join(5000);
            assertEquals(false, monitor.isAlive());
            out.reset();
            engine.engine().execute("SET", "k", "again");
            session.runLine("get k");
            assertEquals("\"again\"\n", out.toString(StandardCharsets.UTF_8), "the monitor is gone");
        } finally {
            engine.close();
        }
    }

    @Test
    void embeddedSubscribeInResp3PrintsPushesAndAnErrorEndsNoStream() throws Exception {
        EmbeddedConnection engine = EmbeddedConnection.inMemory(Map.of());
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ShellSession session = new ShellSession(engine, out, new PrintStream(new ByteArrayOutputStream()),
                    ShellSession.Output.STANDARD);
            session.runLine("hello 3");
            out.reset();
            session.runLine("multi");
            session.runLine("subscribe ch");
            session.runLine("discard");
            assertEquals("OK\nQUEUED\nOK\n", out.toString(StandardCharsets.UTF_8), "queued inside MULTI, not streamed");
            out.reset();
            Thread subscriber = new Thread(() -> session.runLine("psubscribe c*"));
            subscriber.start();
            waitFor(() -> numpat(engine) == 1);
            engine.engine().execute("PUBLISH", "ch", "x");
            waitFor(() -> out.toString(StandardCharsets.UTF_8).contains("\"x\""));
            assertEquals("Reading messages... (press Ctrl-C to quit)\n"
                    + "1) \"psubscribe\"\n2) \"c*\"\n3) (integer) 1\n"
                    + "1) \"pmessage\"\n2) \"c*\"\n3) \"ch\"\n4) \"x\"\n", out.toString(StandardCharsets.UTF_8));
            session.interrupt();
            subscriber.join(5000);
            assertEquals(0, numpat(engine));
        } finally {
            engine.close();
        }
    }

    private static long numsub(EmbeddedConnection engine, String channel) {
        RespValue.Array reply = (RespValue.Array) engine.engine().execute("PUBSUB", "NUMSUB", channel);
        return ((RespValue.Integer) reply.items().get(1)).value();
    }

    private static long numpat(EmbeddedConnection engine) {
        return ((RespValue.Integer) engine.engine().execute("PUBSUB", "NUMPAT")).value();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }
}
