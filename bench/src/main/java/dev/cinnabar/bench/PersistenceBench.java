// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.bench;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.server.RespServer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine thread's longest pause during BGSAVE under a write load, and SAVE / load time and file size.
 *
 * <pre>java -cp … dev.cinnabar.bench.PersistenceBench [keys] [clients] [dir]</pre>
 *
 * Fills {@code keys} keys as Redis's {@code DEBUG POPULATE} does ("key:N" → "value:N"), then runs
 * {@code clients} connections each sending SET of a random existing key and waiting for the reply, and
 * records the longest request latency and the longest lag of a probe task scheduled on the engine thread
 * every millisecond: first for a stretch without BGSAVE, then for the whole of one BGSAVE. Then times a
 * foreground SAVE and a load of the file (as at startup), and prints the file size.
 */
public final class PersistenceBench {
    private PersistenceBench() {
    }

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("persistence-bench");
        Files.createDirectories(dir);
        try (Engine engine = Engine.open(Map.of("dir", dir.toString(), "save", ""))) {
            RespServer server = new RespServer(engine);
            int port = server.start(0);
            engine.loop().submit(() -> {
                for (int i = 0; i < keys; i++) {
                    engine.execute("SET", "key:" + i, "value:" + i);
                }
            }).get();
            System.out.printf("filled %d keys%n", keys);
            Load load = new Load(port, clients, keys);
            load.start();
            Thread.sleep(2000); // warm-up, discarded
            Window idle = load.measure(engine, () -> sleep(5000));
            Window bgsave = load.measure(engine, () -> {
                engine.execute("BGSAVE");
                while (info(engine, "rdb_bgsave_in_progress").equals("1")) {
                    sleep(5);
                }
            });
            load.stop();
            String bgsaveStat = "";
            for (String line : engine.execute("INFO", "commandstats").toString().split("\r\n")) {
                if (line.startsWith("cmdstat_bgsave:")) {
                    bgsaveStat = line;
                }
            }
            System.out.println("BGSAVE command on the engine thread (image taken): " + bgsaveStat);
            System.out.printf("no BGSAVE: %d requests, max request latency %.2f ms, max engine-thread lag %.2f ms%n",
                    idle.requests, idle.maxLatencyNanos / 1e6, idle.maxLagNanos / 1e6);
            System.out.printf("BGSAVE   : %d requests, max request latency %.2f ms, max engine-thread lag %.2f ms,"
                    + " took %.2f s, status %s%n", bgsave.requests, bgsave.maxLatencyNanos / 1e6,
                    bgsave.maxLagNanos / 1e6, bgsave.seconds, info(engine, "rdb_last_bgsave_status"));
            long t0 = System.nanoTime();
            engine.execute("SAVE");
            double saveSeconds = (System.nanoTime() - t0) / 1e9;
            long size = Files.size(dir.resolve("dump.rdb"));
            server.close();
            try (Engine fresh = Engine.open(Map.of("dir", dir.toString(), "save", ""))) {
                long t1 = System.nanoTime();
                fresh.persistence().loadAtStartup();
                double loadSeconds = (System.nanoTime() - t1) / 1e9;
                System.out.printf("SAVE %.3f s, load %.3f s (%s keys), file %d bytes%n", saveSeconds, loadSeconds,
                        fresh.execute("DBSIZE"), size);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String info(Engine engine, String field) {
        for (String line : engine.execute("INFO", "persistence").toString().split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        return "";
    }

    /** What one measured stretch saw. */
    record Window(long requests, long maxLatencyNanos, long maxLagNanos, double seconds) {
    }

    /** Clients in a closed loop of SET key:N and a probe of the engine thread's scheduling lag. */
    static final class Load {
        private final int port;
        private final int clients;
        private final int keys;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong requests = new AtomicLong();
        private final AtomicLong maxLatency = new AtomicLong();
        private final List<Thread> threads = new ArrayList<>();

        Load(int port, int clients, int keys) {
            this.port = port;
            this.clients = clients;
            this.keys = keys;
        }

        void start() {
            for (int c = 0; c < clients; c++) {
                int seed = c;
                Thread t = new Thread(() -> run(seed), "load-" + c);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        private void run(int seed) {
            java.util.Random random = new java.util.Random(seed);
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setTcpNoDelay(true);
                OutputStream out = new BufferedOutputStream(socket.getOutputStream());
                InputStream in = new BufferedInputStream(socket.getInputStream());
                while (running.get()) {
                    String key = "key:" + random.nextInt(keys);
                    String value = "new:" + random.nextInt();
                    String cmd = "*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n$" + value.length()
                            + "\r\n" + value + "\r\n";
                    long t0 = System.nanoTime();
                    out.write(cmd.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    for (int b = in.read(); b != '\n'; b = in.read()) {
                        if (b < 0) {
                            return;
                        }
                    }
                    long latency = System.nanoTime() - t0;
                    maxLatency.accumulateAndGet(latency, Math::max);
                    requests.incrementAndGet();
                }
            } catch (Exception e) {
                if (running.get()) {
                    e.printStackTrace();
                }
            }
        }

        /** Resets the maxima, runs {@code during} with a 1 ms engine-thread probe, returns what was seen. */
        Window measure(Engine engine, Runnable during) {
            AtomicLong maxLag = new AtomicLong();
            AtomicLong expected = new AtomicLong(System.nanoTime() + 1_000_000);
            var probe = engine.loop().scheduleAtFixedRate(() -> {
                long now = System.nanoTime();
                maxLag.accumulateAndGet(now - expected.get(), Math::max);
                expected.set(now + 1_000_000);
            }, 1, 1, TimeUnit.MILLISECONDS);
            maxLatency.set(0);
            long before = requests.get();
            long t0 = System.nanoTime();
            during.run();
            double seconds = (System.nanoTime() - t0) / 1e9;
            probe.cancel(false);
            return new Window(requests.get() - before, maxLatency.get(), maxLag.get(), seconds);
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(5000);
            }
        }
    }
}
