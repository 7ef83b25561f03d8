// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.Jedis;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The {@link JobQueueWorkload reliable job queue} run against the real Redis and against Cinnabar: on each,
 * every job is processed exactly once (none lost, none twice), the counters add up, the queues end empty;
 * and both servers end with the same keys holding the same contents.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobQueueIT extends AgainstRedis {
    /** Each server's keys after its run, as {@link #dump} describes them. */
    private static final Map<String, Map<String, String>> FINAL_STATES = new ConcurrentHashMap<>();

    @Test
    @Order(1)
    void redisProcessesEveryJobExactlyOnce() throws InterruptedException {
        runAndCheck("redis", redis.port());
    }

    @Test
    @Order(2)
    void cinnabarProcessesEveryJobExactlyOnce() throws InterruptedException {
        runAndCheck("cinnabar", cinnabar.port());
    }

    @Test
    @Order(3)
    void bothServersEndInTheSameState() {
        Map<String, String> expected = FINAL_STATES.get("redis");
        Map<String, String> actual = FINAL_STATES.get("cinnabar");
        if (expected == null || actual == null) {
            fail("the workload did not complete on " + (expected == null ? "redis" : "cinnabar"));
        }
        assertEquals(expected, actual);
    }

    private static void runAndCheck(String server, int port) throws InterruptedException {
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            jedis.flushAll();
        }
        JobQueueWorkload.Outcome outcome = JobQueueWorkload.run(port);
        if (!outcome.errors().isEmpty()) {
            AssertionError e = new AssertionError("the workload failed on " + server + ": " + outcome.errors().get(0),
                    outcome.errors().get(0));
            outcome.errors().stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
        System.out.printf("job queue on %s: %d ms, %d EXECs aborted by WATCH%n", server, outcome.millis(),
                outcome.watchRetries());
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            Map<String, String> stats = jedis.hgetAll("stats");
            Set<String> done = jedis.smembers("done");
            assertAll(server,
                    () -> assertEquals(JobQueueWorkload.totalJobs(), jedis.scard("done"), "jobs done"),
                    () -> assertEquals(expectedIds(), new TreeSet<>(done), "the ids of the jobs done"),
                    () -> assertEquals(expectedStats(), new TreeMap<>(stats), "counters"),
                    () -> assertEquals(Set.of("done", "stats"), jedis.keys("*"), "keys left (queues must be empty)"));
            FINAL_STATES.put(server, dump(jedis));
        }
    }

    private static Set<String> expectedIds() {
        Set<String> ids = new TreeSet<>();
        for (int p = 0; p < JobQueueWorkload.PRODUCERS; p++) {
            for (int i = 0; i < JobQueueWorkload.JOBS_PER_PRODUCER; i++) {
                ids.add(Integer.toString(JobQueueWorkload.jobId(p, i)));
            }
        }
        return ids;
    }

    private static Map<String, String> expectedStats() {
        Map<String, Long> stats = new HashMap<>();
        for (int p = 0; p < JobQueueWorkload.PRODUCERS; p++) {
            for (int i = 0; i < JobQueueWorkload.JOBS_PER_PRODUCER; i++) {
                String[] parts = JobQueueWorkload.job(JobQueueWorkload.jobId(p, i)).split(":");
                stats.merge("kind:" + parts[1], 1L, Long::sum);
                stats.merge("sum", Long.parseLong(parts[2]), Long::sum);
            }
        }
        stats.put("processed", (long) JobQueueWorkload.totalJobs());
        stats.put("moved", (long) JobQueueWorkload.delayedJobs());
        stats.put("recovered", 1L);
        Map<String, String> out = new TreeMap<>();
        stats.forEach((k, v) -> out.put(k, Long.toString(v)));
        return out;
    }

    /** Every key with its type, encoding and contents, unordered collections sorted, so two servers compare equal. */
    private static Map<String, String> dump(Jedis jedis) {
        Map<String, String> out = new TreeMap<>();
        for (String key : jedis.keys("*")) {
            String type = jedis.type(key);
            Object contents = switch (type) {
                case "string" -> jedis.get(key);
                case "list" -> jedis.lrange(key, 0, -1);
                case "set" -> new TreeSet<>(jedis.smembers(key));
                case "hash" -> new TreeMap<>(jedis.hgetAll(key));
                case "zset" -> jedis.zrangeWithScores(key, 0, -1);
                default -> fail("unexpected type " + type + " of " + key);
            };
            assertTrue(contents != null, key);
            out.put(key, type + " (" + jedis.objectEncoding(key) + ") " + contents);
        }
        return out;
    }
}
