// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

import dev.cinnabar.core.client.Client;
import dev.cinnabar.core.resp.RespValue;
import dev.cinnabar.core.resp.ValueReplyWriter;
import dev.cinnabar.core.testing.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Keyspace events, propagation and blocked clients, as Redis 7.0 fires, rewrites and serves them. */
class ZSetEventsTest {
    private final ZSetFixture redis = new ZSetFixture();

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void writesFireTheirEventAndDelWhenTheKeyEmpties() {
        redis.run("ZADD", "z", "1", "a", "2", "b");
        redis.run("ZINCRBY", "z", "1", "a");
        redis.run("ZADD", "z", "2", "b");
        redis.run("ZREM", "z", "nope");
        redis.run("ZREM", "z", "a", "b");
        assertEquals(List.of("zadd z", "zincr z", "zrem z", "del z"), redis.events());
        redis.run("ZADD", "z", "1", "a", "2", "b", "3", "c");
        redis.run("ZPOPMIN", "z");
        redis.run("ZREMRANGEBYSCORE", "z", "2", "2");
        redis.run("ZREMRANGEBYRANK", "z", "0", "-1");
        assertEquals(List.of("zadd z", "zpopmin z", "zremrangebyscore z", "zremrangebyrank z", "del z"),
                redis.events());
    }

    @Test
    void storesFireTheirEventOrDelForAnEmptyResult() {
        redis.run("ZADD", "a", "1", "x");
        redis.events();
        redis.run("ZUNIONSTORE", "out", "1", "a");
        redis.run("ZRANGESTORE", "out", "a", "5", "10");
        redis.run("ZINTERSTORE", "out", "2", "a", "nokey");
        redis.run("ZDIFFSTORE", "out", "1", "a");
        assertEquals(List.of("zunionstore out", "del out", "zdiffstore out"), redis.events());
    }

    @Test
    void writesThatChangeNothingAreNotPropagated() {
        redis.run("ZADD", "z", "1", "a");
        redis.run("ZADD", "z", "1", "a");
        redis.run("ZINCRBY", "z", "0", "a");
        redis.run("ZADD", "z", "XX", "1", "b");
        redis.run("ZREM", "z", "b");
        redis.run("ZREMRANGEBYSCORE", "z", "5", "6");
        redis.run("ZINTERSTORE", "out", "2", "z", "nokey");
        assertEquals(List.of("ZADD z 1 a"), redis.propagated());
    }

    @Test
    void popsArePropagatedAsZpopWithTheCountPopped() {
        redis.run("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
        redis.propagated();
        redis.run("ZMPOP", "1", "z", "MIN", "COUNT", "2");
        redis.run("BZPOPMAX", "z", "0");
        redis.run("BZMPOP", "0", "1", "z", "MAX", "COUNT", "10");
        redis.run("ZPOPMIN", "nokey", "3");
        assertEquals(List.of("ZPOPMIN z 2", "ZPOPMAX z", "ZPOPMAX z 1"), redis.propagated());
    }

    @Test
    void aBlockedPopIsServedByAWriteAndPropagatedAfterIt() {
        ValueReplyWriter waiter = block("BZPOPMIN", "k", "0");
        assertEquals(List.of(), take(waiter));
        assertEquals(1, blockedClients());
        redis.run("ZADD", "k", "2", "b", "1", "a");
        assertEquals(List.of("k", "a", "1"), ZSetFixture.flat(take(waiter).get(0)));
        assertEquals(0, blockedClients());
        assertEquals(List.of("ZADD k 2 b 1 a", "ZPOPMIN k"), redis.propagated());
        assertEquals(List.of("b"), redis.list("ZRANGE", "k", "0", "-1"));
    }

    @Test
    void aBlockedZmpopIsServedFromTheKeyThatBecameReadyWithWhatItHolds() {
        ValueReplyWriter waiter = block("BZMPOP", "0", "2", "k1", "k2", "MAX", "COUNT", "5");
        redis.run("ZADD", "k2", "1", "a", "2", "b");
        assertEquals(List.of("k2", "b", "2", "a", "1"), ZSetFixture.flat(take(waiter).get(0)));
        assertEquals(List.of("ZADD k2 1 a 2 b", "ZPOPMAX k2 2"), redis.propagated());
        assertEquals(0, redis.integer("EXISTS", "k2"));
    }

    @Test
    void aWaiterStaysBlockedWhileItsKeyHoldsAnotherType() {
        ValueReplyWriter waiter = block("BZPOPMIN", "k", "0");
        redis.run("SET", "k", "v");
        assertEquals(List.of(), take(waiter));
        assertEquals(1, blockedClients());
        redis.run("DEL", "k");
        redis.run("ZADD", "k", "1", "a");
        assertEquals(List.of("k", "a", "1"), ZSetFixture.flat(take(waiter).get(0)));
    }

    @Test
    void blockingPopsInsideMultiReplyAsOnTimeout() {
        redis.run("MULTI");
        redis.run("BZPOPMIN", "nokey", "0");
        redis.run("BZMPOP", "0", "1", "nokey", "MIN");
        assertEquals(List.of("nil", "nil"), ZSetFixture.flat(redis.run("EXEC")));
    }

    /** Sends a command from a fresh client and returns where its replies go. */
    private ValueReplyWriter block(String... args) {
        return redis.onLoop(() -> {
            Client c = new Client(redis.engine().newClientId(), null, redis.engine().now());
            c.authenticated = true;
            ValueReplyWriter writer = new ValueReplyWriter(2);
            c.redirectReplies(writer);
            byte[][] argv = new byte[args.length][];
            for (int i = 0; i < args.length; i++) {
                argv[i] = EngineFixture.bytes(args[i]);
            }
            redis.engine().dispatcher().process(c, argv);
            redis.engine().afterBatch();
            return writer;
        });
    }

    private List<RespValue> take(ValueReplyWriter writer) {
        return redis.onLoop(writer::take);
    }

    private long blockedClients() {
        return redis.onLoop(() -> (long) redis.engine().blocking().blockedClients());
    }
}
