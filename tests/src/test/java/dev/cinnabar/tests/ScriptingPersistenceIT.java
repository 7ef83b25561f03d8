// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.rdb.RdbLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scripts and functions under persistence: a script's writes reach the AOF as the commands themselves
 * (several wrapped in MULTI/EXEC, never the EVAL line), {@code redis.set_repl} keeps some out, and function
 * libraries survive a restart through the AOF and through the RDB file — also when redis-server reads them.
 */
class ScriptingPersistenceIT {
    private static final String LIBRARY = "#!lua name=counters\n"
            + "redis.register_function('bump', function(keys, args) return redis.call('incrby', keys[1], args[1]) end)";

    @TempDir
    Path dir;

    @Test
    void scriptWritesReachTheAofAsCommands() throws Exception {
        try (CinnabarServer c = CinnabarServer.start(Map.of("dir", dir.toString(), "appendonly", "yes",
                "appendfsync", "always"));
             Jedis j = new Jedis("127.0.0.1", c.port())) {
            j.eval("return redis.call('set', KEYS[1], 'one')", 1, "single");
            j.eval("redis.call('set', KEYS[1], 'a') redis.call('rpush', KEYS[2], 'x', 'y') return 1", 2, "k", "l");
            j.eval("redis.call('set','a','1') redis.set_repl(redis.REPL_NONE) redis.call('set','b','2') "
                    + "redis.set_repl(redis.REPL_AOF) redis.call('set','c','3') redis.set_repl(redis.REPL_ALL) "
                    + "redis.call('set','d','4')", 0);
            j.eval("return redis.call('get', 'k')", 0);
        }
        String aof = incrementalAof();
        assertFalse(aof.toLowerCase().contains("eval"), aof);
        assertTrue(aof.contains("*3\r\n$3\r\nset\r\n$6\r\nsingle\r\n$3\r\none\r\n"), aof);
        String multi = "*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nset\r\n$1\r\nk\r\n$1\r\na\r\n"
                + "*4\r\n$5\r\nrpush\r\n$1\r\nl\r\n$1\r\nx\r\n$1\r\ny\r\n*1\r\n$4\r\nEXEC\r\n";
        assertTrue(aof.contains(multi), aof);
        assertTrue(aof.contains("$1\r\na\r\n$1\r\n1\r\n") && aof.contains("$1\r\nc\r\n$1\r\n3\r\n")
                && aof.contains("$1\r\nd\r\n$1\r\n4\r\n"), aof);
        assertFalse(aof.contains("$1\r\nb\r\n$1\r\n2\r\n"), aof);

        // replayed, the AOF gives what the scripts wrote, except what REPL_NONE kept out of it
        try (CinnabarServer c = CinnabarServer.start(Map.of("dir", dir.toString(), "appendonly", "yes"));
             Jedis j = new Jedis("127.0.0.1", c.port())) {
            assertEquals(List.of("1", "3", "4"), j.mget("a", "c", "d"));
            assertEquals(null, j.get("b"));
            assertEquals(List.of("x", "y"), j.lrange("l", 0, -1));
        }
    }

    @Test
    void functionLibrariesSurviveARestartThroughTheAof() throws Exception {
        try (CinnabarServer c = CinnabarServer.start(Map.of("dir", dir.toString(), "appendonly", "yes"));
             Jedis j = new Jedis("127.0.0.1", c.port())) {
            assertEquals("counters", j.functionLoad(LIBRARY));
            assertEquals(5L, j.fcall("bump", List.of("n"), List.of("5")));
        }
        assertTrue(incrementalAof().contains("FUNCTION") || incrementalAof().contains("function"));
        try (CinnabarServer c = CinnabarServer.start(Map.of("dir", dir.toString(), "appendonly", "yes"));
             Jedis j = new Jedis("127.0.0.1", c.port())) {
            assertEquals(7L, j.fcall("bump", List.of("n"), List.of("2")));
        }
        // and redis-server replays the same AOF to the same library and data
        try (RedisServerProcess redis = RedisServerProcess.startOrSkip("--dir", dir.toString(), "--appendonly", "yes");
             Jedis j = new Jedis("127.0.0.1", redis.port())) {
            waitLoaded(j);
            assertEquals(9L, j.fcall("bump", List.of("n"), List.of("2")));
        }
    }

