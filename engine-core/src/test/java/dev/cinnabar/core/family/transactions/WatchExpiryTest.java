// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.transactions;

import dev.cinnabar.core.Engine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * WATCH and key expiry with Redis 7.0's rules: a key that expires after WATCH fails EXEC, a key already
 * expired at WATCH ("stale") fails it only if it is written, not when its deletion is noticed. Active expiry
 * is off so an expired key stays stored until something looks it up, as with DEBUG SET-ACTIVE-EXPIRE 0.
 */
class WatchExpiryTest {
    private Engine e;

    @BeforeEach
    void open() {
        e = Engine.open();
        e.coreConfig().activeExpireEnabled = false;
    }

    @AfterEach
    void close() {
        e.close();
    }

    private String run(String... args) {
        return e.execute(args).toString();
    }

    /**
     * Sets {@code key} with a 1 ms TTL and waits for the clock to pass it: the key is stored but expired.
     * The clock is read after SET returns, so the wait covers the TTL whenever the engine started it.
     */
    private void setExpired(String key) throws InterruptedException {
        run("SET", key, "v", "PX", "1");
        long setAt = System.currentTimeMillis();
        while (System.currentTimeMillis() <= setAt + 2) {
            Thread.sleep(1);
        }
    }

    private String execPing() {
        run("MULTI");
        run("PING");
        return run("EXEC");
    }

    /** Watches {@code key} while it is live (a TTL long enough for WATCH to arrive first), then lets it expire. */
    private void watchThenLetExpire(String key) throws InterruptedException {
        run("SET", key, "v", "PX", "200");
        long setAt = System.currentTimeMillis();
        run("WATCH", key);
        while (System.currentTimeMillis() <= setAt + 201) {
            Thread.sleep(5);
        }
    }

    @Test
    void aKeyThatExpiresAfterWatchFailsExec() throws InterruptedException {
        watchThenLetExpire("k");
        assertEquals("(nil)", execPing());
    }

    @Test
    void aKeyThatExpiresAfterWatchFailsExecAlsoOnceItsDeletionWasNoticed() throws InterruptedException {
        watchThenLetExpire("k");
        assertEquals("(nil)", run("GET", "k"));
        assertEquals("(nil)", execPing());
    }

    @Test
    void watchingAStaleKeyThenNoticingItsDeletionLetsExecRun() throws InterruptedException {
        setExpired("k");
        run("WATCH", "k");
        assertEquals("(nil)", run("GET", "k"));
        assertEquals("[PONG]", execPing());
    }

    @Test
    void watchingAStaleKeyAloneLetsExecRun() throws InterruptedException {
        setExpired("k");
        run("WATCH", "k");
        assertEquals("[PONG]", execPing());
    }

    @Test
    void writingAWatchedStaleKeyFailsExec() throws InterruptedException {
        setExpired("k");
        run("WATCH", "k");
        run("SET", "k", "new");
        assertEquals("(nil)", execPing());
    }

    @Test
    void writingAWatchedStaleKeyAfterItsDeletionWasNoticedFailsExec() throws InterruptedException {
        setExpired("k");
        run("WATCH", "k");
        run("GET", "k");
        run("SET", "k", "new");
        assertEquals("(nil)", execPing());
    }

    @Test
    void aQueuedCommandSeesAWatchedStaleKeyAsMissing() throws InterruptedException {
        setExpired("k");
        run("WATCH", "k");
        run("MULTI");
        run("GET", "k");
        assertEquals("[(nil)]", run("EXEC"));
    }
}
