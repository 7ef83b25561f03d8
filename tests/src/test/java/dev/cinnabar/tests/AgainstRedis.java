// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class comparing Cinnabar with Redis: one real redis-server and one in-process Cinnabar for the class. */
abstract class AgainstRedis {
    static RedisServerProcess redis;
    static CinnabarServer cinnabar;

    @BeforeAll
    static void startServers() throws Exception {
        // DEBUG is what the Redis test suite uses to check persistence (RELOAD, DIGEST): compare it too
        redis = RedisServerProcess.startOrSkip("--enable-debug-command", "yes");
        cinnabar = CinnabarServer.start(java.util.Map.of("enable-debug-command", "yes"));
    }

    @AfterAll
    static void stopServers() {
        if (cinnabar != null) {
            cinnabar.close();
        }
        if (redis != null) {
            redis.close();
        }
    }
}
