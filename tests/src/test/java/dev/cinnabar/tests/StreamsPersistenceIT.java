// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streams through RDB files and the AOF. An RDB saved by redis-server (groups, pending entries, consumers)
 * loads into Cinnabar and Cinnabar's SAVE loads back into redis-server, DUMP-identical both ways. Through the
 * AOF: Cinnabar's rewrite (Redis's rewriteStreamObject: XADD per entry, XSETID with
 * entries-added and max-deleted-id, the XADD MAXLEN 0 trick for an empty stream) and its propagated
 * XADD/XTRIM (ids filled in, {@code ~} turned exact) rebuild the same streams in Cinnabar and in a real
 * redis-server loading the same appendonlydir, byte for byte (DUMP).
 */
class StreamsPersistenceIT {
    private static final List<String> KEYS = List.of("s", "empty", "deleted-last", "trimmed", "minid");

    @TempDir
    Path dir;

    @Test
    void rewrittenAndAppendedStreamsLoadTheSameInRedis() throws Exception {
        Map<String, String> before = new LinkedHashMap<>();
        try (CinnabarServer c = CinnabarServer.start(Map.of("dir", dir.toString(), "appendonly", "yes",
                "aof-use-rdb-preamble", "no", "stream-node-max-entries", "10"));
             RespConnection conn = new RespConnection(c.port())) {
            for (int i = 1; i <= 55; i++) {
                call(conn, "XADD", "s", i + "-1", "f", "v" + i, "n", Integer.toString(i));
            }
            call(conn, "XDEL", "s", "7-1", "30-1");
            call(conn, "XADD", "empty", "MAXLEN", "0", "1-1", "a", "b");
            call(conn, "XADD", "deleted-last", "1-1", "a", "b");
            call(conn, "XADD", "deleted-last", "2-2", "a", "b");
            call(conn, "XDEL", "deleted-last", "2-2");
            call(conn, "BGREWRITEAOF");
            waitRewrite(conn);
            // written after the rewrite: propagated as commands with the ids and thresholds made exact
            call(conn, "XADD", "s", "*", "after", "rewrite");
            for (int i = 1; i <= 45; i++) {
                call(conn, "XADD", "trimmed", "MAXLEN", "~", "12", "*", "i", Integer.toString(i));
                call(conn, "XADD", "minid", "MINID", "~", "20", i + "-*", "i", Integer.toString(i));
            }
            call(conn, "XTRIM", "s", "MAXLEN", "~", "20");
            call(conn, "XSETID", "empty", "100-100", "ENTRIESADDED", "42", "MAXDELETEDID", "50-0");
            for (String key : KEYS) {
                before.put(key, call(conn, "XRANGE", key, "-", "+") + call(conn, "XLEN", key));
            }
        }
        Map<String, String> cinnabarDumps = new LinkedHashMap<>();
        try (CinnabarServer c = CinnabarServer.start(Map.of("dir", dir.toString(), "appendonly", "yes",
                "stream-node-max-entries", "10"));
             RespConnection conn = new RespConnection(c.port())) {
            for (String key : KEYS) {
                assertEquals(before.get(key), call(conn, "XRANGE", key, "-", "+") + call(conn, "XLEN", key), key);
                cinnabarDumps.put(key, call(conn, "DUMP", key));
            }
        }
        try (RedisServerProcess redis = RedisServerProcess.startOrSkip("--dir", dir.toString(), "--appendonly",
                "yes", "--stream-node-max-entries", "10");
             RespConnection conn = new RespConnection(redis.port())) {
            waitLoaded(conn);
            for (String key : KEYS) {
                assertEquals(before.get(key), call(conn, "XRANGE", key, "-", "+") + call(conn, "XLEN", key), key);
                assertEquals(cinnabarDumps.get(key), call(conn, "DUMP", key), key);
            }
        }
    }

    @Test
    void rdbFilesWithGroupsCrossBothWays() throws Exception {
        List<String> keys = List.of("plain", "groups", "emptied");
        Map<String, String> redisDumps = new LinkedHashMap<>();
        try (RedisServerProcess redis = RedisServerProcess.startOrSkip("--dir", dir.toString(), "--dbfilename",
                "dump.rdb", "--stream-node-max-entries", "4");
             RespConnection conn = new RespConnection(redis.port())) {
            for (int i = 1; i <= 30; i++) {
                call(conn, "XADD", "plain", i + "-" + i, "k", "v" + i, "n", Integer.toString(i * 7));
                call(conn, "XADD", "groups", i + "-0", "job", "j" + i);
            }
            call(conn, "XDEL", "plain", "3-3", "4-4", "30-30");
            call(conn, "XGROUP", "CREATE", "groups", "workers", "0");
            call(conn, "XGROUP", "CREATE", "groups", "audit", "$", "MKSTREAM");
            call(conn, "XREADGROUP", "GROUP", "workers", "w1", "COUNT", "5", "STREAMS", "groups", ">");
            call(conn, "XREADGROUP", "GROUP", "workers", "w2", "COUNT", "3", "STREAMS", "groups", ">");
            call(conn, "XACK", "groups", "workers", "2-0", "7-0");
            call(conn, "XGROUP", "CREATECONSUMER", "groups", "workers", "idle");
            call(conn, "XADD", "emptied", "1-1", "a", "b");
            call(conn, "XDEL", "emptied", "1-1");
            call(conn, "XGROUP", "CREATE", "emptied", "g", "$");
            for (String key : keys) {
                redisDumps.put(key, call(conn, "DUMP", key));
            }
            assertEquals("+OK\r\n", call(conn, "SAVE"));
        }
        assertTrue(java.nio.file.Files.size(dir.resolve("dump.rdb")) > 100);
        try (CinnabarServer c = CinnabarServer.start(Map.of("dir", dir.toString(), "dbfilename", "dump.rdb",
                "enable-debug-command", "yes"));
             RespConnection conn = new RespConnection(c.port())) {
            assertEquals("+OK\r\n", call(conn, "DEBUG", "RELOAD", "NOSAVE"));
            assertEquals(":3\r\n", call(conn, "DBSIZE"), call(conn, "CONFIG", "GET", "d*"));
            for (String key : keys) {
                assertEquals(redisDumps.get(key), call(conn, "DUMP", key), key);
            }
            java.nio.file.Files.delete(dir.resolve("dump.rdb"));
            assertEquals("+OK\r\n", call(conn, "SAVE"));
        }
        assertTrue(java.nio.file.Files.size(dir.resolve("dump.rdb")) > 100);
        try (RedisServerProcess redis = RedisServerProcess.startOrSkip("--dir", dir.toString(), "--dbfilename",
                "dump.rdb");
             RespConnection conn = new RespConnection(redis.port())) {
            waitLoaded(conn);
            for (String key : keys) {
                assertEquals(redisDumps.get(key), call(conn, "DUMP", key), key);
            }
        }
    }

    private static String call(RespConnection conn, String... args) throws IOException {
        return new String(conn.call(args), StandardCharsets.ISO_8859_1);
    }

    private static void waitRewrite(RespConnection conn) throws Exception {
        for (int i = 0; i < 1000; i++) {
            String info = call(conn, "INFO", "persistence");
            if (info.contains("aof_rewrite_in_progress:0") && info.contains("aof_rewrite_scheduled:0")) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("rewrite did not end");
    }

    private static void waitLoaded(RespConnection conn) throws Exception {
        for (int i = 0; i < 1000 && !call(conn, "INFO", "persistence").contains("\r\nloading:0\r\n"); i++) {
            Thread.sleep(10);
        }
    }
}
