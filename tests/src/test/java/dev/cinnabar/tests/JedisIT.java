// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Response;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.GetExParams;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jedis against an in-process Cinnabar over a real socket. Each test works on its own key prefix, so the
 * tests share one server without flushing it.
 */
class JedisIT {
    private static final long WAIT_SECONDS = 10;

    private static CinnabarServer server;

    @BeforeAll
    static void startServer() throws InterruptedException {
        server = CinnabarServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static Jedis connect() {
        return new Jedis("127.0.0.1", server.port());
    }

    @Test
    void stringCommandsReturnRedisValues() {
        try (Jedis j = connect()) {
            assertEquals("OK", j.set("s:k", "v"));
            assertEquals("v", j.get("s:k"));
            assertNull(j.set("s:k", "w", SetParams.setParams().nx()));
            assertEquals("v", j.setGet("s:k", "w", SetParams.setParams().xx()));
            assertEquals(5, j.append("s:k", "orld"));
            assertEquals("world", j.get("s:k"));
            assertEquals("orl", j.getrange("s:k", 1, 3));
            assertEquals(7, j.setrange("s:k", 5, "!!"));
            assertEquals("world!!", j.get("s:k"));
            assertEquals(7, j.strlen("s:k"));

            assertEquals(1, j.incr("s:n"));
            assertEquals(11, j.incrBy("s:n", 10));
            assertEquals(8, j.decrBy("s:n", 3));
            assertEquals(7, j.decr("s:n"));
            assertEquals(8.5, j.incrByFloat("s:n", 1.5));
            assertEquals("8.5", j.get("s:n"));
            JedisDataException notInt = assertThrows(JedisDataException.class, () -> j.incr("s:k"));
            assertEquals("ERR value is not an integer or out of range", notInt.getMessage());

            assertEquals("OK", j.mset("s:a", "1", "s:b", "2"));
            assertEquals(java.util.Arrays.asList("1", "2", null), j.mget("s:a", "s:b", "s:missing"));
            assertEquals(0, j.msetnx("s:a", "x", "s:c", "3"));
            assertEquals("1", j.getDel("s:a"));
            assertFalse(j.exists("s:a"));

            assertEquals("2", j.getEx("s:b", GetExParams.getExParams().ex(1000)));
            long ttl = j.ttl("s:b");
            assertTrue(ttl > 990 && ttl <= 1000, "ttl " + ttl);
            assertEquals("2", j.getEx("s:b", GetExParams.getExParams().persist()));
            assertEquals(-1, j.ttl("s:b"));
        }
    }

    @Test
    void binaryKeysAndValuesSurviveUnchanged() {
        byte[] key = {'b', ':', 0, (byte) 0xff, '\r', '\n'};
        byte[] value = new byte[256];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }
        try (Jedis j = connect()) {
            assertEquals("OK", j.set(key, value));
            assertArrayEquals(value, j.get(key));
            assertArrayEquals(new byte[] {(byte) 0xfe, (byte) 0xff}, j.getrange(key, -2, -1));
            assertEquals("string", j.type(key));
        }
    }

    @Test
    void expiryAndKeyCommandsBehaveAsInRedis() {
        try (Jedis j = connect()) {
            j.set("k:a", "1");
            assertEquals(-1, j.ttl("k:a"));
            assertEquals(-2, j.ttl("k:none"));
            assertEquals(1, j.expire("k:a", 500));
            long ttl = j.ttl("k:a");
            assertTrue(ttl > 490 && ttl <= 500, "ttl " + ttl);
            long pttl = j.pttl("k:a");
            assertTrue(pttl > 490_000 && pttl <= 500_000, "pttl " + pttl);
            assertEquals(1, j.persist("k:a"));
            assertEquals(-1, j.ttl("k:a"));
            assertEquals(0, j.expire("k:none", 10));

            assertEquals(1, j.pexpire("k:a", 1));
            j.set("k:b", "2");
            // the expired key is gone for every reader once its millisecond has passed
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (j.exists("k:a")) {
                assertTrue(System.nanoTime() < deadline, "k:a never expired");
                Thread.onSpinWait();
            }
            assertNull(j.get("k:a"));

            assertTrue(j.copy("k:b", "k:c", false));
            assertFalse(j.copy("k:b", "k:c", false));
            assertEquals("OK", j.rename("k:c", "k:d"));
            assertEquals(2, j.exists("k:b", "k:d", "k:none"));
            assertEquals("string", j.type("k:d"));
            assertEquals("none", j.type("k:none"));
            assertEquals(2, j.del("k:b", "k:d", "k:none"));
            JedisDataException noKey = assertThrows(JedisDataException.class, () -> j.rename("k:none", "k:x"));
            assertEquals("ERR no such key", noKey.getMessage());
        }
    }

    @Test
    void scanIteratesEveryKeyToCompletion() {
        try (Jedis j = connect()) {
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < 500; i++) {
                String key = "scan:" + i;
                j.set(key, Integer.toString(i));
                expected.add(key);
            }
            j.set("other:1", "x");

            Set<String> seen = new HashSet<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            ScanParams params = new ScanParams().match("scan:*").count(37);
            int rounds = 0;
            do {
                ScanResult<String> page = j.scan(cursor, params);
                seen.addAll(page.getResult());
                cursor = page.getCursor();
                rounds++;
                assertTrue(rounds < 10_000, "SCAN never returned cursor 0");
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            assertEquals(expected, seen);
            assertTrue(rounds > 1, "500 keys with COUNT 37 should take several rounds");

            assertEquals(expected, j.keys("scan:*"));
        }
    }

