// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.connection;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.server.RespServer;
import dev.cinnabar.spi.CommandFlag;
import dev.cinnabar.spi.CommandSpec;
import dev.cinnabar.spi.KeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connection commands over real sockets: pausing, killing, monitoring, authentication, reply modes. */
class ConnectionSocketTest {
    private Engine engine;
    private RespServer server;
    private int port;

    private void start(Map<String, String> config) throws Exception {
        engine = Engine.open(config);
        server = new RespServer(engine);
        port = server.start(0);
    }

    private void start() throws Exception {
        start(Map.of());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private TestConnection connect() throws Exception {
        return new TestConnection(port);
    }

    private static long id(TestConnection c) throws Exception {
        return Long.parseLong(c.call("CLIENT", "ID").trim().substring(1));
    }

    /** The CLIENT LIST line of client {@code id}, as seen by {@code observer}. */
    private static String line(TestConnection observer, long id) throws Exception {
        String reply = observer.call("CLIENT", "LIST", "ID", Long.toString(id));
        return reply.substring(reply.indexOf("\r\n") + 2).trim();
    }

    private static String field(String line, String name) {
        Matcher m = Pattern.compile("(?:^| )" + Pattern.quote(name) + "=(\\S*)").matcher(line);
        assertTrue(m.find(), name + " in " + line);
        return m.group(1);
    }

    @Test
    void pauseAllHoldsEveryClientUntilTheTimeout() throws Exception {
        start();
        try (TestConnection a = connect(); TestConnection b = connect()) {
            long start = System.nanoTime();
            assertEquals("+OK\r\n", a.call("CLIENT", "PAUSE", "400", "ALL"));
            b.send("CLIENT", "UNPAUSE");
            a.send("PING");
            assertTrue(b.silentFor(150), "UNPAUSE waits under PAUSE ALL too");
            assertEquals("+OK\r\n", b.read());
            assertEquals("+PONG\r\n", a.read());
            assertTrue((System.nanoTime() - start) / 1_000_000 >= 350, "held until the timeout");
        }
    }

    @Test
    void pauseWriteHoldsWritesAndTheInputBehindThemButNotReads() throws Exception {
        start();
        try (TestConnection a = connect(); TestConnection b = connect()) {
            long bId = id(b);
            assertEquals("+OK\r\n", a.call("CLIENT", "PAUSE", "10000", "WRITE"));
            assertEquals("$-1\r\n", b.call("GET", "k"));
            b.send("SET", "k", "v");
            b.send("GET", "k");
            assertTrue(b.silentFor(200));
            String held = line(a, bId);
            assertEquals("b", field(held, "flags"));
            assertEquals("set", field(held, "cmd"));
            assertEquals("5", field(held, "argv-mem"));
            assertEquals("+OK\r\n", a.call("CLIENT", "UNPAUSE"));
            assertEquals("+OK\r\n", b.read());
            assertEquals("$1\r\nv\r\n", b.read());
            assertEquals("N", field(line(a, bId), "flags"));
        }
    }

    @Test
    void heldCommandsRunInTheOrderClientsWereHeld() throws Exception {
        start();
        try (TestConnection a = connect(); TestConnection b = connect(); TestConnection c = connect()) {
            a.call("CLIENT", "PAUSE", "10000", "WRITE");
            b.send("SET", "k", "first");
            assertTrue(b.silentFor(100));
            c.send("SET", "k", "second");
            assertTrue(c.silentFor(100));
            a.call("CLIENT", "UNPAUSE");
            assertEquals("+OK\r\n", b.read());
            assertEquals("+OK\r\n", c.read());
            assertEquals("$6\r\nsecond\r\n", a.call("GET", "k"));
        }
    }

    @Test
    void aLaterPauseKeepsTheStricterModeAndTheLaterEnd() throws Exception {
        start();
        try (TestConnection a = connect(); TestConnection b = connect()) {
            a.call("CLIENT", "PAUSE", "600", "WRITE");
            a.call("CLIENT", "PAUSE", "50", "ALL");
            long start = System.nanoTime();
            b.send("GET", "k");
            assertEquals("$-1\r\n", b.read());
            assertTrue((System.nanoTime() - start) / 1_000_000 >= 400, "reads held until the WRITE pause's end");
        }
    }

    @Test
    void aKilledHeldClientIsForgotten() throws Exception {
        start();
        try (TestConnection a = connect(); TestConnection b = connect()) {
            long bId = id(b);
            a.call("CLIENT", "PAUSE", "10000", "WRITE");
            b.send("SET", "k", "v");
            assertTrue(b.silentFor(100));
            assertEquals(":1\r\n", a.call("CLIENT", "KILL", "ID", Long.toString(bId)));
            assertTrue(b.closedByServer());
            a.call("CLIENT", "UNPAUSE");
            assertEquals("$-1\r\n", a.call("GET", "k"));
        }
    }

    @Test
    void clientKillClosesByIdAddressAndType() throws Exception {
        start();
        try (TestConnection a = connect(); TestConnection b = connect(); TestConnection c = connect()) {
            assertEquals(":1\r\n", a.call("CLIENT", "KILL", "ID", Long.toString(id(b))));
            assertTrue(b.closedByServer());
            String cAddr = "127.0.0.1:" + c.socket().getLocalPort();
            assertEquals("+OK\r\n", a.call("CLIENT", "KILL", cAddr));
            assertTrue(c.closedByServer());
            assertEquals("-ERR No such client\r\n", a.call("CLIENT", "KILL", cAddr));
            try (TestConnection d = connect(); TestConnection e = connect()) {
                id(d);
                id(e);
                assertEquals(":2\r\n", a.call("CLIENT", "KILL", "TYPE", "normal"));
                assertTrue(d.closedByServer());
                assertTrue(e.closedByServer());
                assertEquals("+PONG\r\n", a.call("PING"), "SKIPME yes by default");
            }
        }
    }

    @Test
    void clientKillOfItselfRepliesThenCloses() throws Exception {
        start();
        try (TestConnection a = connect()) {
            String laddr = "127.0.0.1:" + port;
            assertEquals(":1\r\n", a.call("CLIENT", "KILL", "LADDR", laddr, "SKIPME", "no"));
            assertTrue(a.closedByServer());
        }
        try (TestConnection a = connect()) {
            assertEquals("+OK\r\n", a.call("CLIENT", "KILL", "127.0.0.1:" + a.socket().getLocalPort()));
            assertTrue(a.closedByServer());
        }
    }

    /** Checks a MONITOR line: {@code +seconds.micros [db origin] args} with {@code expected} after the time. */
    private static void assertMonitorLine(String expected, String line) {
        assertTrue(line.matches("\\+\\d+\\.\\d{6} .*\r\n"), line);
        assertEquals(expected, line.substring(line.indexOf(' ') + 1, line.length() - 2));
    }

    @Test
    void monitorShowsOtherClientsCommandsInRedisFormat() throws Exception {
        start();
        try (TestConnection m = connect(); TestConnection c = connect()) {
            assertEquals("+OK\r\n", m.call("MONITOR"));
            String origin = "127.0.0.1:" + c.socket().getLocalPort();
            c.call("SET", "k", "a\"b\\c\n\u0001");
            assertMonitorLine("[0 " + origin + "] \"SET\" \"k\" \"a\\\"b\\\\c\\n\\x01\"", m.read());
            c.call("SELECT", "2");
            assertMonitorLine("[2 " + origin + "] \"SELECT\" \"2\"", m.read());
            c.call("CLIENT", "LIST");
            c.call("AUTH", "default", "secret");
            assertMonitorLine("[2 " + origin + "] \"AUTH\" \"(redacted)\" \"(redacted)\"", m.read());
            c.call("NOSUCH");
            c.call("GET");
            c.call("HELLO", "2", "AUTH", "default", "pw", "SETNAME", "x");
            assertMonitorLine("[2 " + origin + "] \"HELLO\" \"2\" \"AUTH\" \"(redacted)\" \"(redacted)\" "
                    + "\"SETNAME\" \"x\"", m.read());
        }
    }

    @Test
    void aMonitorCannotTouchTheKeyspaceAndResetStopsIt() throws Exception {
        start();
        try (TestConnection m = connect(); TestConnection c = connect()) {
            m.call("MONITOR");
            assertEquals("-ERR Replica can't interact with the keyspace\r\n", m.call("GET", "k"));
            m.send("MONITOR");
            assertTrue(m.silentFor(100), "MONITOR again replies nothing");
            assertEquals("O", field(line(c, id(m)), "flags"));
            assertTrue(m.read().contains("\"CLIENT\" \"ID\""));
            assertEquals("+RESET\r\n", m.call("RESET"));
            c.call("PING");
            assertTrue(m.silentFor(100));
            assertEquals("N", field(line(c, id(m)), "flags"));
        }
    }

    @Test
    void requirepassDemandsAuthAndResetForgetsIt() throws Exception {
        start(Map.of("requirepass", "pw"));
        try (TestConnection c = connect()) {
            assertEquals("-NOAUTH Authentication required.\r\n", c.call("PING"));
            assertTrue(c.call("HELLO", "3").startsWith("-NOAUTH HELLO must be called with the client already"));
            assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n", c.call("AUTH", "x"));
            assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n",
                    c.call("AUTH", "default", "x"));
            assertEquals("+OK\r\n", c.call("AUTH", "pw"));
            assertEquals("+PONG\r\n", c.call("PING"));
            assertEquals("+RESET\r\n", c.call("RESET"));
            assertEquals("-NOAUTH Authentication required.\r\n", c.call("PING"));
            assertTrue(c.call("HELLO", "3", "AUTH", "default", "pw").startsWith("%7\r\n"));
            assertEquals("+PONG\r\n", c.call("PING"));
            assertEquals("+OK\r\n", c.call("AUTH", "default", "pw"));
        }
    }

