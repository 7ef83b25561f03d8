// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.server.RespServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a new connection replays: the AUTH typed in the session (or HELLO … AUTH), the database, the protocol. */
class ReconnectTest {
    private Engine engine;
    private RespServer server;
    private RemoteConnection connection;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private ShellSession session;

    @BeforeEach
    void start() throws Exception {
        engine = Engine.open(Map.of("save", "", "requirepass", "secret"));
        server = new RespServer(engine);
        int port = server.start(0);
        connection = new RemoteConnection("127.0.0.1", port);
        session = new ShellSession(connection, out, new PrintStream(err, true, StandardCharsets.UTF_8),
                ShellSession.Output.STANDARD);
        connection.onConnect(session::handshake);
    }

    @AfterEach
    void stop() {
        connection.close();
        server.close();
        engine.close();
    }

    @Test
    void anAuthTypedInTheSessionIsReplayedOnReconnectAndSelectsTheDatabaseItsSelectFailedFor() throws Exception {
        session.database(2); // -n 2 without -a: SELECT fails for want of AUTH, as with redis-cli
        connection.connect();
        assertEquals("SELECT 2 failed: NOAUTH Authentication required.\n", err.toString(StandardCharsets.UTF_8));
        String host = connection.name();
        assertEquals(host + "> ", session.prompt());
        session.runLine("auth secret");
        assertEquals(host + "[2]> ", session.prompt(), "AUTH selects the database again, as redis-cli's cliSelect");
        session.runLine("set k v");
        connection.close(); // the connection is lost
        out.reset();
        session.runLine("get k");
        assertEquals("\"v\"\n", out.toString(StandardCharsets.UTF_8), "signed in again, in db 2");
        assertEquals(host + "[2]> ", session.prompt());
    }

    @Test
    void helloAuthIsReplayedWithItsProtocolAndResetForgetsTheCredentials() throws Exception {
        connection.connect();
        session.runLine("hello 3 auth default secret setname me");
        session.runLine("hset h f v");
        connection.close();
        out.reset();
        session.runLine("hgetall h");
        assertEquals("1# \"f\" => \"v\"\n", out.toString(StandardCharsets.UTF_8), "AUTH and RESP3 again");
        session.runLine("reset");
        connection.close();
        out.reset();
        session.runLine("get k");
        assertEquals("(error) NOAUTH Authentication required.\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFailedAuthIsNotKept() throws Exception {
        session.credentials(null, "secret");
        connection.connect();
        session.runLine("auth wrong");
        connection.close();
        out.reset();
        session.runLine("ping");
        assertEquals("PONG\n", out.toString(StandardCharsets.UTF_8));
    }
}
