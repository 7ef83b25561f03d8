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

/**
 * Streams through the AOF: Cinnabar's rewrite (Redis's rewriteStreamObject: XADD per entry, XSETID with
 * entries-added and max-deleted-id, the XADD MAXLEN 0 trick for an empty stream) and its propagated
 * XADD/XTRIM (ids filled in, {@code ~} turned exact) rebuild the same streams in Cinnabar and in a real
 * redis-server loading the same appendonlydir, byte for byte (DUMP).
 */
class StreamsAofIT {
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
