// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.client.Client;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.cinnabar.core.family.server.Replies.list;
import static dev.cinnabar.core.family.server.Replies.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerCommandsTest {
    @Test
    void dbsizeCountsTheKeysOfTheSelectedDatabaseOnly() {
        try (Engine e = Engine.open()) {
            e.execute("SET", "a", "1");
            e.execute("SET", "b", "1");
            assertEquals("2", text(e.execute("DBSIZE")));
            e.execute("SELECT", "1");
            assertEquals("0", text(e.execute("DBSIZE")));
            e.execute("SELECT", "0");
        }
    }

    @Test
    void flushdbEmptiesOnlyTheSelectedDatabaseAndCountsTheRemovedKeys() {
        try (Engine e = Engine.open()) {
            e.execute("SET", "a", "1");
            e.execute("SET", "b", "1");
            e.execute("SELECT", "1");
            e.execute("SET", "c", "1");
            e.execute("SELECT", "0");
            long dirty = e.stats().dirty;
            assertEquals("OK", text(e.execute("FLUSHDB", "async")));
            assertEquals(dirty + 2, e.stats().dirty);
            assertEquals("0", text(e.execute("DBSIZE")));
            assertEquals(1, e.database(1).size());
        }
    }

    @Test
    void flushallEmptiesEveryDatabaseAndCountsOneMoreChange() {
        // without save points: with them FLUSHALL saves and resets the counter (PersistenceTest)
        try (Engine e = Engine.open(java.util.Map.of("save", ""))) {
            e.execute("SET", "a", "1");
            e.execute("SELECT", "3");
            e.execute("SET", "c", "1");
            long dirty = e.stats().dirty;
            assertEquals("OK", text(e.execute("FLUSHALL", "SYNC")));
            assertEquals(dirty + 3, e.stats().dirty);
            assertEquals(0, e.database(0).size());
            assertEquals(0, e.database(3).size());
            e.execute("SELECT", "0");
        }
    }

    @Test
    void flushOptionsOtherThanAsyncOrSyncAreSyntaxErrors() {
        try (Engine e = Engine.open()) {
            assertEquals("ERR syntax error", text(e.execute("FLUSHDB", "x")));
            assertEquals("ERR syntax error", text(e.execute("FLUSHALL", "async", "sync")));
        }
    }

    @Test
    void flushdbInvalidatesWatchesOnKeysItRemoved() {
        try (Engine e = Engine.open()) {
            e.execute("SET", "w", "1");
            Client watcher = new Client(1000, null, 0);
            Client other = new Client(1001, null, 0);
            e.watches().watch(watcher, e.database(0), "w".getBytes(), e.now());
            e.watches().watch(other, e.database(0), "missing".getBytes(), e.now());
            e.execute("FLUSHDB");
            assertTrue(watcher.multi.watchDirty);
            assertFalse(other.multi.watchDirty);
        }
    }

    @Test
    void aTransactionWatchingAFlushedKeyFails() {
        try (Engine e = Engine.open()) {
            e.execute("SET", "w", "1");
            e.execute("WATCH", "w");
            e.execute("FLUSHALL");
            e.execute("MULTI");
            e.execute("GET", "w");
            assertEquals(null, text(e.execute("EXEC")));
        }
    }

    @Test
    void swapdbExchangesContentsAndInvalidatesWatchesOnBothSides() {
        try (Engine e = Engine.open()) {
            e.execute("SET", "in0", "zero");
            e.execute("SELECT", "1");
            e.execute("SET", "in1", "one");
            e.execute("SELECT", "0");
            Client watcher = new Client(1000, null, 0);
            e.watches().watch(watcher, e.database(0), "in1".getBytes(), e.now());
            assertEquals("OK", text(e.execute("SWAPDB", "0", "1")));
            assertEquals("one", text(e.execute("GET", "in1")));
            assertEquals(null, text(e.execute("GET", "in0")));
            assertTrue(watcher.multi.watchDirty);
        }
    }

    @Test
    void swapdbChecksBothIndexesWithRedisErrors() {
        try (Engine e = Engine.open()) {
            assertEquals("ERR invalid first DB index", text(e.execute("SWAPDB", "a", "1")));
            assertEquals("ERR invalid second DB index", text(e.execute("SWAPDB", "0", "1.5")));
            assertEquals("ERR invalid first DB index", text(e.execute("SWAPDB", "2147483648", "0")));
            assertEquals("ERR DB index is out of range", text(e.execute("SWAPDB", "0", "16")));
            assertEquals("ERR DB index is out of range", text(e.execute("SWAPDB", "-1", "0")));
            long dirty = e.stats().dirty;
            assertEquals("OK", text(e.execute("SWAPDB", "2", "2")));
            assertEquals(dirty + 1, e.stats().dirty);
        }
    }

    @Test
    void timeRepliesSecondsAndMicrosecondsOfTheClock() {
        try (Engine e = Engine.open()) {
            List<String> time = list(e.execute("TIME"));
            long seconds = Long.parseLong(time.get(0));
            long micros = Long.parseLong(time.get(1));
            assertTrue(Math.abs(seconds - System.currentTimeMillis() / 1000) <= 2);
            assertTrue(micros >= 0 && micros < 1_000_000);
        }
    }

    @Test
    void lastsaveIsTheStartTimeWhileNothingWasSaved() {
        try (Engine e = Engine.open()) {
            assertEquals(Long.toString(e.stats().startMillis / 1000), text(e.execute("LASTSAVE")));
        }
    }

    @Test
    void bgsaveTakesOnlySchedule() {
        try (Engine e = Engine.open()) {
            assertEquals("ERR syntax error", text(e.execute("BGSAVE", "now")));
            assertEquals("ERR syntax error", text(e.execute("BGSAVE", "SCHEDULE", "x")));
        }
    }

    @Test
    void shutdownRequestsTheEngineToStop() {
        try (Engine e = Engine.open()) {
            AtomicInteger requests = new AtomicInteger();
            e.onShutdown(requests::incrementAndGet);
            e.execute("SHUTDOWN", "NOSAVE", "NOW", "FORCE");
            assertEquals(1, requests.get());
        }
    }

    @Test
    void shutdownRefusesBadCombinationsAndHasNothingToAbort() {
        try (Engine e = Engine.open()) {
            AtomicInteger requests = new AtomicInteger();
            e.onShutdown(requests::incrementAndGet);
            assertEquals("ERR syntax error", text(e.execute("SHUTDOWN", "SAVE", "NOSAVE")));
            assertEquals("ERR syntax error", text(e.execute("SHUTDOWN", "ABORT", "NOW")));
            assertEquals("ERR syntax error", text(e.execute("SHUTDOWN", "later")));
            assertEquals("ERR No shutdown in progress.", text(e.execute("SHUTDOWN", "ABORT")));
            assertEquals(0, requests.get());
        }
    }
}
