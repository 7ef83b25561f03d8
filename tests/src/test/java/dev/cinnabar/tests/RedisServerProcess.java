// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A real {@code redis-server} started by a test on a free port, without persistence. */
public final class RedisServerProcess implements TestServer {
    private final Process process;
    private final int port;
    private final Path dir;

    private RedisServerProcess(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /**
     * Starts redis-server, or skips the calling test loudly when it is missing; with
     * {@code CINNABAR_REQUIRE_REDIS=1} (CI) a missing redis-server fails instead.
     */
    public static RedisServerProcess startOrSkip(String... extraArgs) throws IOException, InterruptedException {
        String binary = find("redis-server");
        if (binary == null) {
            String message = "redis-server is not on the PATH: the differential tests against real Redis are "
                    + "SKIPPED. Install it (apt-get install redis-server) or set CINNABAR_REQUIRE_REDIS=1 to fail.";
            if ("1".equals(System.getenv("CINNABAR_REQUIRE_REDIS"))) {
                Assertions.fail(message);
            }
            System.err.println("WARNING: " + message);
            Assumptions.abort(message);
        }
        int port = freePort();
        Path dir = Files.createTempDirectory("redis-oracle");
        List<String> cmd = new ArrayList<>(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no"));
        cmd.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        RedisServerProcess server = new RedisServerProcess(p, port, dir);
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (RespConnection c = new RespConnection(port)) {
                c.call("PING");
                // redis-server answers while it loads its RDB or AOF: wait until the data set is in
                while (!new String(c.call("INFO", "persistence"), java.nio.charset.StandardCharsets.UTF_8)
                        .contains("\r\nloading:0\r\n")) {
                    if (System.currentTimeMillis() > deadline) {
                        server.close();
                        throw new IOException("redis-server did not finish loading in time");
                    }
                    Thread.sleep(20);
                }
                return server;
            } catch (IOException e) {
                if (!p.isAlive() || System.currentTimeMillis() > deadline) {
                    server.close();
                    throw new IOException("redis-server did not start: " + Files.readString(dir.resolve("redis.log")));
                }
                Thread.sleep(20);
            }
        }
    }

    @Override
    public int port() {
        return port;
    }

    static String find(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            File f = new File(d, program);
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
