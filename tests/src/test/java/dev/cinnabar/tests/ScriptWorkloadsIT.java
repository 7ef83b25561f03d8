// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Real-world scripts, run unchanged against redis-server and Cinnabar, must give identical results: a
 * Redlock-style lock (SET NX PX and compare-and-delete / compare-and-extend), a sliding-window rate limiter on
 * a sorted set, a token bucket, and a reliable queue that moves jobs to a processing list and retries the
 * ones whose lease expired. Each workload's replies (errors included) are recorded and compared.
 */
class ScriptWorkloadsIT {
    static final String LOCK_RELEASE = """
            if redis.call("get", KEYS[1]) == ARGV[1] then
                return redis.call("del", KEYS[1])
            else
                return 0
            end""";
    static final String LOCK_EXTEND = """
            if redis.call("get", KEYS[1]) == ARGV[1] then
                return redis.call("pexpire", KEYS[1], ARGV[2])
            else
                return 0
            end""";
    static final String SLIDING_WINDOW = """
            local key = KEYS[1]
            local now = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            local limit = tonumber(ARGV[3])
            redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
            local count = redis.call('ZCARD', key)
            if count < limit then
                redis.call('ZADD', key, now, ARGV[4])
                redis.call('PEXPIRE', key, window)
                return {1, limit - count - 1}
            end
            local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
            return {0, tonumber(oldest[2]) + window - now}""";
    static final String TOKEN_BUCKET = """
            local key = KEYS[1]
            local rate = tonumber(ARGV[1])
            local capacity = tonumber(ARGV[2])
            local now = tonumber(ARGV[3])
            local requested = tonumber(ARGV[4])
            local state = redis.call('HMGET', key, 'tokens', 'ts')
            local tokens = tonumber(state[1]) or capacity
            local ts = tonumber(state[2]) or now
            local delta = math.max(0, now - ts)
            tokens = math.min(capacity, tokens + delta * rate / 1000)
            local allowed = tokens >= requested
            if allowed then tokens = tokens - requested end
            redis.call('HSET', key, 'tokens', tokens, 'ts', now)
            redis.call('PEXPIRE', key, math.ceil(capacity / rate * 1000) * 2)
            return {allowed and 1 or 0, tostring(tokens)}""";
    static final String QUEUE_TAKE = """
            local job = redis.call('LMOVE', KEYS[1], KEYS[2], 'RIGHT', 'LEFT')
            if not job then return false end
            redis.call('HSET', KEYS[3], job, ARGV[1])
            redis.call('HINCRBY', KEYS[4], job, 1)
            return job""";
    static final String QUEUE_ACK = """
            local removed = redis.call('LREM', KEYS[1], 1, ARGV[1])
            if removed == 0 then return redis.error_reply('NOTFOUND job ' .. ARGV[1]) end
            redis.call('HDEL', KEYS[2], ARGV[1])
            redis.call('HDEL', KEYS[3], ARGV[1])
            return removed""";
    static final String QUEUE_REQUEUE_EXPIRED = """
            local now = tonumber(ARGV[1])
            local maxAttempts = tonumber(ARGV[2])
            local moved, dead = 0, 0
            for _, job in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
                local deadline = tonumber(redis.call('HGET', KEYS[2], job))
                if deadline and deadline <= now then
                    redis.call('LREM', KEYS[1], 1, job)
                    redis.call('HDEL', KEYS[2], job)
                    if tonumber(redis.call('HGET', KEYS[3], job)) >= maxAttempts then
                        redis.call('RPUSH', KEYS[4], job)
                        dead = dead + 1
                    else
                        redis.call('RPUSH', KEYS[5], job)
                        moved = moved + 1
                    end
                end
            end
            return {moved, dead}""";

