// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real {@code redis-server} on a free port, without persistence, as the {@code tests} module starts it (that
 * module does not depend on cli). Missing redis-server skips the test, or fails it with
 * {@code CINNABAR_REQUIRE_REDIS=1}.
 */
final class RedisServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private RedisServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static RedisServerProcess startOrSkip() throws IOException, InterruptedException {
        String binary = find("redis-server");
        if (binary == null) {
            String message = "redis-server is not on the PATH: the shell's tests against real Redis are SKIPPED. "
                    + "Install it (apt-get install redis-server) or set CINNABAR_REQUIRE_REDIS=1 to fail.";
            if ("1".equals(System.getenv("CINNABAR_REQUIRE_REDIS"))) {
                Assertions.fail(message);
            }
            System.err.println("WARNING: " + message);
            Assumptions.abort(message);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("redis-shell");
        Process p = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return new RedisServerProcess(p, port);
            } catch (IOException e) {
                if (!p.isAlive() || System.currentTimeMillis() > deadline) {
                    p.destroy();
                    throw new IOException("redis-server did not start: " + Files.readString(dir.resolve("redis.log")));
                }
                Thread.sleep(20);
            }
        }
    }

    int port() {
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

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
