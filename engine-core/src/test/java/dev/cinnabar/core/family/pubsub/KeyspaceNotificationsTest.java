// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.pubsub;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.server.RespServer;
import dev.cinnabar.core.testing.RespSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.cinnabar.core.testing.Resp.array;
import static dev.cinnabar.core.testing.Resp.bulk;
import static dev.cinnabar.core.testing.Resp.pmessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Keyspace notifications as a subscriber sees them, checked against what Redis 7.0.15 sends for the same
 * commands: the keyspace message comes before the keyevent message of each event.
 */
class KeyspaceNotificationsTest {
    private static final String PONG_IN_SUBSCRIBED_MODE = array(bulk("pong"), bulk(""));

    private Engine engine;
    private RespServer server;
    private RespSocket sub;
    private RespSocket client;

    /** An engine with {@code notify-keyspace-events} set to {@code flags}; the subscriber listens to everything. */
    private void open(String flags) throws InterruptedException {
        engine = Engine.open(Map.of("notify-keyspace-events", flags));
        engine.coreConfig().activeExpireEnabled = false;
        server = new RespServer(engine);
        int port = server.start(0);
        sub = new RespSocket(port);
        client = new RespSocket(port);
        sub.call("PSUBSCRIBE", "*");
    }

    @AfterEach
    void stop() {
        sub.close();
        client.close();
        server.close();
        engine.close();
    }

    private static String keyspace(int db, String key, String event) {
        return pmessage("*", "__keyspace@" + db + "__:" + key, event);
    }

    private static String keyevent(int db, String key, String event) {
        return pmessage("*", "__keyevent@" + db + "__:" + event, key);
    }

    @Test
    void setNotifiesBothChannelsWithKEA() throws InterruptedException {
        open("KEA");
        client.call("SET", "k", "v");
        assertEquals(keyspace(0, "k", "set"), sub.read());
        assertEquals(keyevent(0, "k", "set"), sub.read());
    }

    @Test
    void setWithATtlNotifiesSetThenExpire() throws InterruptedException {
        open("KEA");
        client.call("SET", "k", "v", "EX", "100");
        assertEquals(keyspace(0, "k", "set"), sub.read());
        assertEquals(keyevent(0, "k", "set"), sub.read());
        assertEquals(keyspace(0, "k", "expire"), sub.read());
        assertEquals(keyevent(0, "k", "expire"), sub.read());
    }

    @Test
    void onlyTheEnabledClassesAreNotified() throws InterruptedException {
        open("Kg");
        client.call("SET", "k", "v", "EX", "100");
        assertEquals(keyspace(0, "k", "expire"), sub.read());
        assertEquals(PONG_IN_SUBSCRIBED_MODE, sub.call("PING"));
    }

    @Test
    void keyeventAloneSkipsTheKeyspaceChannel() throws InterruptedException {
        open("E$");
        client.call("SET", "k", "v");
        assertEquals(keyevent(0, "k", "set"), sub.read());
        assertEquals(PONG_IN_SUBSCRIBED_MODE, sub.call("PING"));
    }

    @Test
    void creatingAKeyNotifiesNewBeforeTheCommandsOwnEventButOverwritingDoesNot() throws InterruptedException {
        open("E$n");
        client.call("SET", "k", "v");
        assertEquals(keyevent(0, "k", "new"), sub.read());
        assertEquals(keyevent(0, "k", "set"), sub.read());
        client.call("SET", "k", "v2");
        assertEquals(keyevent(0, "k", "set"), sub.read());
        assertEquals(PONG_IN_SUBSCRIBED_MODE, sub.call("PING"));
    }

    @Test
    void theChannelNamesTheSelectedDatabase() throws InterruptedException {
        open("K$");
        client.call("SELECT", "3");
        client.call("SET", "k", "v");
        assertEquals(keyspace(3, "k", "set"), sub.read());
    }

    @Test
    void aKeyFoundExpiredNotifiesExpired() throws InterruptedException {
        open("Ex");
        client.call("SET", "k", "v", "PX", "1");
        long setAt = System.currentTimeMillis();
        while (System.currentTimeMillis() <= setAt + 2) {
            Thread.sleep(1);
        }
        assertEquals("$-1\r\n", client.call("GET", "k"));
        assertEquals(keyevent(0, "k", "expired"), sub.read());
    }

    @Test
    void nothingIsNotifiedByDefault() throws InterruptedException {
        open("");
        client.call("SET", "k", "v", "EX", "100");
        assertEquals(PONG_IN_SUBSCRIBED_MODE, sub.call("PING"));
    }

    @Test
    void classesWithoutKOrENotifyNothing() throws InterruptedException {
        open("A");
        client.call("SET", "k", "v");
        assertEquals(PONG_IN_SUBSCRIBED_MODE, sub.call("PING"));
    }
}
