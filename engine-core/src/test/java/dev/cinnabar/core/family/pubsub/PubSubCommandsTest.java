// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.pubsub;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.server.RespServer;
import dev.cinnabar.core.testing.RespSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static dev.cinnabar.core.testing.Resp.array;
import static dev.cinnabar.core.testing.Resp.bulk;
import static dev.cinnabar.core.testing.Resp.error;
import static dev.cinnabar.core.testing.Resp.integer;
import static dev.cinnabar.core.testing.Resp.message;
import static dev.cinnabar.core.testing.Resp.pmessage;
import static dev.cinnabar.core.testing.Resp.simple;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pub/sub over real sockets in RESP2: a subscriber connection and a publisher connection. */
class PubSubCommandsTest {
    private static final String PONG_IN_SUBSCRIBED_MODE = array(bulk("pong"), bulk(""));

    private Engine engine;
    private RespServer server;
    private int port;
    private RespSocket sub;
    private RespSocket pub;

    @BeforeEach
    void start() throws InterruptedException {
        engine = Engine.open();
        server = new RespServer(engine);
        port = server.start(0);
        sub = new RespSocket(port);
        pub = new RespSocket(port);
    }

    @AfterEach
    void stop() {
        sub.close();
        pub.close();
        server.close();
        engine.close();
    }

    private static String confirm(String kind, String name, long count) {
        return array(bulk(kind), name == null ? "$-1\r\n" : bulk(name), integer(count));
    }

    @Test
    void subscribeRepliesOncePerChannelWithTheRunningCount() {
        sub.send("SUBSCRIBE", "a", "b", "a");
        assertEquals(confirm("subscribe", "a", 1), sub.read());
        assertEquals(confirm("subscribe", "b", 2), sub.read());
        assertEquals(confirm("subscribe", "a", 2), sub.read());
    }

    @Test
    void publishDeliversTheMessageAndRepliesTheNumberOfReceivers() {
        sub.call("SUBSCRIBE", "news");
        try (RespSocket other = new RespSocket(port)) {
            other.call("SUBSCRIBE", "news");
            assertEquals(integer(2), pub.call("PUBLISH", "news", "hello"));
            assertEquals(message("news", "hello"), sub.read());
            assertEquals(message("news", "hello"), other.read());
        }
    }

    @Test
    void aClientMatchingByChannelAndPatternGetsTheMessageThenThePmessage() {
        sub.call("SUBSCRIBE", "news.tech");
        sub.call("PSUBSCRIBE", "news.*");
        assertEquals(integer(2), pub.call("PUBLISH", "news.tech", "hi"));
        assertEquals(message("news.tech", "hi"), sub.read());
        assertEquals(pmessage("news.*", "news.tech", "hi"), sub.read());
    }

    @Test
    void aMessageToAnotherChannelIsNotDelivered() {
        sub.call("SUBSCRIBE", "a");
        assertEquals(integer(0), pub.call("PUBLISH", "b", "lost"));
        assertEquals(PONG_IN_SUBSCRIBED_MODE, sub.call("PING"));
    }

    @Test
    void messagesAreBinarySafe() {
        sub.call("SUBSCRIBE", "bin");
        pub.call("PUBLISH", "bin", "a\r\nb");
        assertEquals(message("bin", "a\r\nb"), sub.read());
    }

    @Test
    void shardChannelsAreApartFromChannels() {
        sub.call("SUBSCRIBE", "c");
        assertEquals(confirm("ssubscribe", "s", 1), sub.call("SSUBSCRIBE", "s"));
        assertEquals(integer(0), pub.call("PUBLISH", "s", "plain"));
        assertEquals(integer(0), pub.call("SPUBLISH", "c", "shard"));
        assertEquals(integer(1), pub.call("SPUBLISH", "s", "shard"));
        assertEquals(array(bulk("smessage"), bulk("s"), bulk("shard")), sub.read());
        assertEquals(PONG_IN_SUBSCRIBED_MODE, sub.call("PING"));
    }

    @Test
    void unsubscribeWithoutArgumentsLeavesEveryChannel() {
        sub.send("SUBSCRIBE", "a", "b");
        sub.read();
        sub.read();
        sub.send("UNSUBSCRIBE");
        Set<String> replies = Set.of(sub.read(), sub.read());
        // Redis leaves channels in hash order: either may go first
        assertTrue(replies.equals(Set.of(confirm("unsubscribe", "a", 1), confirm("unsubscribe", "b", 0)))
                || replies.equals(Set.of(confirm("unsubscribe", "b", 1), confirm("unsubscribe", "a", 0))),
                replies::toString);
        assertEquals(simple("PONG"), sub.call("PING"));
    }

    @Test
    void unsubscribingWhenSubscribedToNothingRepliesANullNameAndTheCount() {
        assertEquals(confirm("unsubscribe", null, 0), sub.call("UNSUBSCRIBE"));
        assertEquals(confirm("punsubscribe", null, 0), sub.call("PUNSUBSCRIBE"));
        assertEquals(confirm("sunsubscribe", null, 0), sub.call("SUNSUBSCRIBE"));
        sub.call("PSUBSCRIBE", "p*");
        assertEquals(confirm("unsubscribe", null, 1), sub.call("UNSUBSCRIBE"));
    }

    @Test
    void unsubscribingFromUnknownChannelsRepliesForEachWithTheUnchangedCount() {
        sub.call("SUBSCRIBE", "a");
        sub.send("UNSUBSCRIBE", "x", "a");
        assertEquals(confirm("unsubscribe", "x", 1), sub.read());
        assertEquals(confirm("unsubscribe", "a", 0), sub.read());
    }