    @Test
    void workloadsGiveTheSameResultsOnBothServers() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.startOrSkip();
             CinnabarServer cinnabar = CinnabarServer.start();
             Jedis r = new Jedis("127.0.0.1", redis.port());
             Jedis c = new Jedis("127.0.0.1", cinnabar.port())) {
            assertEquals(run(r), run(c));
        }
    }

    private static List<Object> run(Jedis j) {
        List<Object> out = new ArrayList<>();
        j.flushAll();
        // Redlock-style lock: acquire with SET NX PX, extend and release only with the owner's token
        out.add(j.set("lock:res", "token-a", new redis.clients.jedis.params.SetParams().nx().px(30000)));
        out.add(j.set("lock:res", "token-b", new redis.clients.jedis.params.SetParams().nx().px(30000)));
        String releaseSha = j.scriptLoad(LOCK_RELEASE);
        String extendSha = j.scriptLoad(LOCK_EXTEND);
        out.add(releaseSha);
        out.add(j.evalsha(extendSha, List.of("lock:res"), List.of("token-b", "60000")));
        out.add(j.evalsha(extendSha, List.of("lock:res"), List.of("token-a", "60000")));
        out.add(j.pttl("lock:res") > 30000);
        out.add(j.evalsha(releaseSha, List.of("lock:res"), List.of("token-b")));
        out.add(j.evalsha(releaseSha, List.of("lock:res"), List.of("token-a")));
        out.add(j.evalsha(releaseSha, List.of("lock:res"), List.of("token-a")));
        out.add(j.set("lock:res", "token-b", new redis.clients.jedis.params.SetParams().nx().px(30000)));

        // sliding window: 5 requests per 1000 ms, requests at fixed times
        String windowSha = j.scriptLoad(SLIDING_WINDOW);
        long[] times = {1000, 1100, 1200, 1300, 1400, 1500, 1600, 2050, 2150, 2160, 2600, 3000};
        for (int i = 0; i < times.length; i++) {
            out.add(j.evalsha(windowSha, List.of("rl:user1"), List.of(Long.toString(times[i]), "1000", "5", "req" + i)));
        }
        out.add(j.zrange("rl:user1", 0, -1));

        // token bucket: 2 tokens per second, capacity 5
        String bucketSha = j.scriptLoad(TOKEN_BUCKET);
        for (int i = 0; i < 10; i++) {
            out.add(j.evalsha(bucketSha, List.of("tb:user1"), List.of("2", "5", Long.toString(1000 + i * 150), "1")));
        }
        out.add(j.hgetAll("tb:user1"));

        // reliable queue with retries: take, ack some, let the others' leases expire and requeue them
        for (int i = 0; i < 6; i++) {
            j.lpush("q:pending", "job" + i);
        }
        List<String> keys = List.of("q:pending", "q:processing", "q:leases", "q:attempts");
        String takeSha = j.scriptLoad(QUEUE_TAKE);
        String ackSha = j.scriptLoad(QUEUE_ACK);
        String requeueSha = j.scriptLoad(QUEUE_REQUEUE_EXPIRED);
        List<String> requeueKeys = List.of("q:processing", "q:leases", "q:attempts", "q:dead", "q:pending");
        for (int round = 0; round < 4; round++) {
            long now = 10_000L * (round + 1);
            for (int i = 0; i < 4; i++) {
                out.add(j.evalsha(takeSha, keys, List.of(Long.toString(now + 5000))));
            }
            out.add(j.lrange("q:processing", 0, -1));
            try {
                out.add(j.evalsha(ackSha, List.of("q:processing", "q:leases", "q:attempts"), List.of("job" + round)));
            } catch (JedisDataException e) {
                out.add("error: " + e.getMessage());
            }
            out.add(j.evalsha(requeueSha, requeueKeys, List.of(Long.toString(now + 6000), "3")));
            out.add(j.lrange("q:pending", 0, -1));
            out.add(j.lrange("q:dead", 0, -1));
            out.add(new java.util.TreeMap<>(j.hgetAll("q:attempts")));
        }
        try {
            j.evalsha(ackSha, List.of("q:processing", "q:leases", "q:attempts"), List.of("nosuchjob"));
        } catch (JedisDataException e) {
            out.add("error: " + e.getMessage());
        }
        return out;
    }
}
