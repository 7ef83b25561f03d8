// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.resps.Tuple;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AOF interop with a real redis-server 7.0: an appendonlydir written by Redis (RDB preamble base or
 * command base, plus incremental files) loads into Cinnabar with identical data, and the other way round.
 */
class AofInteropIT {
    @TempDir
    Path dir;

    @Test
    void redisAofWithPreambleLoadsInCinnabar() throws Exception {
        redisWritesCinnabarLoads("yes");
    }

    @Test
    void redisAofWithCommandBaseLoadsInCinnabar() throws Exception {
        redisWritesCinnabarLoads("no");
    }

    @Test
    void cinnabarAofWithPreambleLoadsInRedis() throws Exception {
        cinnabarWritesRedisLoads("yes");
    }

    @Test
    void cinnabarAofWithCommandBaseLoadsInRedis() throws Exception {
        cinnabarWritesRedisLoads("no");
    }

    private void redisWritesCinnabarLoads(String preamble) throws Exception {
        Map<String, String> expected;
        try (RedisServerProcess redis = RedisServerProcess.startOrSkip("--dir", dir.toString(), "--appendonly", "yes",
                "--aof-use-rdb-preamble", preamble, "--appendfsync", "always");
             Jedis j = new Jedis("127.0.0.1", redis.port())) {
            writeDataset(j, 0);
            j.bgrewriteaof();
            waitRewrite(j);
            writeDataset(j, 1);
            expected = logicalDump(j);
        }
        assertTrue(Files.exists(dir.resolve("appendonlydir/appendonly.aof.manifest")));
        try (CinnabarServer c = CinnabarServer.start(Map.of("dir", dir.toString(), "appendonly", "yes"));
             Jedis j = new Jedis("127.0.0.1", c.port())) {
            assertEquals(expected, logicalDump(j));
        }
    }

    private void cinnabarWritesRedisLoads(String preamble) throws Exception {
        Map<String, String> expected;
        try (CinnabarServer c = CinnabarServer.start(Map.of("dir", dir.toString(), "appendonly", "yes",
                "aof-use-rdb-preamble", preamble));
             Jedis j = new Jedis("127.0.0.1", c.port())) {
            writeDataset(j, 0);
            j.bgrewriteaof();
            waitRewrite(j);
            writeDataset(j, 1);
            expected = logicalDump(j);
        }
        try (RedisServerProcess redis = RedisServerProcess.startOrSkip("--dir", dir.toString(), "--appendonly", "yes");
             Jedis j = new Jedis("127.0.0.1", redis.port())) {
            waitLoaded(j);
            assertEquals(expected, logicalDump(j));
        }
    }

    /** redis-server answers PING while it loads; wait for loading:0. */
    private static void waitLoaded(Jedis j) throws InterruptedException {
        for (int i = 0; i < 1000 && !j.info("persistence").contains("\r\nloading:0\r\n"); i++) {
            Thread.sleep(10);
        }
    }

    private static void waitRewrite(Jedis j) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            String info = j.info("persistence");
            if (info.contains("aof_rewrite_in_progress:0") && info.contains("aof_rewrite_scheduled:0")) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("rewrite did not end");
    }

    /** Every type in both encodings, TTLs, several databases, binary keys, empty strings. */
    private static void writeDataset(Jedis j, int round) {
        String r = "r" + round + ":";
        for (int db = 0; db < 3; db++) {
            j.select(db);
            j.set(r + "str", "value" + db);
            j.set(r + "int", Integer.toString(12345 + db));
            j.set(r + "empty", "");
            j.set((r + "bin\0\r\n\u00ff").getBytes(StandardCharsets.ISO_8859_1), new byte[]{0, 1, 2, (byte) 255});
            j.set(r + "big", "x".repeat(100_000));
            j.set(r + "ttl", "t");
            j.pexpireAt(r + "ttl", 4_102_444_800_000L + db);
            j.rpush(r + "list-small", "a", "b", "1");
            for (int i = 0; i < 300; i++) {
                j.rpush(r + "list-big", "element-" + i);
                j.hset(r + "hash-big", "field" + i, "v" + i);
                j.sadd(r + "set-big", "member" + i);
                j.sadd(r + "intset-big", Integer.toString(i * 7));
                j.zadd(r + "zset-big", i * 1.5, "m" + i);
            }
            j.hset(r + "hash-small", Map.of("f", "v", "n", "1"));
            j.sadd(r + "set-small", "x", "y");
            j.sadd(r + "intset", "1", "2", "3");
            j.zadd(r + "zset-small", Map.of("a", 1.0, "b", -2.5, "c", 1e10));
            j.incrByFloat(r + "float", 1.25);
            j.del(r + "str-deleted");
        }
        j.select(0);
    }

    /** Every key of databases 0-15 as type and content, with its absolute expiry. */
    private static Map<String, String> logicalDump(Jedis j) {
        Map<String, String> out = new TreeMap<>();
        for (int db = 0; db < 16; db++) {
            j.select(db);
            for (byte[] key : j.keys("*".getBytes())) {
                String name = db + "/" + Base64.getEncoder().encodeToString(key);
                String type = j.type(key);
                String content = switch (type) {
                    case "string" -> b64(j.get(key));
                    case "list" -> j.lrange(key, 0, -1).stream().map(AofInteropIT::b64).toList().toString();
                    case "hash" -> {
                        TreeMap<String, String> m = new TreeMap<>();
                        j.hgetAll(key).forEach((f, v) -> m.put(b64(f), b64(v)));
                        yield m.toString();
                    }
                    case "set" -> new TreeSet<>(j.smembers(key).stream().map(AofInteropIT::b64).toList()).toString();
                    case "zset" -> {
                        List<String> items = new ArrayList<>();
                        for (Tuple t : j.zrangeWithScores(key, 0, -1)) {
                            items.add(b64(t.getBinaryElement()) + "=" + t.getScore());
                        }
                        yield items.toString();
                    }
                    default -> "?";
                };
                Object expire = j.sendCommand(Protocol.Command.PEXPIRETIME, key);
                out.put(name, type + " " + content + " expire=" + expire);
            }
        }
        j.select(0);
        return out;
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
