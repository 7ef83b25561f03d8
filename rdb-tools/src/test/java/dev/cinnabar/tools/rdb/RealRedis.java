// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A real {@code redis-server} started by a test with {@code --dir} a temporary directory, to write RDB and
 * AOF files the tools have never seen. Skips the test when redis-server is missing, unless
 * {@code CINNABAR_REQUIRE_REDIS=1}. (Start/stop as in the tests module's RedisServerProcess.)
 */
public final class RealRedis implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RealRedis(Process process, Path dir, Socket socket) throws IOException {
        this.process = process;
        this.dir = dir;
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** The path of {@code program} on the PATH, null if absent. */
    public static String find(String program) {
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

    /** Starts redis-server writing into {@code dir}, or aborts the test when it is not installed. */
    public static RealRedis startOrSkip(Path dir, String... extraArgs) throws IOException, InterruptedException {
        String binary = find("redis-server");
        if (binary == null) {
            String message = "redis-server is not on the PATH: tests on files written by real Redis are SKIPPED";
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
        List<String> cmd = new ArrayList<>(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--dir", dir.toString(), "--daemonize", "no", "--enable-debug-command", "yes"));
        cmd.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try {
                RealRedis r = new RealRedis(p, dir, new Socket("127.0.0.1", port));
                r.call("PING");
                return r;
            } catch (IOException e) {
                if (!p.isAlive() || System.currentTimeMillis() > deadline) {
                    p.destroy();
                    throw new IOException("redis-server did not start: " + Files.readString(dir.resolve("redis.log")));
                }
                Thread.sleep(20);
            }
        }
    }

    public Path dir() {
        return dir;
    }

    public int port() {
        return socket.getPort();
    }

    /**
     * Writes {@code commands} (RESP, as for {@code redis-cli --pipe}) then a PING, and reads every reply up
     * to the PONG; returns the error replies (empty if every command succeeded).
     */
    public List<String> pipe(byte[] commands) throws IOException {
        out.write(commands);
        out.write("*1\r\n$4\r\nPING\r\n".getBytes(UTF_8));
        out.flush();
        List<String> errors = new ArrayList<>();
        while (true) {
            String reply = reply();
            if (reply.equals("+PONG")) {
                return errors;
            }
            if (reply.startsWith("-")) {
                errors.add(reply);
            }
        }
    }

    /** Sends one command and returns its reply as text (errors fail the test). */
    public String call(String... args) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(("*" + args.length + "\r\n").getBytes(UTF_8));
        for (String a : args) {
            byte[] bytes = a.getBytes(UTF_8);
            b.write(("$" + bytes.length + "\r\n").getBytes(UTF_8));
            b.write(bytes);
            b.write("\r\n".getBytes(UTF_8));
        }
        out.write(b.toByteArray());
        out.flush();
        String reply = reply();
        if (reply.startsWith("-")) {
            throw new IOException(String.join(" ", args) + ": " + reply);
        }
        return reply;
    }

    private String reply() throws IOException {
        String line = line();
        switch (line.charAt(0)) {
            case '$' -> {
                int n = Integer.parseInt(line.substring(1));
                if (n < 0) {
                    return "";
                }
                String s = new String(in.readNBytes(n), UTF_8);
                line();
                return s;
            }
            case '*' -> {
                int n = Integer.parseInt(line.substring(1));
                StringBuilder s = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    s.append(reply()).append('\n');
                }
                return s.toString();
            }
            default -> {
                return line;
            }
        }
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                s.append((char) c);
            }
        }
        return s.toString();
    }

    /** Waits until INFO persistence has {@code field:value}. */
    public void awaitInfo(String field, String value) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!call("INFO", "persistence").contains("\r\n" + field + ":" + value + "\r\n")
                && !call("INFO", "persistence").contains("\n" + field + ":" + value)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IOException("timed out waiting for " + field + ":" + value);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Fills every type in every encoding Redis 7.0 saves: strings (int, short, LZF-compressible), expiries,
     * lists (listpack nodes and a plain node), sets (intset, hashtable), hashes and sorted sets (listpack and
     * hashtable/skiplist), a stream with a group, consumer and pending entries, a function library, and a
     * second database.
     */
    public void fillAllTypes() throws IOException {
        call("SET", "str", "hello");
        call("SET", "int", "-123456");
        call("SET", "compressible", "a".repeat(20_000));
        call("SET", "binary", "\u0000\u0001\u00ff");
        call("SET", "ttl", "v", "EX", "100000");
        call("RPUSH", "list", "a", "b", "1", "2");
        for (int i = 0; i < 400; i++) {
            call("RPUSH", "biglist", "element-" + i + "-" + "x".repeat(40));
        }
        call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "100");
        call("RPUSH", "plainlist", "p".repeat(300), "small");
        call("SADD", "intset", "1", "2", "3", "-7");
        call("SADD", "strset", "a", "b", "c");
        for (int i = 0; i < 600; i++) {
            call("SADD", "bigintset", Integer.toString(i * 3));
        }
        call("HSET", "hash", "f", "v", "g", "1");
        for (int i = 0; i < 600; i++) {
            call("HSET", "bighash", "field" + i, "value" + i);
        }
        call("ZADD", "zset", "1.5", "a", "-2", "b");
        for (int i = 0; i < 200; i++) {
            call("ZADD", "bigzset", Integer.toString(i), "member" + i);
        }
        call("XADD", "stream", "1-1", "f", "v");
        call("XADD", "stream", "2-1", "g", "w");
        call("XGROUP", "CREATE", "stream", "grp", "0");
        call("XREADGROUP", "GROUP", "grp", "alice", "COUNT", "1", "STREAMS", "stream", ">");
        call("FUNCTION", "LOAD", "#!lua name=lib\nredis.register_function('f1', function() return 1 end)");
        call("SELECT", "5");
        call("SET", "db5", "x");
        call("SELECT", "0");
    }

    /** SAVE, and the dump's path. */
    public Path save() throws IOException {
        call("SAVE");
        return dir.resolve("dump.rdb");
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // the process is stopped anyway
        }
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
