// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.transactions;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.server.RespServer;
import dev.cinnabar.core.testing.RespSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.cinnabar.core.testing.Resp.array;
import static dev.cinnabar.core.testing.Resp.error;
import static dev.cinnabar.core.testing.Resp.simple;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** An EXEC refused before it runs discards the transaction and says why, keeping a non-ERR code. */
class ExecRejectedTest {
    private Engine engine;
    private RespServer server;
    private RespSocket client;

    private void open(Map<String, String> settings) throws InterruptedException {
        engine = Engine.open(settings);
        server = new RespServer(engine);
        client = new RespSocket(server.start(0));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        engine.close();
    }

    @Test
    void execBeforeAuthenticatingKeepsTheNoauthCode() throws InterruptedException {
        open(Map.of("requirepass", "secret"));
        assertEquals(error("EXECABORT Transaction discarded because of: NOAUTH Authentication required."),
                client.call("EXEC"));
    }

    @Test
    void aRejectedExecForgetsTheWatchedKeysToo() throws InterruptedException {
        open(Map.of());
        client.call("WATCH", "k");
        client.call("SET", "k", "changed");
        client.call("MULTI");
        assertEquals(error("EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command"),
                client.call("EXEC", "extra"));
        assertEquals(error("ERR EXEC without MULTI"), client.call("EXEC"));
        client.call("MULTI");
        client.call("PING");
        assertEquals(array(simple("PONG")), client.call("EXEC"));
    }
}
