// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.transactions;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.server.RespServer;
import dev.cinnabar.core.testing.RespSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.cinnabar.core.testing.Resp.array;
import static dev.cinnabar.core.testing.Resp.bulk;
import static dev.cinnabar.core.testing.Resp.simple;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** WATCH invalidated by another connection, over real sockets. */
class WatchAcrossClientsTest {
    private Engine engine;
    private RespServer server;
    private RespSocket watcher;
    private RespSocket writer;
    private int port;

    @BeforeEach
    void start() throws InterruptedException {
        engine = Engine.open();
        server = new RespServer(engine);
        port = server.start(0);
        watcher = new RespSocket(port);
        writer = new RespSocket(port);
    }

    @AfterEach
    void stop() {
        watcher.close();
        writer.close();
        server.close();
        engine.close();
    }

    @Test
    void anotherClientWritingAWatchedKeyMakesExecReplyANullArray() {
        watcher.call("WATCH", "k");
        writer.call("SET", "k", "theirs");
        watcher.call("MULTI");
        watcher.call("SET", "k", "mine");
        assertEquals("*-1\r\n", watcher.call("EXEC"));
        assertEquals(bulk("theirs"), writer.call("GET", "k"));
    }

    @Test
    void aWriteWhileTheTransactionIsBeingQueuedAlsoFailsIt() {
        watcher.call("WATCH", "k");
        watcher.call("MULTI");
        watcher.call("SET", "k", "mine");
        writer.call("SET", "k", "theirs");
        assertEquals("*-1\r\n", watcher.call("EXEC"));
    }

    @Test
    void anotherClientWritingAnUnwatchedKeyLetsExecRun() {
        watcher.call("WATCH", "k");
        writer.call("SET", "other", "v");
        watcher.call("MULTI");
        watcher.call("SET", "k", "mine");
        assertEquals(array(simple("OK")), watcher.call("EXEC"));
    }

    @Test
    void oneWriteFailsEveryClientWatchingTheKey() {
        try (RespSocket second = new RespSocket(port)) {
            watcher.call("WATCH", "k");
            second.call("WATCH", "k");
            writer.call("SET", "k", "v");
            watcher.call("MULTI");
            second.call("MULTI");
            assertEquals("*-1\r\n", watcher.call("EXEC"));
            assertEquals("*-1\r\n", second.call("EXEC"));
        }
    }
}
