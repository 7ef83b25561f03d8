// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.pubsub;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.client.Client;
import dev.cinnabar.core.server.RespServer;
import dev.cinnabar.core.testing.RespSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutionException;

import static dev.cinnabar.core.testing.Resp.array;
import static dev.cinnabar.core.testing.Resp.bulk;
import static dev.cinnabar.core.testing.Resp.integer;
import static dev.cinnabar.core.testing.Resp.push;
import static dev.cinnabar.core.testing.Resp.simple;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pub/sub for a RESP3 subscriber: confirmations and messages are pushes, and the connection keeps running
 * ordinary commands. The subscriber is switched to RESP3 directly, as HELLO 3 would.
 */
class PubSubResp3Test {
    private Engine engine;
    private RespServer server;
    private RespSocket sub;
    private RespSocket pub;

    @BeforeEach
    void start() throws InterruptedException, ExecutionException {
        engine = Engine.open();
        server = new RespServer(engine);
        int port = server.start(0);
        sub = new RespSocket(port);
        sub.call("PING");
        engine.loop().submit(() -> {
            for (Client c : engine.clients().all()) {
                c.protocol = 3;
            }
        }).get();
        pub = new RespSocket(port);
    }

    @AfterEach
    void stop() {
        sub.close();
        pub.close();
        server.close();
        engine.close();
    }

    @Test
    void subscriptionConfirmationsArePushes() {
        sub.send("SUBSCRIBE", "a", "b");
        assertEquals(push(bulk("subscribe"), bulk("a"), integer(1)), sub.read());
        assertEquals(push(bulk("subscribe"), bulk("b"), integer(2)), sub.read());
        assertEquals(push(bulk("psubscribe"), bulk("p*"), integer(3)), sub.call("PSUBSCRIBE", "p*"));
        assertEquals(push(bulk("ssubscribe"), bulk("s"), integer(1)), sub.call("SSUBSCRIBE", "s"));
    }

    @Test
    void unsubscribingFromNothingPushesANullName() {
        assertEquals(push(bulk("unsubscribe"), "_\r\n", integer(0)), sub.call("UNSUBSCRIBE"));
        assertEquals(push(bulk("punsubscribe"), "_\r\n", integer(0)), sub.call("PUNSUBSCRIBE"));
        assertEquals(push(bulk("sunsubscribe"), "_\r\n", integer(0)), sub.call("SUNSUBSCRIBE"));
    }

    @Test
    void messagesArePushes() {
        sub.call("SUBSCRIBE", "c");
        sub.call("PSUBSCRIBE", "c*");
        sub.call("SSUBSCRIBE", "c");
        assertEquals(integer(2), pub.call("PUBLISH", "c", "m"));
        assertEquals(push(bulk("message"), bulk("c"), bulk("m")), sub.read());
        assertEquals(push(bulk("pmessage"), bulk("c*"), bulk("c"), bulk("m")), sub.read());
        assertEquals(integer(1), pub.call("SPUBLISH", "c", "s"));
        assertEquals(push(bulk("smessage"), bulk("c"), bulk("s")), sub.read());
    }

    @Test
    void aSubscribedClientStillRunsOrdinaryCommands() {
        sub.call("SUBSCRIBE", "c");
        assertEquals(simple("OK"), sub.call("SET", "k", "v"));
        assertEquals(bulk("v"), sub.call("GET", "k"));
        assertEquals(simple("PONG"), sub.call("PING"));
    }

    @Test
    void publishingToItselfPushesTheMessageBeforeTheReply() {
        sub.call("SUBSCRIBE", "c");
        sub.send("PUBLISH", "c", "self");
        assertEquals(push(bulk("message"), bulk("c"), bulk("self")), sub.read());
        assertEquals(integer(1), sub.read());
    }

    @Test
    void aMessagePublishedInsideExecLandsInsideTheExecReply() {
        sub.call("SUBSCRIBE", "c");
        sub.call("MULTI");
        sub.call("PUBLISH", "c", "tx");
        sub.call("GET", "missing");
        // as in Redis 7.0 the push is written between the elements of the EXEC array (it is not one of them),
        // so a reader that counts it as an element sees the last element as a reply of its own
        String wire = sub.call("EXEC") + sub.read();
        assertEquals("*2\r\n" + push(bulk("message"), bulk("c"), bulk("tx")) + integer(1) + "_\r\n", wire);
    }

    @Test
    void publishRepliesWithAnIntegerInBothProtocols() {
        assertEquals(integer(0), sub.call("PUBLISH", "nobody", "m"));
        assertEquals(array(bulk("nobody"), integer(0)), sub.call("PUBSUB", "NUMSUB", "nobody"));
    }
}
