// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.server.RespServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cinnabar shell} without a terminal: lines piped on stdin and a command on the command line, against a
 * real redis-server, a Cinnabar server and the embedded engine. The expected output is what redis-cli 7.0.15
 * printed for the same stdin against redis-server 7.0.15; when redis-cli is on the PATH it is run too.
 */
class ShellCommandTest {
    private static final String SCRIPT = """
            set a 1
            incr a
            3 incr a
            get nope
            rpush l a "b c" "\\x41\\n" 'it\\'s'
            lrange l 0 -1
            set x "unbalanced
            set y "a"b
            0 incr a
            incr a x
            hset h f v
            hgetall h
            select 2
            get a
            exit
            get a
            """;

    /** {@code redis-cli -p PORT < SCRIPT}: stdout is not a terminal, so replies are raw. */
    private static final String REDIS_CLI_RAW = "OK\n2\n3\n4\n5\n\n4\na\nb c\nA\n\nit's\nInvalid argument(s)\n"
            + "Invalid argument(s)\nInvalid redis-cli repeat command option value.\n"
            + "ERR wrong number of arguments for 'incr' command\n\n1\nf\nv\nOK\n\n";

    /** {@code redis-cli -p PORT --no-raw < SCRIPT}. */
    private static final String REDIS_CLI_STANDARD = "OK\n(integer) 2\n(integer) 3\n(integer) 4\n(integer) 5\n(nil)\n"
            + "(integer) 4\n1) \"a\"\n2) \"b c\"\n3) \"A\\n\"\n4) \"it's\"\nInvalid argument(s)\nInvalid argument(s)\n"
            + "Invalid redis-cli repeat command option value.\n"
            + "(error) ERR wrong number of arguments for 'incr' command\n(integer) 1\n1) \"f\"\n2) \"v\"\nOK\n(nil)\n";

    private static RedisServerProcess redis;
    private static boolean flushed;

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void pipedLinesPrintRawAsRedisCliDoesWhenStdoutIsNotATerminal() throws Exception {
        assertEquals(REDIS_CLI_RAW, run(SCRIPT, "-p", port()).out);
    }

    @Test
    void noRawPrintsAsRedisCliDoesOnATerminal() throws Exception {
        assertEquals(REDIS_CLI_STANDARD, run(SCRIPT, "-p", port(), "--no-raw").out);
    }