    @Test
    void functionLibrariesSurviveAnAofRewriteWithPreamble() throws Exception {
        rewriteKeepsLibraries("yes");
    }

    @Test
    void functionLibrariesSurviveAnAofRewriteAsCommands() throws Exception {
        rewriteKeepsLibraries("no");
    }

    private void rewriteKeepsLibraries(String preamble) throws Exception {
        try (CinnabarServer c = CinnabarServer.start(Map.of("dir", dir.toString(), "appendonly", "yes",
                "aof-use-rdb-preamble", preamble));
             Jedis j = new Jedis("127.0.0.1", c.port())) {
            j.functionLoad(LIBRARY);
            assertEquals(5L, j.fcall("bump", List.of("n"), List.of("5")));
            j.bgrewriteaof();
            waitRewrite(j);
            assertEquals(6L, j.fcall("bump", List.of("n"), List.of("1")));
        }
        try (CinnabarServer c = CinnabarServer.start(Map.of("dir", dir.toString(), "appendonly", "yes"));
             Jedis j = new Jedis("127.0.0.1", c.port())) {
            assertEquals(7L, j.fcall("bump", List.of("n"), List.of("1")));
        }
        try (RedisServerProcess redis = RedisServerProcess.startOrSkip("--dir", dir.toString(), "--appendonly", "yes");
             Jedis j = new Jedis("127.0.0.1", redis.port())) {
            waitLoaded(j);
            assertEquals(8L, j.fcall("bump", List.of("n"), List.of("1")));
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

    @Test
    void functionLibrariesSurviveARestartThroughTheRdb() throws Exception {
        try (CinnabarServer c = CinnabarServer.start(Map.of("dir", dir.toString(), "enable-debug-command", "yes"));
             Jedis j = new Jedis("127.0.0.1", c.port())) {
            j.functionLoad(LIBRARY);
            j.set("n", "10");
            j.save();
            j.sendCommand(() -> "DEBUG".getBytes(StandardCharsets.US_ASCII), "RELOAD");
            assertEquals(11L, j.fcall("bump", List.of("n"), List.of("1")));
            j.save();
        }
        try (CinnabarServer c = CinnabarServer.start(Map.of("dir", dir.toString()));
             Jedis j = new Jedis("127.0.0.1", c.port())) {
            // the harness server does not read dump.rdb at startup (the CLI does): load it as RdbInteropIT does
            Engine engine = c.engine();
            engine.loop().submit(() -> RdbLoader.load(engine, dir.resolve("dump.rdb"))).get();
            assertEquals(12L, j.fcall("bump", List.of("n"), List.of("1")));
        }
        try (RedisServerProcess redis = RedisServerProcess.startOrSkip("--dir", dir.toString());
             Jedis j = new Jedis("127.0.0.1", redis.port())) {
            waitLoaded(j);
            assertEquals(12L, j.fcall("bump", List.of("n"), List.of("1")));
        }
    }

    private String incrementalAof() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(dir.resolve("appendonlydir"))) {
            for (Path p : files.sorted().toList()) {
                if (p.getFileName().toString().endsWith(".incr.aof")) {
                    all.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
                }
            }
        }
        return all.toString();
    }

    /** Waits until the server has loaded its files (the data set holds the key {@code n} again). */
    private static void waitLoaded(Jedis j) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            try {
                if (j.exists("n")) {
                    return;
                }
            } catch (redis.clients.jedis.exceptions.JedisDataException loading) {
                // -LOADING: not yet
            }
            Thread.sleep(10);
        }
    }
}