    @Test
    void punsubscribeWithoutArgumentsLeavesPatternsInSubscriptionOrder() {
        sub.send("PSUBSCRIBE", "p5", "p1", "p3");
        sub.read();
        sub.read();
        sub.read();
        sub.send("PUNSUBSCRIBE");
        assertEquals(confirm("punsubscribe", "p5", 2), sub.read());
        assertEquals(confirm("punsubscribe", "p1", 1), sub.read());
        assertEquals(confirm("punsubscribe", "p3", 0), sub.read());
    }

    @Test
    void channelCountsIncludePatternsButNotShardChannels() {
        sub.call("SSUBSCRIBE", "s");
        assertEquals(confirm("subscribe", "c", 1), sub.call("SUBSCRIBE", "c"));
        assertEquals(confirm("psubscribe", "p", 2), sub.call("PSUBSCRIBE", "p"));
        assertEquals(confirm("ssubscribe", "t", 2), sub.call("SSUBSCRIBE", "t"));
        assertEquals(confirm("punsubscribe", "p", 1), sub.call("PUNSUBSCRIBE", "p"));
        assertEquals(confirm("sunsubscribe", "t", 1), sub.call("SUNSUBSCRIBE", "t"));
    }

    @Test
    void aSubscribedClientMayOnlyRunSubscriptionCommandsUntilItLeavesEverything() {
        String refused = error("ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / "
                + "RESET are allowed in this context");
        sub.call("SSUBSCRIBE", "s");
        sub.call("SUBSCRIBE", "c");
        assertEquals(refused, sub.call("GET", "k"));
        sub.call("UNSUBSCRIBE");
        assertEquals(refused, sub.call("GET", "k"), "a shard subscription still counts");
        sub.call("SUNSUBSCRIBE");
        assertEquals("$-1\r\n", sub.call("GET", "k"));
    }

    @Test
    void publishIsRefusedToASubscribedResp2Client() {
        sub.call("SUBSCRIBE", "c");
        assertEquals(error("ERR Can't execute 'publish': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / "
                + "RESET are allowed in this context"), sub.call("PUBLISH", "c", "m"));
    }

    @Test
    void pubsubChannelsListsActiveChannelsMatchingAnOptionalPattern() {
        sub.call("SUBSCRIBE", "news.a");
        sub.call("SUBSCRIBE", "sport");
        sub.call("PSUBSCRIBE", "news.*");
        String all = pub.call("PUBSUB", "CHANNELS");
        assertTrue(all.equals(array(bulk("news.a"), bulk("sport"))) || all.equals(array(bulk("sport"), bulk("news.a"))),
                all);
        assertEquals(array(bulk("news.a")), pub.call("PUBSUB", "CHANNELS", "news.*"));
        assertEquals(array(), pub.call("PUBSUB", "CHANNELS", "nothing*"));
    }

    @Test
    void pubsubNumsubCountsChannelSubscribersOnly() {
        sub.call("SUBSCRIBE", "a");
        sub.call("PSUBSCRIBE", "a*");
        try (RespSocket other = new RespSocket(port)) {
            other.call("SUBSCRIBE", "a");
            assertEquals(array(bulk("a"), integer(2), bulk("zz"), integer(0)), pub.call("PUBSUB", "NUMSUB", "a", "zz"));
        }
        assertEquals(array(), pub.call("PUBSUB", "NUMSUB"));
    }

    @Test
    void pubsubNumpatCountsDistinctPatterns() {
        sub.call("PSUBSCRIBE", "p*");
        sub.call("PSUBSCRIBE", "q*");
        try (RespSocket other = new RespSocket(port)) {
            other.call("PSUBSCRIBE", "p*");
            assertEquals(integer(2), pub.call("PUBSUB", "NUMPAT"));
        }
    }

    @Test
    void pubsubShardCommandsSeeShardChannelsOnly() {
        sub.call("SUBSCRIBE", "c");
        sub.call("SSUBSCRIBE", "s");
        assertEquals(array(bulk("s")), pub.call("PUBSUB", "SHARDCHANNELS"));
        assertEquals(array(bulk("s")), pub.call("PUBSUB", "SHARDCHANNELS", "s*"));
        assertEquals(array(bulk("s"), integer(1), bulk("c"), integer(0)),
                pub.call("PUBSUB", "SHARDNUMSUB", "s", "c"));
    }

    @Test
    void pubsubChannelsWithTooManyArgumentsNamesTheSubcommandAsTyped() {
        assertEquals(error("ERR unknown subcommand or wrong number of arguments for 'chaNNels'. Try PUBSUB HELP."),
                pub.call("pubsub", "chaNNels", "a", "b"));
        assertEquals(error("ERR unknown subcommand or wrong number of arguments for 'shardchannels'. "
                + "Try PUBSUB HELP."), pub.call("PUBSUB", "shardchannels", "a", "b"));
    }

    @Test
    void pubsubHelpListsTheSubcommands() {
        String help = pub.call("PUBSUB", "HELP");
        assertTrue(help.startsWith("*14\r\n+PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"),
                help);
        assertTrue(help.endsWith("+HELP\r\n+    Prints this help.\r\n"), help);
    }

    @Test
    void aClosedSubscriberIsForgotten() {
        RespSocket gone = new RespSocket(port);
        gone.call("SUBSCRIBE", "c");
        gone.call("PSUBSCRIBE", "p");
        gone.close();
        long deadline = System.currentTimeMillis() + 5000;
        String numsub;
        do {
            numsub = pub.call("PUBSUB", "NUMSUB", "c");
        } while (!numsub.equals(array(bulk("c"), integer(0))) && System.currentTimeMillis() < deadline);
        assertEquals(array(bulk("c"), integer(0)), numsub);
        assertEquals(integer(0), pub.call("PUBSUB", "NUMPAT"));
        assertEquals(integer(0), pub.call("PUBLISH", "c", "m"));
    }
}
