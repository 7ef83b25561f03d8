// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real {@code redis-cli} against an in-process Cinnabar: one-shot command lines, {@code --scan},
 * {@code -x}, {@code --pipe} mass insertion, {@code -3} (HELLO 3) and the interactive prompt. Tests that
 * need a clean keyspace use their own database through {@code -n}.
 */
class RedisCliIT {
    private static final long TIMEOUT_SECONDS = 30;

    private static String redisCli;
    private static CinnabarServer server;
    private static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        redisCli = RedisServerProcess.find("redis-cli");
        if (redisCli == null) {
            String message = "redis-cli is not on the PATH: the redis-cli compatibility tests are SKIPPED. Install it "
                    + "(apt-get install redis-tools) or set CINNABAR_REQUIRE_REDIS=1 to fail.";
            if ("1".equals(System.getenv("CINNABAR_REQUIRE_REDIS"))) {
                Assertions.fail(message);
            }
            System.err.println("WARNING: " + message);
            Assumptions.abort(message);
        }
        server = CinnabarServer.start();
        tmp = Files.createTempDirectory("redis-cli-it");
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        if (tmp != null) {
            try (Stream<Path> files = Files.walk(tmp)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    /** What a finished redis-cli process printed. */
    private record Result(int exitCode, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        List<String> lines() {
            String text = out();
            return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
        }
    }

    /** Runs {@code redis-cli -p PORT args…} to completion with {@code stdin} as its standard input. */
    private static Result cli(byte[] stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(redisCli, "-p", Integer.toString(server.port())));
        cmd.addAll(List.of(args));
        return run(cmd, stdin);
    }

    private static Result cli(String... args) throws IOException, InterruptedException {
        return cli(new byte[0], args);
    }

    private static Result run(List<String> cmd, byte[] stdin) throws IOException, InterruptedException {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("TERM", "dumb");
        // the prompt would otherwise read ~/.redisclirc and append to ~/.rediscli_history
        pb.environment().put("REDISCLI_HISTFILE", "/dev/null");
        pb.environment().put("REDISCLI_RCFILE", "/dev/null");
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        }
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            Assertions.fail(cmd + " did not finish within " + TIMEOUT_SECONDS + " s; output so far: "
                    + Files.readString(out));
        }
        return new Result(p.exitValue(), Files.readAllBytes(out), Files.readString(err));
    }

    private static List<String> readLines(BufferedReader in, int n) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(in.readLine());
        }
        return lines;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void commandLineRunsOneCommandAndPrintsTheRawReply() throws Exception {
        assertEquals("OK\n", cli("set", "cli:k", "v").out());
        assertEquals("v\n", cli("get", "cli:k").out());
        assertEquals("4\n", cli("append", "cli:k", "alu").out());
        assertEquals("ERR value is not an integer or out of range", cli("incr", "cli:k").out().strip());
        assertEquals("(nil)\n", cli("--no-raw", "get", "cli:missing").out());
        assertEquals("(integer) 1\n", cli("--no-raw", "exists", "cli:k").out());
        assertEquals("\"valu\"\n", cli("--no-raw", "get", "cli:k").out());
        assertEquals("(error) ERR wrong number of arguments for 'get' command\n", cli("--no-raw", "get").out());
    }

    @Test
    void scanListsEveryKeyAndFiltersByPattern() throws Exception {
        Set<String> all = new HashSet<>();
        try (RespConnection c = new RespConnection(server.port())) {
            c.call("SELECT", "1");
            for (int i = 0; i < 250; i++) {
                String key = (i % 2 == 0 ? "even:" : "odd:") + i;
                c.call("SET", key, "x");
                all.add(key);
            }
        }
        Result scan = cli("-n", "1", "--scan");
        assertEquals(all, new HashSet<>(scan.lines()));
        assertEquals(all.size(), scan.lines().size(), "a key was listed twice");

        Set<String> odd = new HashSet<>(all);
        odd.removeIf(k -> !k.startsWith("odd:"));
        assertEquals(odd, new HashSet<>(cli("-n", "1", "--scan", "--pattern", "odd:*").lines()));
        Set<String> tens = Set.of("even:10", "even:100", "even:102", "even:104", "even:106", "even:108");
        assertEquals(tens, new HashSet<>(cli("-n", "1", "--scan", "--pattern", "even:10*").lines()));
    }

    @Test
    void dashXTakesTheLastArgumentFromStdinByteForByte() throws Exception {
        byte[] value = new byte[] {'l', 'i', 'n', 'e', '\n', 0, (byte) 0xc3, (byte) 0xa9, '\r', '\n'};
        assertEquals("OK\n", cli(value, "-x", "set", "cli:x").out());
        try (RespConnection c = new RespConnection(server.port())) {
            byte[] reply = c.call("GET", "cli:x");
            byte[] expected = new byte[value.length + 7];
            System.arraycopy(utf8("$10\r\n"), 0, expected, 0, 5);
            System.arraycopy(value, 0, expected, 5, value.length);
            expected[expected.length - 1] = '\n';
            expected[expected.length - 2] = '\r';
            assertArrayEquals(expected, reply, RawReply.show(reply));
        }
        assertEquals("hello world\n", cli(utf8("hello world"), "-x", "echo").out());
    }

    @Test
    void pipeModeInsertsTenThousandKeys() throws Exception {
        StringBuilder resp = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            String key = "pipe:" + i;
            String value = "value-" + i;
            resp.append("*3\r\n$3\r\nSET\r\n$").append(key.length()).append("\r\n").append(key).append("\r\n$")
                    .append(value.length()).append("\r\n").append(value).append("\r\n");
        }
        Result pipe = cli(utf8(resp.toString()), "-n", "2", "--pipe");
        assertEquals(0, pipe.exitCode(), pipe.out() + pipe.stderr());
        assertTrue(pipe.out().contains("errors: 0, replies: 10000"), pipe.out());
        assertEquals("10000\n", cli("-n", "2", "dbsize").out());
        assertEquals("value-9999\n", cli("-n", "2", "get", "pipe:9999").out());
    }

    @Test
    void pipeModeCountsErrorReplies() throws Exception {
        Result pipe = cli(utf8("SET pe text\r\nINCR pe\r\nGET pe\r\n"), "-n", "3", "--pipe");
        assertTrue(pipe.out().contains("errors: 1, replies: 3"), pipe.out());
        // the error reply itself goes to stderr
        assertTrue(pipe.stderr().contains("ERR value is not an integer or out of range"), pipe.stderr());
    }

    @Test
    void dashThreeNegotiatesResp3AndPrintsRespThreeTypes() throws Exception {
        List<String> hello = cli("-3", "--no-raw", "hello").lines();
        assertEquals("1# \"server\" => \"redis\"", hello.get(0));
        assertEquals("3# \"proto\" => (integer) 3", hello.get(2));
        assertTrue(cli("-3", "client", "info").out().strip().endsWith(" resp=3"));
        assertEquals("(nil)\n", cli("-3", "--no-raw", "get", "cli:none").out());
        assertEquals("1# \"flags\" => 1~ \"off\"\n2# \"redirect\" => (integer) -1\n3# \"prefixes\" => (empty array)\n",
                cli("-3", "--no-raw", "client", "trackinginfo").out());
    }

    @Test
    void dashThreeSubscriberPrintsPushedMessages() throws Exception {
        List<String> cmd = List.of(redisCli, "-p", Integer.toString(server.port()), "-3", "subscribe", "cli.ch");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(TIMEOUT_SECONDS), () -> {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8));
                // redis-cli prints the subscription confirmation once the server has registered it
                assertEquals(List.of("subscribe", "cli.ch", "1"), readLines(out, 3));
                try (RespConnection c = new RespConnection(server.port())) {
                    assertEquals(":1\r\n", new String(c.call("PUBLISH", "cli.ch", "pushed"), StandardCharsets.UTF_8));
                }
                assertEquals(List.of("message", "cli.ch", "pushed"), readLines(out, 3));
            });
        } finally {
            p.destroy();
            p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void commandsOnStdinWithoutATerminalPrintRawReplies() throws Exception {
        Result r = cli(utf8("select 4\nset a 1\nincr a\nget a\nmget a nokey\nquit\n"));
        assertEquals("OK\nOK\n2\n2\n2\n\n", r.out());
    }

    @Test
    void interactivePromptShowsDatabaseAndFormattedReplies() throws Exception {
        String script = RedisServerProcess.find("script");
        Assumptions.assumeTrue(script != null, "util-linux 'script' is missing: no pseudo-terminal for redis-cli");
        String port = Integer.toString(server.port());
        // script(1) gives redis-cli a pseudo-terminal, so it runs its prompt; TERM=dumb keeps linenoise plain
        Result r = run(List.of(script, "-qfec", redisCli + " -p " + port, "/dev/null"),
                utf8("set p:a 1\nincr p:a\nget p:a\nselect 5\nset p:b x\nmget p:a p:b\nget p:none\nquit\n"));
        String prompt = "127.0.0.1:" + port;
        String expected = String.join("\r\n",
                prompt + "> OK",
                prompt + "> (integer) 2",
                prompt + "> \"2\"",
                prompt + "> OK",
                prompt + "[5]> OK",
                prompt + "[5]> 1) (nil)",
                "2) \"x\"",
                prompt + "[5]> (nil)",
                prompt + "[5]> ");
        String out = r.out();
        // the terminal echoes the typed lines before redis-cli reads them
        assertTrue(out.endsWith(expected), out);
    }
}
