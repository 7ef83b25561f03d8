// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Arrays;
import java.util.stream.LongStream;

/**
 * A randomized comparison with Redis: one real redis-server for the class (each seed starts its own
 * Cinnabar), and the seeds to run, from a system property or the class's defaults.
 */
abstract class SeededAgainstRedis {
    static RedisServerProcess redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServerProcess.startOrSkip();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    /** The seeds named by {@code property} ({@code -Dproperty=N[,M…]}), else {@code defaults}. */
    static LongStream seeds(String property, long[] defaults) {
        String only = System.getProperty(property, "");
        return only.isEmpty() ? Arrays.stream(defaults)
                : Arrays.stream(only.split(",")).mapToLong(s -> Long.parseLong(s.strip()));
    }
}