    @Test
    void helloAuthBeforeABadOptionStaysDone() throws Exception {
        start(Map.of("requirepass", "pw"));
        try (TestConnection c = connect()) {
            assertEquals("-ERR Syntax error in HELLO option 'bogus'\r\n",
                    c.call("HELLO", "2", "AUTH", "default", "pw", "bogus"));
            assertEquals("+PONG\r\n", c.call("PING"));
        }
    }

    @Test
    void quitRepliesThenCloses() throws Exception {
        start();
        try (TestConnection c = connect()) {
            assertEquals("+OK\r\n", c.call("QUIT", "ignored"));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void clientReplyOffAndSkipDropRepliesErrorsIncluded() throws Exception {
        start();
        try (TestConnection c = connect()) {
            c.send("CLIENT", "REPLY", "OFF");
            c.send("PING");
            c.send("NOSUCH");
            c.send("CLIENT", "REPLY", "SKIP");
            c.send("GET");
            assertEquals("+OK\r\n", c.call("CLIENT", "REPLY", "ON"));
            c.send("CLIENT", "REPLY", "SKIP");
            c.send("NOSUCH");
            assertEquals("$1\r\nx\r\n", c.call("ECHO", "x"));
            c.send("CLIENT", "REPLY", "SKIP");
            assertEquals("+OK\r\n", c.call("CLIENT", "REPLY", "ON"), "REPLY ON replies even when skipped");
        }
    }

    @Test
    void clientListShowsRedisFieldsInRedisOrder() throws Exception {
        start();
        try (TestConnection c = connect()) {
            long id = id(c);
            c.call("CLIENT", "SETNAME", "me");
            c.call("SELECT", "3");
            String reply = c.call("CLIENT", "LIST");
            assertTrue(reply.startsWith("$"));
            String line = reply.substring(reply.indexOf("\r\n") + 2).trim();
            List<String> names = Arrays.stream(line.split(" ")).map(f -> f.substring(0, f.indexOf('='))).toList();
            assertEquals(List.of("id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db", "sub", "psub",
                    "ssub", "multi", "qbuf", "qbuf-free", "argv-mem", "multi-mem", "rbs", "rbp", "obl", "oll", "omem",
                    "tot-mem", "events", "cmd", "user", "redir", "resp"), names);
            assertEquals(Long.toString(id), field(line, "id"));
            assertEquals("127.0.0.1:" + c.socket().getLocalPort(), field(line, "addr"));
            assertEquals("127.0.0.1:" + port, field(line, "laddr"));
            assertEquals("me", field(line, "name"));
            assertEquals("3", field(line, "db"));
            assertEquals("N", field(line, "flags"));
            assertEquals("-1", field(line, "multi"));
            assertEquals("10", field(line, "argv-mem"));
            assertEquals("client|list", field(line, "cmd"));
            assertEquals("default", field(line, "user"));
            assertEquals("2", field(line, "resp"));
            assertTrue(c.call("HELLO", "3").startsWith("%7"));
            String info = c.call("CLIENT", "INFO");
            assertTrue(info.startsWith("=") && info.contains("\r\ntxt:id=" + id + " "), info);
            assertTrue(info.endsWith(" cmd=client|info user=default redir=-1 resp=3\n\r\n"), info);
        }
    }

    @Test
    void anotherClientsCmdIsItsLastCommandOrNullAfterAnUnknownOne() throws Exception {
        start();
        try (TestConnection a = connect(); TestConnection b = connect()) {
            long bId = id(b);
            b.call("GET");
            assertEquals("get", field(line(a, bId), "cmd"), "arity errors keep the command");
            b.call("NOSUCH");
            assertEquals("NULL", field(line(a, bId), "cmd"));
            b.call("CLIENT", "NOSUCH");
            assertEquals("NULL", field(line(a, bId), "cmd"));
        }
    }

    @Test
    void hello3SwitchesEveryLaterReplyToResp3() throws Exception {
        start();
        try (TestConnection c = connect()) {
            String hello = c.call("HELLO", "3");
            assertTrue(hello.startsWith("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n"
                    + "$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:"), hello);
            assertTrue(hello.endsWith("$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n"
                    + "$7\r\nmodules\r\n*0\r\n"), hello);
            assertEquals("_\r\n", c.call("GET", "missing"));
            assertEquals("_\r\n", c.call("CLIENT", "GETNAME"));
            assertEquals("%3\r\n$5\r\nflags\r\n~1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n",
                    c.call("CLIENT", "TRACKINGINFO"));
            assertEquals("+RESET\r\n", c.call("RESET"));
            assertEquals("$-1\r\n", c.call("GET", "missing"));
        }
    }

    @Test
    void clientUnblockRepliesTheTimeoutReplyOrAnError() throws Exception {
        start();
        engine.loop().submit(() -> engine.commands().register(new CommandSpec("testblock", 2,
                Set.of(CommandFlag.BLOCKING), List.of(), List.of(KeySpec.range(1, 0, 1)), "test", "blocks forever",
                (ctx, args) -> ctx.block(new byte[][]{args.get(1)}, 0, w -> w.nullArray())))).get();
        try (TestConnection a = connect(); TestConnection b = connect()) {
            long bId = id(b);
            b.send("TESTBLOCK", "k");
            assertTrue(b.silentFor(100));
            assertEquals("b", field(line(a, bId), "flags"));
            assertEquals(":1\r\n", a.call("CLIENT", "UNBLOCK", Long.toString(bId)));
            assertEquals("*-1\r\n", b.read());
            assertEquals(":0\r\n", a.call("CLIENT", "UNBLOCK", Long.toString(bId)));
            b.send("TESTBLOCK", "k");
            assertTrue(b.silentFor(100));
            assertEquals(":1\r\n", a.call("CLIENT", "UNBLOCK", Long.toString(bId), "ERROR"));
            assertEquals("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n", b.read());
            assertEquals("+PONG\r\n", b.call("PING"));
        }
    }

    @Test
    void aClientHeldByPauseIsNotUnblocked() throws Exception {
        start();
        try (TestConnection a = connect(); TestConnection b = connect()) {
            long bId = id(b);
            a.call("CLIENT", "PAUSE", "10000", "WRITE");
            b.send("SET", "k", "v");
            assertTrue(b.silentFor(100));
            assertEquals(":0\r\n", a.call("CLIENT", "UNBLOCK", Long.toString(bId)));
            assertTrue(b.silentFor(50));
            a.call("CLIENT", "UNPAUSE");
            assertEquals("+OK\r\n", b.read());
        }
    }
}