    @Test
    void multiExecReturnsEveryQueuedReply() {
        try (Jedis j = connect()) {
            Transaction t = j.multi();
            Response<String> set = t.set("tx:a", "10");
            Response<Long> incr = t.incrBy("tx:a", 5);
            Response<String> get = t.get("tx:a");
            Response<Long> failed = t.incr("tx:missing-and-fine");
            List<Object> results = t.exec();
            assertEquals(4, results.size());
            assertEquals("OK", set.get());
            assertEquals(15L, incr.get());
            assertEquals("15", get.get());
            assertEquals(1L, failed.get());
            assertEquals("15", j.get("tx:a"));

            Transaction discarded = j.multi();
            discarded.set("tx:a", "never");
            assertEquals("OK", discarded.discard());
            assertEquals("15", j.get("tx:a"));
        }
    }

    @Test
    void runtimeErrorInsideExecDoesNotAbortTheOtherCommands() {
        try (Jedis j = connect()) {
            j.set("txe:s", "text");
            Transaction t = j.multi();
            Response<Long> bad = t.incr("txe:s");
            Response<String> ok = t.set("txe:t", "x");
            t.exec();
            JedisDataException e = assertThrows(JedisDataException.class, bad::get);
            assertEquals("ERR value is not an integer or out of range", e.getMessage());
            assertEquals("OK", ok.get());
            assertEquals("x", j.get("txe:t"));
        }
    }

    @Test
    void watchedKeyChangedByAnotherClientAbortsExec() {
        try (Jedis j = connect(); Jedis other = connect()) {
            j.set("w:k", "1");
            assertEquals("OK", j.watch("w:k"));
            other.set("w:k", "2");
            Transaction t = j.multi();
            t.set("w:k", "3");
            t.set("w:side", "effect");
            assertNull(t.exec());
            assertEquals("2", j.get("w:k"));
            assertFalse(j.exists("w:side"));

            // an untouched watch lets the transaction through
            j.watch("w:k");
            Transaction again = j.multi();
            again.set("w:k", "4");
            assertEquals(List.of("OK"), again.exec());
            assertEquals("4", j.get("w:k"));
        }
    }

    @Test
    void publishedMessagesReachASubscriberThread() throws Exception {
        CountDownLatch channelConfirmed = new CountDownLatch(1);
        CountDownLatch patternConfirmed = new CountDownLatch(1);
        BlockingQueue<List<String>> received = new LinkedBlockingQueue<>();
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onSubscribe(String channel, int count) {
                channelConfirmed.countDown();
            }

            @Override
            public void onPSubscribe(String pattern, int count) {
                patternConfirmed.countDown();
            }

            @Override
            public void onMessage(String channel, String message) {
                received.add(List.of("message", channel, message));
            }

            @Override
            public void onPMessage(String pattern, String channel, String message) {
                received.add(List.of("pmessage", pattern, channel, message));
            }
        };
        try (Jedis sub = connect(); Jedis pub = connect()) {
            // subscribe() runs the listener loop until the last subscription is gone
            Thread subscriber = new Thread(() -> sub.subscribe(listener, "news"), "jedis-subscriber");
            subscriber.start();
            // a confirmation is read only after the server has registered the subscription
            assertTrue(channelConfirmed.await(WAIT_SECONDS, TimeUnit.SECONDS), "SUBSCRIBE not confirmed");
            listener.psubscribe("news.*");
            assertTrue(patternConfirmed.await(WAIT_SECONDS, TimeUnit.SECONDS), "PSUBSCRIBE not confirmed");

            assertEquals(1, pub.publish("news", "hello"));
            assertEquals(1, pub.publish("news.sport", "goal"));
            assertEquals(0, pub.publish("weather", "rain"));
            assertEquals(List.of("message", "news", "hello"), received.poll(WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals(List.of("pmessage", "news.*", "news.sport", "goal"),
                    received.poll(WAIT_SECONDS, TimeUnit.SECONDS));

            listener.unsubscribe();
            listener.punsubscribe();
            subscriber.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            assertFalse(subscriber.isAlive(), "subscribe() did not return after unsubscribing");
            assertTrue(received.isEmpty(), "unexpected message " + received.peek());
            assertEquals(0, pub.publish("news", "nobody listens"));
            assertEquals("PONG", sub.ping());
        }
    }

    @Test
    void resp3ConnectionNegotiatesHelloAndReadsValues() {
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3).build();
        try (Jedis j = new Jedis("127.0.0.1", server.port(), config)) {
            assertEquals("OK", j.set("r3:k", "v"));
            assertEquals("v", j.get("r3:k"));
            assertEquals(2.5, j.incrByFloat("r3:f", 2.5));
            String info = j.clientInfo();
            // Jedis 5.1 hands back a RESP3 verbatim string with its "txt:" format prefix
            assertTrue(info.startsWith("txt:id=") && info.strip().endsWith(" resp=3"), info);
        }
    }
}
