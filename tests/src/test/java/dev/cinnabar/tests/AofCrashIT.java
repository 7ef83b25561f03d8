// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Cinnabar server process killed with SIGKILL under a concurrent write load, then restarted on its AOF:
 * under {@code appendfsync always} no acknowledged write is lost; under {@code everysec} the loss is counted
 * and bounded. Also: a torn tail loads only with {@code aof-load-truncated yes}; damage in the middle
 * refuses to start naming the file and offset.
 */
class AofCrashIT {
    private static final int WRITERS = 8;
    @TempDir
    Path dir;

    private Process start(String fsync) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServerMain.class.getName(),
                "dir", dir.toString(), "appendonly", "yes", "appendfsync", fsync));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static int port(Process p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            if (line.startsWith("PORT ")) {
                Thread drain = new Thread(() -> {
                    try {
                        while (r.readLine() != null) {
                            // keep the pipe empty
                        }
                    } catch (java.io.IOException ignored) {
                        // process gone
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(line.substring(5).trim());
            }
        }
        throw new AssertionError("server did not start");
    }

    /** Kills the server under load and returns how many acknowledged INCRs were lost. */
    private long killUnderLoad(String fsync) throws Exception {
        Process server = start(fsync);
        int port = port(server);
        AtomicLongArray acked = new AtomicLongArray(WRITERS);
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int id = w;
            Thread t = new Thread(() -> {
                try (Jedis j = new Jedis("127.0.0.1", port)) {
                    while (!stop.get()) {
                        acked.set(id, j.incr("counter:" + id));
                    }
                } catch (RuntimeException connectionLost) {
                    // the kill
                }
            });
            t.start();
            writers.add(t);
        }
        Thread.sleep(1500);
        server.destroyForcibly().waitFor();
        stop.set(true);
        for (Thread t : writers) {
            t.join();
        }
        long lost = 0;
        try (CinnabarServer c = CinnabarServer.start(Map.of("dir", dir.toString(), "appendonly", "yes"));
             Jedis j = new Jedis("127.0.0.1", c.port())) {
            for (int w = 0; w < WRITERS; w++) {
                String v = j.get("counter:" + w);
                long durable = v == null ? 0 : Long.parseLong(v);
                // one INCR may have been written but not acknowledged before the kill
                assertTrue(durable <= acked.get(w) + 1, "writer " + w + ": " + durable + " > " + acked.get(w));
                lost += Math.max(0, acked.get(w) - durable);
            }
            long total = 0;
            for (int w = 0; w < WRITERS; w++) {
                total += acked.get(w);
            }
            System.out.println("AofCrashIT appendfsync " + fsync + ": acknowledged " + total + ", lost " + lost);
        }
        return lost;
    }

    @Test
    void alwaysLosesNoAcknowledgedWrite() throws Exception {
        assertEquals(0, killUnderLoad("always"));
    }

    @Test
    void everysecLosesNothingAcknowledgedWhenOnlyTheProcessDies() throws Exception {
        long lost = killUnderLoad("everysec");
        // everysec writes each batch to the file before its replies and only defers the fsync; a process
        // kill keeps what the page cache holds, so nothing acknowledged is lost (a machine crash could lose
        // up to about a second, which this test cannot produce)
        assertEquals(0, lost);
    }

    @Test
    void tornTailLoadsOnlyWhenAllowed() throws Exception {
        Process server = start("always");
        int port = port(server);
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            j.set("a", "1");
            j.set("b", "2");
        }
        server.destroyForcibly().waitFor();
        Path incr = dir.resolve("appendonlydir/appendonly.aof.1.incr.aof");
        Files.write(incr, "*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1".getBytes(StandardCharsets.US_ASCII),
                StandardOpenOption.APPEND);
        assertThrows(RuntimeException.class, () -> CinnabarServer.start(Map.of("dir", dir.toString(),
                "appendonly", "yes", "aof-load-truncated", "no")));
        try (CinnabarServer c = CinnabarServer.start(Map.of("dir", dir.toString(), "appendonly", "yes"));
             Jedis j = new Jedis("127.0.0.1", c.port())) {
            assertEquals(2, j.dbSize());
        }
    }

    @Test
    void damageInTheMiddleRefusesToStartNamingFileAndOffset() throws Exception {
        Process server = start("always");
        int port = port(server);
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            j.set("a", "1");
            j.set("b", "2");
        }
        server.destroyForcibly().waitFor();
        Path incr = dir.resolve("appendonlydir/appendonly.aof.1.incr.aof");
        byte[] b = Files.readAllBytes(incr);
        int at = new String(b, StandardCharsets.ISO_8859_1).indexOf("$1\r\na");
        b[at] = '%';
        Files.write(incr, b);
        RuntimeException e = assertThrows(RuntimeException.class, () -> CinnabarServer.start(
                Map.of("dir", dir.toString(), "appendonly", "yes")));
        String message = String.valueOf(e.getMessage()) + e.getCause();
        assertTrue(message.contains("appendonly.aof.1.incr.aof") && message.contains("offset " + at), message);
    }
}
