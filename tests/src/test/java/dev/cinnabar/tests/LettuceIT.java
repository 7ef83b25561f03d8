// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lettuce against an in-process Cinnabar over a real socket, with its sync and async APIs, once with the
 * protocol Lettuce 6 negotiates by default (HELLO 3) and once with RESP2 forced through
 * {@link ClientOptions}. Each test works on keys prefixed by its name and protocol, so the tests share
 * one server without flushing it.
 */
class LettuceIT {
    private static final long WAIT_SECONDS = 10;

    private static CinnabarServer server;
    private static ClientResources resources;
    private static final Map<ProtocolVersion, RedisClient> CLIENTS = new EnumMap<>(ProtocolVersion.class);

    @BeforeAll
    static void start() throws InterruptedException {
        server = CinnabarServer.start();
        resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
        RedisURI uri = RedisURI.create("127.0.0.1", server.port());
        uri.setTimeout(Duration.ofSeconds(WAIT_SECONDS));
        // no protocolVersion: Lettuce 6 sends HELLO 3 and would fall back to RESP2 only if HELLO failed
        RedisClient byDefault = RedisClient.create(resources, uri);
        CLIENTS.put(ProtocolVersion.RESP3, byDefault);
        RedisClient resp2 = RedisClient.create(resources, uri);
        resp2.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build());
        CLIENTS.put(ProtocolVersion.RESP2, resp2);
    }

    @AfterAll
    static void stop() {
        CLIENTS.values().forEach(c -> c.shutdown(Duration.ZERO, Duration.ofSeconds(2)));
        if (resources != null) {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    private static StatefulRedisConnection<String, String> connect(ProtocolVersion protocol) {
        return CLIENTS.get(protocol).connect();
    }

    @Test
    void defaultConnectionNegotiatesResp3() {
        try (StatefulRedisConnection<String, String> c = connect(ProtocolVersion.RESP3)) {
            String info = c.sync().clientInfo();
            assertTrue(info.strip().endsWith(" resp=3"), info);
        }
    }

    @Test
    void forcedResp2ConnectionStaysOnResp2() {
        try (StatefulRedisConnection<String, String> c = connect(ProtocolVersion.RESP2)) {
            String info = c.sync().clientInfo();
            assertTrue(info.strip().endsWith(" resp=2"), info);
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void syncStringCommandsReturnRedisValues(ProtocolVersion protocol) {
        String p = protocol + ":s:";
        try (StatefulRedisConnection<String, String> c = connect(protocol)) {
            RedisCommands<String, String> r = c.sync();
            assertEquals("OK", r.set(p + "k", "v"));
            assertEquals("v", r.get(p + "k"));
            assertNull(r.set(p + "k", "w", SetArgs.Builder.nx()));
            assertEquals("v", r.setGet(p + "k", "w"));
            assertEquals(5L, r.append(p + "k", "orld"));
            assertEquals("orl", r.getrange(p + "k", 1, 3));
            assertEquals(7L, r.setrange(p + "k", 5, "!!"));
            assertEquals("world!!", r.get(p + "k"));

            assertEquals(1L, r.incr(p + "n"));
            assertEquals(-9L, r.decrby(p + "n", 10));
            assertEquals(-8.75, r.incrbyfloat(p + "n", 0.25));
            RedisCommandExecutionException notInt = assertThrows(RedisCommandExecutionException.class,
                    () -> r.incr(p + "k"));
            assertEquals("ERR value is not an integer or out of range", notInt.getMessage());

            assertEquals("OK", r.mset(Map.of(p + "a", "1", p + "b", "")));
            List<String> values = new ArrayList<>();
            r.mget(p + "a", p + "b", p + "missing").forEach(kv -> values.add(kv.getValueOrElse(null)));
            assertEquals(Arrays.asList("1", "", null), values);
            assertEquals("1", r.getdel(p + "a"));
            assertEquals(0L, r.exists(p + "a"));
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void syncKeyCommandsExpireAndScanToCompletion(ProtocolVersion protocol) {
        String p = protocol + ":k:";
        try (StatefulRedisConnection<String, String> c = connect(protocol)) {
            RedisCommands<String, String> r = c.sync();
            r.set(p + "t", "1");
            assertEquals(-1L, r.ttl(p + "t"));
            assertEquals(-2L, r.ttl(p + "none"));
            assertTrue(r.expire(p + "t", 300));
            long ttl = r.ttl(p + "t");
            assertTrue(ttl > 290 && ttl <= 300, "ttl " + ttl);
            assertTrue(r.persist(p + "t"));
            assertEquals(-1L, r.pttl(p + "t"));
            assertEquals("string", r.type(p + "t"));
            assertTrue(r.copy(p + "t", p + "u"));
            assertEquals("OK", r.rename(p + "u", p + "v"));
            assertEquals(2L, r.del(p + "t", p + "v", p + "none"));

            Set<String> expected = new HashSet<>();
            for (int i = 0; i < 300; i++) {
                r.set(p + "scan:" + i, "x");
                expected.add(p + "scan:" + i);
            }
            Set<String> iterated = new HashSet<>();
            ScanIterator.scan(r, ScanArgs.Builder.matches(p + "scan:*").limit(25)).forEachRemaining(iterated::add);
            assertEquals(expected, iterated);

            Set<String> manual = new HashSet<>();
            KeyScanCursor<String> page = r.scan(ScanArgs.Builder.matches(p + "scan:1*").limit(40));
            manual.addAll(page.getKeys());
            while (!page.isFinished()) {
                page = r.scan(ScanCursor.of(page.getCursor()), ScanArgs.Builder.matches(p + "scan:1*").limit(40));
                manual.addAll(page.getKeys());
            }
            expected.removeIf(k -> !k.startsWith(p + "scan:1"));
            assertEquals(expected, manual);
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void syncTransactionsExecAndAbortOnAWatchedChange(ProtocolVersion protocol) {
        String p = protocol + ":tx:";
        try (StatefulRedisConnection<String, String> c = connect(protocol);
             StatefulRedisConnection<String, String> other = connect(protocol)) {
            RedisCommands<String, String> r = c.sync();
            assertEquals("OK", r.multi());
            r.set(p + "a", "10");
            r.incrby(p + "a", 5);
            r.get(p + "a");
            TransactionResult result = r.exec();
            assertFalse(result.wasDiscarded());
            assertEquals(List.of("OK", 15L, "15"), result.stream().toList());

            assertEquals("OK", r.watch(p + "a"));
            other.sync().set(p + "a", "changed");
            r.multi();
            r.set(p + "a", "mine");
            TransactionResult aborted = r.exec();
            assertTrue(aborted.wasDiscarded());
            assertEquals("changed", r.get(p + "a"));

            r.multi();
            r.set(p + "a", "dropped");
            assertEquals("OK", r.discard());
            assertEquals("changed", r.get(p + "a"));
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void asyncCommandsPipelineAndTransact(ProtocolVersion protocol) throws Exception {
        String p = protocol + ":async:";
        try (StatefulRedisConnection<String, String> c = connect(protocol)) {
            RedisAsyncCommands<String, String> a = c.async();
            c.setAutoFlushCommands(false);
            List<RedisFuture<?>> futures = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                futures.add(a.set(p + i, Integer.toString(i)));
                futures.add(a.incrby(p + "sum", i));
            }
            RedisFuture<String> sum = a.get(p + "sum");
            futures.add(sum);
            c.flushCommands();
            assertTrue(LettuceFutures.awaitAll(Duration.ofSeconds(WAIT_SECONDS), futures.toArray(new RedisFuture[0])));
            c.setAutoFlushCommands(true);
            assertEquals("4950", sum.get());
            assertEquals("42", a.get(p + 42).get(WAIT_SECONDS, TimeUnit.SECONDS));

            RedisFuture<String> multi = a.multi();
            RedisFuture<String> set = a.set(p + "tx", "1");
            RedisFuture<Long> incr = a.incr(p + "tx");
            RedisFuture<TransactionResult> exec = a.exec();
            assertEquals("OK", multi.get(WAIT_SECONDS, TimeUnit.SECONDS));
            TransactionResult result = exec.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(List.of("OK", 2L), result.stream().toList());
            // queued commands complete with their EXEC results, not with QUEUED
            assertEquals("OK", set.get());
            assertEquals(2L, incr.get());
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void pubSubDeliversChannelAndPatternMessages(ProtocolVersion protocol) throws Exception {
        String ch = protocol + ".news";
        BlockingQueue<List<String>> received = new LinkedBlockingQueue<>();
        try (StatefulRedisPubSubConnection<String, String> sub = CLIENTS.get(protocol).connectPubSub();
             StatefulRedisConnection<String, String> pub = connect(protocol)) {
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    received.add(List.of("message", channel, message));
                }

                @Override
                public void message(String pattern, String channel, String message) {
                    received.add(List.of("pmessage", pattern, channel, message));
                }
            });
            // the sync calls return on the server's confirmation, after it registered the subscription
            sub.sync().subscribe(ch);
            sub.sync().psubscribe(ch + ".*");

            assertEquals(1L, pub.sync().publish(ch, "hello"));
            assertEquals(1L, pub.sync().publish(ch + ".sport", "goal"));
            assertEquals(List.of("message", ch, "hello"), received.poll(WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals(List.of("pmessage", ch + ".*", ch + ".sport", "goal"),
                    received.poll(WAIT_SECONDS, TimeUnit.SECONDS));

            if (protocol == ProtocolVersion.RESP3) {
                // RESP3 lifts the pub/sub context restriction: replies and pushes share the connection
                assertEquals("OK", sub.sync().set(ch + ":plain", "v"));
                assertEquals("v", sub.sync().get(ch + ":plain"));
            } else {
                // RESP2 allows PING in the pub/sub context, answered as ["pong", ""]: Lettuce returns the ""
                assertEquals("", sub.sync().ping());
            }

            sub.sync().unsubscribe(ch);
            sub.sync().punsubscribe(ch + ".*");
            assertEquals(0L, pub.sync().publish(ch, "nobody"));
            assertTrue(received.isEmpty(), "unexpected message " + received.peek());
        }
    }

    @Test
    void resp3PubSubMessageArrivesAsAPushFrame() throws Exception {
        BlockingQueue<PushMessage> pushes = new LinkedBlockingQueue<>();
        try (StatefulRedisConnection<String, String> c = connect(ProtocolVersion.RESP3);
             StatefulRedisConnection<String, String> pub = connect(ProtocolVersion.RESP3)) {
            c.addListener(pushes::add);
            // on a plain RESP3 connection SUBSCRIBE's confirmation is itself a push, not a command reply
            c.async().dispatch(CommandType.SUBSCRIBE, new StatusOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).add("pushed"));
            PushMessage confirmation = pushes.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(confirmation, "no SUBSCRIBE push");
            assertEquals("subscribe", confirmation.getType());
            assertEquals(List.of("subscribe", "pushed", 1L), decode(confirmation));

            assertEquals(1L, pub.sync().publish("pushed", "payload"));
            PushMessage message = pushes.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(message, "no message push");
            assertEquals("message", message.getType());
            assertEquals(List.of("message", "pushed", "payload"), decode(message));
        }
    }

    private static List<Object> decode(PushMessage push) {
        return push.getContent(b -> StandardCharsets.UTF_8.decode(b).toString());
    }
}
