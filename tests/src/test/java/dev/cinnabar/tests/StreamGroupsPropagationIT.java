// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What consumer-group commands write to the AOF, compared with a real redis-server given the same commands:
 * XREADGROUP as XCLAIM ... FORCE JUSTID LASTID lines (and XGROUP CREATECONSUMER / SETID for NOACK reads),
 * XCLAIM and XAUTOCLAIM as their idempotent XCLAIM form, XACK and XGROUP as typed, several lines of one
 * command wrapped in MULTI/EXEC. Delivery times (XCLAIM's TIME argument) come from each server's clock and
 * are compared as present only. Cinnabar's AOF then loads in Redis into the same groups.
 */
class StreamGroupsPropagationIT {
    @TempDir
    Path redisDir;
    @TempDir
    Path cinnabarDir;

    @Test
    void consumerGroupChangesAreLoggedAsRedisLogsThem() throws Exception {
        List<String> redisLog;
        List<String> cinnabarLog;
        try (RedisServerProcess redis = RedisServerProcess.startOrSkip("--dir", redisDir.toString(), "--appendonly",
                "yes");
             RespConnection a = new RespConnection(redis.port());
             RespConnection b = new RespConnection(redis.port())) {
            workload(a, b);
            redisLog = log(redisDir);
        }
        try (CinnabarServer c = CinnabarServer.start(Map.of("dir", cinnabarDir.toString(), "appendonly", "yes"));
             RespConnection a = new RespConnection(c.port());
             RespConnection b = new RespConnection(c.port())) {
            workload(a, b);
            cinnabarLog = log(cinnabarDir);
        }
        assertEquals(String.join("\n", redisLog), String.join("\n", cinnabarLog));
        // replayed by Redis, each log rebuilds the same groups (entries-read included, which the XCLAIM
        // lines do not carry, so a replayed group may differ from the live one, in Redis as here)
        assertEquals(replayedByRedis(redisDir), replayedByRedis(cinnabarDir));
    }

    private static String replayedByRedis(Path dir) throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.startOrSkip("--dir", dir.toString(), "--appendonly", "yes");
             RespConnection conn = new RespConnection(redis.port())) {
            for (int i = 0; i < 500 && !call(conn, "INFO", "persistence").contains("\r\nloading:0\r\n"); i++) {
                Thread.sleep(10);
            }
            return call(conn, "XINFO", "GROUPS", "s") + call(conn, "XPENDING", "s", "g")
                    + call(conn, "XINFO", "CONSUMERS", "s", "g").replaceAll("idle\r\n:\\d+", "idle");
        }
    }

    private static void workload(RespConnection a, RespConnection b) throws Exception {
        for (int i = 1; i <= 6; i++) {
            call(a, "XADD", "s", i + "-0", "f", "v" + i);
        }
        call(a, "XGROUP", "CREATE", "s", "g", "0");
        call(a, "XGROUP", "CREATE", "s", "g2", "$", "ENTRIESREAD", "6");
        call(a, "XGROUP", "CREATE", "m", "g", "$", "MKSTREAM");
        call(a, "XREADGROUP", "GROUP", "g", "c1", "COUNT", "2", "STREAMS", "s", ">");
        call(a, "XREADGROUP", "GROUP", "g", "c2", "NOACK", "COUNT", "1", "STREAMS", "s", ">");
        call(a, "XREADGROUP", "GROUP", "g", "c3", "NOACK", "STREAMS", "m", ">");
        call(a, "XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", "0");
        call(a, "XACK", "s", "g", "1-0", "3-0");
        call(a, "XCLAIM", "s", "g", "c4", "0", "2-0");
        call(a, "XCLAIM", "s", "g", "c4", "0", "2-0", "LASTID", "4-0", "JUSTID");
        call(a, "XCLAIM", "s", "g", "c4", "0", "5-0", "LASTID", "5-0");
        call(a, "XCLAIM", "s", "g", "c5", "0", "6-0", "FORCE", "TIME", "1000", "RETRYCOUNT", "9");
        call(a, "XDEL", "s", "2-0");
        call(a, "XAUTOCLAIM", "s", "g", "c5", "0", "0");
        call(a, "XGROUP", "SETID", "s", "g", "3-0", "ENTRIESREAD", "3");
        call(a, "XGROUP", "CREATECONSUMER", "s", "g", "c9");
        call(a, "XGROUP", "DELCONSUMER", "s", "g", "c9");
        call(a, "XGROUP", "DESTROY", "s", "g2");
        call(a, "MULTI");
        call(a, "XREADGROUP", "GROUP", "g", "c6", "COUNT", "1", "STREAMS", "s", ">");
        call(a, "XACK", "s", "g", "4-0");
        call(a, "EXEC");
        call(a, "EVAL", "return redis.call('XREADGROUP', 'GROUP', 'g', 'c7', 'NOACK', 'STREAMS', 's', '>')", "0");
        // a blocked reader woken by an XADD
        b.send(bytes("XREADGROUP"), bytes("GROUP"), bytes("g"), bytes("c8"), bytes("BLOCK"), bytes("0"),
                bytes("STREAMS"), bytes("s"), bytes(">"));
        for (int i = 0; i < 500 && !call(a, "INFO", "clients").contains("blocked_clients:1"); i++) {
            Thread.sleep(10);
        }
        call(a, "XADD", "s", "7-0", "f", "v7");
        b.readReply();
        call(a, "SET", "end", "1");
    }

    /** The commands in the AOF directory's incremental files, one per line, delivery times blanked. */
    private static List<String> log(Path dir) throws IOException {
        List<String> commands = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir.resolve("appendonlydir"))) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".incr.aof")).sorted().toList();
        }
        for (Path f : files) {
            byte[] b = Files.readAllBytes(f);
            int[] pos = {0};
            while (pos[0] < b.length) {
                List<String> argv = command(b, pos);
                for (int i = 0; i + 1 < argv.size(); i++) {
                    if (argv.get(0).equals("XCLAIM") && argv.get(i).equals("TIME") && !argv.get(i + 1).equals("1000")) {
                        argv.set(i + 1, "<time>");
                    }
                }
                commands.add(String.join(" ", argv));
            }
        }
        return commands;
    }

    private static List<String> command(byte[] b, int[] pos) {
        int n = Integer.parseInt(line(b, pos).substring(1));
        List<String> argv = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = Integer.parseInt(line(b, pos).substring(1));
            argv.add(new String(b, pos[0], len, StandardCharsets.ISO_8859_1));
            pos[0] += len + 2;
        }
        return argv;
    }

    private static String line(byte[] b, int[] pos) {
        int start = pos[0];
        while (b[pos[0]] != '\r') {
            pos[0]++;
        }
        String s = new String(b, start, pos[0] - start, StandardCharsets.ISO_8859_1);
        pos[0] += 2;
        return s;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String call(RespConnection conn, String... args) throws IOException {
        return new String(conn.call(args), StandardCharsets.ISO_8859_1);
    }
}