    @Test
    void theRealRedisCliPrintsTheSameForTheSameLines() throws Exception {
        String redisCli = RedisServerProcess.find("redis-cli");
        org.junit.jupiter.api.Assumptions.assumeTrue(redisCli != null, "redis-cli is not on the PATH");
        for (String mode : new String[] {"--raw", "--no-raw"}) {
            run("", "-p", port(), "FLUSHALL");
            String ours = run(SCRIPT, "-p", port(), mode).out;
            run("", "-p", port(), "FLUSHALL");
            Process p = new ProcessBuilder(redisCli, "-p", port(), mode).redirectErrorStream(true).start();
            p.getOutputStream().write(SCRIPT.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String theirs = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            assertEquals(theirs, ours, mode);
        }
    }

    @Test
    void helpForEveryGroupIsWhatRedisCliPrintsFromTheSameServer() throws Exception {
        String redisCli = RedisServerProcess.find("redis-cli");
        org.junit.jupiter.api.Assumptions.assumeTrue(redisCli != null, "redis-cli is not on the PATH");
        StringBuilder script = new StringBuilder("help config\nhelp migrate\nhelp client kill\n");
        for (String group : new String[] {"generic", "string", "list", "set", "sorted-set", "hash", "pubsub",
                "transactions", "connection", "server", "scripting", "hyperloglog", "cluster", "geo", "stream",
                "bitmap"}) {
            script.append("help @").append(group).append('\n');
        }
        Process p = new ProcessBuilder(redisCli, "-p", port()).redirectErrorStream(true).start();
        p.getOutputStream().write(script.toString().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String theirs = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assertEquals(theirs, run(script.toString(), "-p", port()).out);
    }

    @Test
    void aCommandOnTheCommandLineRunsOnceWithItsArgumentsUnsplit() throws Exception {
        run("", "-p", port(), "RPUSH", "l", "a b", "-1");
        Result r = run("", "-p", port(), "--no-raw", "-n", "0", "LRANGE", "l", "0", "-1");
        assertEquals("1) \"a b\"\n2) \"-1\"\n", r.out);
        assertEquals(0, r.code);
    }

    @Test
    void resp3RepliesUseRedisClisMapNotation() throws Exception {
        run("", "-p", port(), "HSET", "h", "f", "v");
        assertEquals("1# \"f\" => \"v\"\n", run("", "-p", port(), "-3", "--no-raw", "HGETALL", "h").out);
    }

    @Test
    void aServerThatIsNotThereFailsWithRedisClisMessage() throws Exception {
        int free;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            free = s.getLocalPort();
        }
        Result r = run("", "-p", Integer.toString(free), "PING");
        assertEquals(Cli.FAILURE, r.code);
        assertTrue(r.err.contains("Could not connect to Redis at 127.0.0.1:" + free + ": Connection refused"), r.err);
    }

    @Test
    void theEmbeddedEnginePrintsWhatRedisPrints() {
        assertEquals(REDIS_CLI_STANDARD, run(SCRIPT, "--no-raw").out);
        assertEquals(REDIS_CLI_RAW, run(SCRIPT).out);
    }

    @Test
    void aCinnabarServerPrintsWhatRedisPrints() throws Exception {
        try (Engine engine = Engine.open(Map.of("save", ""))) {
            RespServer server = new RespServer(engine);
            int port = server.start(0);
            try {
                assertEquals(REDIS_CLI_STANDARD, run(SCRIPT, "-p", Integer.toString(port), "--no-raw").out);
            } finally {
                server.close();
            }
        }
    }

    @Test
    void theEmbeddedEngineOnADirectoryKeepsItsDataAcrossSessions(@TempDir Path dir) {
        run("", "--dir", dir.toString(), "SET", "k", "kept");
        assertEquals("kept\n", run("", "--dir", dir.toString(), "GET", "k").out);
    }

    @Test
    void jsonMeansResp3UnlessTwoIsGiven() {
        String script = "HSET h f v\nHGETALL h\n";
        assertEquals("1\n{\"f\":\"v\"}\n", run(script, "--json").out);
        assertEquals("1\n[\"f\",\"v\"]\n", run(script, "--json", "-2").out);
        assertEquals("1\n\"f\",\"v\"\n", run(script, "--csv").out);
    }

    @Test
    void repeatAndLastArgumentFromStdinWorkOnACommandLineCommand() {
        assertEquals("1\n2\n3\n", run("", "-r", "3", "INCR", "n").out);
        // as redis-cli, the newline at the end of stdin is part of the argument
        assertEquals("(integer) 11\n", run("from stdin\n", "--no-raw", "-x", "APPEND", "k").out);
    }

    @Test
    void infoPrintsAsTextWithNothingAddedInEveryMode() {
        for (String mode : new String[] {"--raw", "--no-raw"}) {
            String out = run("", mode, "INFO", "keyspace").out;
            assertTrue(out.startsWith("# Keyspace\r\n") && out.endsWith("\r\n") && !out.endsWith("\r\n\n"), out);
        }
    }

    private record Result(int code, String out, String err) {
    }

    /** The redis-server's port, started on first use (or the test skipped), emptied for each test. */
    private static String port() {
        if (redis == null) {
            try {
                redis = RedisServerProcess.startOrSkip();
            } catch (java.io.IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        String port = Integer.toString(redis.port());
        if (!flushed) {
            run("", "-p", port, "FLUSHALL");
            flushed = true;
        }
        return port;
    }

    @org.junit.jupiter.api.AfterEach
    void nextTestFlushes() {
        flushed = false;
    }

    private static Result run(String stdin, String... args) {
        StringWriter picocliOut = new StringWriter();
        CommandLine cl = Cli.commandLine(new PrintWriter(picocliOut), new PrintWriter(picocliOut));
        ShellCommand shell = cl.getSubcommands().get("shell").getCommand();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        shell.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        shell.stdout = out;
        shell.stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
        List<String> all = new ArrayList<>(List.of("shell"));
        all.addAll(List.of(args));
        int code = cl.execute(all.toArray(new String[0]));
        return new Result(code, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8) + picocliOut);
    }
}
