// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.lists;

import dev.cinnabar.core.resp.RespValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.cinnabar.core.family.lists.ListsFixture.integer;
import static dev.cinnabar.core.family.lists.ListsFixture.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Blocking list commands through the embedded engine: a blocked {@code execute} and others beside it. */
class BlockingListsTest {
    private final ListsFixture f = new ListsFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aBlockedExecuteGetsItsLateReplyWhenAnotherExecutePushes() throws Exception {
        Future<RespValue> waiter = f.runAsync("BLPOP", "q", "0");
        f.awaitBlocked(1);
        assertFalse(waiter.isDone());
        assertEquals(1, integer(f.run("RPUSH", "q", "x")));
        assertEquals(List.of("q", "x"), texts(waiter.get(5, TimeUnit.SECONDS)));
        assertEquals(0, f.info("blocked_clients"));
        assertEquals(0, integer(f.run("EXISTS", "q")));
    }

    @Test
    void callsBesideABlockedOneSeeTheEmbeddedClientsDatabase() throws Exception {
        f.run("SELECT", "3");
        Future<RespValue> waiter = f.runAsync("BRPOP", "q", "0");
        f.awaitBlocked(1);
        f.run("RPUSH", "q", "in-db-3");
        assertEquals(List.of("q", "in-db-3"), texts(waiter.get(5, TimeUnit.SECONDS)));
        f.run("SELECT", "0");
    }

    @Test
    void waitersAreServedInTheOrderTheyBlocked() throws Exception {
        Future<RespValue> first = f.runAsync("BLPOP", "q", "0");
        f.awaitBlocked(1);
        Future<RespValue> second = f.runAsync("BLPOP", "q", "0");
        f.awaitBlocked(2);
        f.run("RPUSH", "q", "a", "b", "c");
        assertEquals(List.of("q", "a"), texts(first.get(5, TimeUnit.SECONDS)));
        assertEquals(List.of("q", "b"), texts(second.get(5, TimeUnit.SECONDS)));
        assertEquals(List.of("c"), texts(f.run("LRANGE", "q", "0", "-1")));
    }

    @Test
    void aSubSecondTimeoutRepliesNull() {
        long start = System.nanoTime();
        RespValue reply = f.run("BLMOVE", "none", "dst", "LEFT", "RIGHT", "0.1");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertInstanceOf(RespValue.Null.class, reply);
        assertTrue(millis >= 90 && millis < 2000, "waited " + millis + " ms");
    }

    @Test
    void insideMultiBlockingCommandsAnswerAtOnce() {
        f.run("MULTI");
        f.run("BLPOP", "none", "0");
        f.run("BLMOVE", "none", "dst", "LEFT", "RIGHT", "0");
        RespValue exec = f.run("EXEC");
        List<RespValue> items = ((RespValue.Array) exec).items();
        assertInstanceOf(RespValue.Null.class, items.get(0));
        assertInstanceOf(RespValue.Null.class, items.get(1));
    }

    @Test
    void aServedMoveToADestinationOfAnotherTypeFailsAndLeavesTheElement() throws Exception {
        Future<RespValue> waiter = f.runAsync("BRPOPLPUSH", "src", "dst", "0");
        f.awaitBlocked(1);
        f.run("SET", "dst", "string");
        f.run("RPUSH", "src", "e");
        RespValue reply = waiter.get(5, TimeUnit.SECONDS);
        assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value",
                ((RespValue.Error) reply).line());
        assertEquals(List.of("e"), texts(f.run("LRANGE", "src", "0", "-1")));
    }

    @Test
    void aWaiterStaysBlockedWhileItsKeyHoldsAnotherType() throws Exception {
        Future<RespValue> waiter = f.runAsync("BLPOP", "k", "0");
        f.awaitBlocked(1);
        f.run("SET", "k", "string");
        f.run("DEL", "k");
        assertEquals(1, f.info("blocked_clients"));
        f.run("LPUSH", "k", "v");
        assertEquals(List.of("k", "v"), texts(waiter.get(5, TimeUnit.SECONDS)));
    }

    @Test
    void servedAndImmediateBlockingCommandsArePropagatedAsTheirNonBlockingForms() throws Exception {
        f.run("RPUSH", "q", "a", "b", "c", "d", "e");
        f.run("BLPOP", "q", "0");
        f.run("BRPOP", "q", "0");
        f.run("BLMOVE", "q", "d", "left", "RIGHT", "0");
        f.run("BRPOPLPUSH", "q", "d", "0");
        f.run("BLMPOP", "0", "1", "q", "RIGHT", "COUNT", "5");
        assertEquals(List.of("RPUSH q a b c d e", "LPOP q", "RPOP q", "LMOVE q d left RIGHT", "RPOPLPUSH q d",
                "RPOP q 1"), f.takePropagated());
        Future<RespValue> pop = f.runAsync("BRPOP", "w1", "0");
        f.awaitBlocked(1);
        f.run("RPUSH", "w1", "x");
        pop.get(5, TimeUnit.SECONDS);
        Future<RespValue> move = f.runAsync("BLMOVE", "w2", "dst", "right", "left", "0");
        f.awaitBlocked(1);
        f.run("RPUSH", "w2", "y");
        move.get(5, TimeUnit.SECONDS);
        Future<RespValue> mpop = f.runAsync("BLMPOP", "0", "2", "w0", "w3", "LEFT", "COUNT", "9");
        f.awaitBlocked(1);
        f.run("RPUSH", "w3", "1", "2");
        mpop.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("RPUSH w1 x", "RPOP w1", "RPUSH w2 y", "LMOVE w2 dst right left", "RPUSH w3 1 2",
                "LPOP w3 2"), f.takePropagated());
    }

    @Test
    void closingTheEngineFailsACallStillBlocked() throws Exception {
        Future<RespValue> waiter = f.runAsync("BLPOP", "q", "0");
        f.awaitBlocked(1);
        f.engine.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> waiter.get(5, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }
}
