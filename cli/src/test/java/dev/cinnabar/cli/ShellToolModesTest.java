// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.cinnabar.cli.ShellRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * redis-cli's tool modes ({@code --scan}, {@code --eval}, {@code --pipe}, …) against a real redis-server, each
 * compared with what the real redis-cli prints on the same data when it is on the PATH; and on the embedded
 * engine.
 */
class ShellToolModesTest {
    private static final String DATA = "SET a 1\nSET \"b c\" 2\nRPUSH l x y z\nHSET h f v\nSET ab 3\n";

    private static RedisServerProcess redis;

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void load() throws Exception {
        if (redis == null) {
            redis = RedisServerProcess.startOrSkip();
        }
        run("FLUSHALL\n" + DATA, "-p", port());
    }

    private static String port() {
        return Integer.toString(redis.port());
    }

    @Test
    void scanPrintsEveryKeyAsRedisCliDoes(@TempDir Path dir) throws Exception {
        assertEquals(sorted("a\nab\nb c\nh\nl\n"), sorted(run("", "-p", port(), "--scan").out()));
        assertEquals(sorted("a\nab\n"), sorted(run("", "-p", port(), "--scan", "--pattern", "a*").out()));
        assertEquals("\"b c\"\n", run("", "-p", port(), "--no-raw", "--scan", "--pattern", "b*").out());
        assertEquals(sorted("a\nab\n"), sorted(run("", "-p", port(), "--scan", "--pattern", "a*", "--count", "1").out()));
        sameAsRedisCli("", "--scan");
        sameAsRedisCli("", "--no-raw", "--scan", "--pattern", "*b*");
        // the embedded engine on a directory
        run(DATA, "--dir", dir.toString());
        assertEquals(sorted("a\nab\n"), sorted(run("", "--dir", dir.toString(), "--scan", "--pattern", "a*").out()));
    }

    @Test
    void evalRunsAFileWithKeysThenArguments(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("s.lua");
        Files.writeString(script, "return {KEYS[1], ARGV[1], redis.call('get', KEYS[1]), #KEYS}\n");
        String f = script.toString();
        assertEquals("a\nzz\n1\n1\n", run("", "-p", port(), "--eval", f, "a", ",", "zz").out());
        assertEquals("1) \"a\"\n2) \"zz\"\n3) \"1\"\n4) (integer) 1\n",
                run("", "-p", port(), "--no-raw", "--eval", f, "a", ",", "zz").out());
        sameAsRedisCli("", "--eval", f, "a", ",", "zz");
        sameAsRedisCli("", "--no-raw", "--eval", f, "a", "b,", "zz");
        sameAsRedisCli("", "--eval", f);
        Path error = dir.resolve("e.lua");
        Files.writeString(error, "return redis.error_reply('bad')");
        sameAsRedisCli("", "--eval", error.toString());
    }

    @Test
    void pipeSendsRespAndInlineCommandsAndPrintsRedisClisSummary() throws Exception {
        String input = "SET p 1\r\nINCR p\r\n*3\r\n$3\r\nSET\r\n$1\r\nq\r\n$2\r\nxy\r\nINCR q\r\n";
        ShellRunner.Result r = run(input, "-p", port(), "--pipe");
        assertEquals("All data transferred. Waiting for the last reply...\nLast reply received from server.\n"
                + "errors: 1, replies: 4\n", r.out());
        assertEquals("ERR value is not an integer or out of range\n", r.err());
        assertEquals(1, r.code());
        assertEquals("2\n", run("", "-p", port(), "GET", "p").out());
        assertEquals(0, run("SET p 1\n", "-p", port(), "--pipe").code());
        sameAsRedisCli(input, "--pipe");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 2500; i++) {
            many.append("*3\r\n$5\r\nRPUSH\r\n$4\r\nmany\r\n$").append(Integer.toString(i).length()).append("\r\n")
                    .append(i).append("\r\n");
        }
        assertTrue(run(many.toString(), "-p", port(), "--pipe").out().endsWith("errors: 0, replies: 2500\n"));
        assertEquals("2500\n", run("", "-p", port(), "LLEN", "many").out());
        // the embedded engine
        assertTrue(run(input, "--pipe").out().endsWith("errors: 1, replies: 4\n"));
    }

    @Test
    void bigkeysAndMemkeysPrintRedisClisReport() throws Exception {
        String report = run("", "-p", port(), "--bigkeys").out();
        assertTrue(report.matches("(?s).*\nBiggest string found '\"(a|ab|b c)\"' has 1 bytes\n.*"), report);
        assertTrue(report.contains("3 strings with 3 bytes (60.00% of keys, avg size 1.00)\n"), report);
        assertTrue(report.contains("Sampled 5 keys in the keyspace!\nTotal key length in bytes is 8 (avg len 1.60)\n"),
                report);
        sameAsRedisCli("", "--bigkeys");
        sameAsRedisCli("", "--memkeys");
        for (String data : new String[] {"FLUSHALL\n", "FLUSHALL\nSET k v\n", "FLUSHALL\nSET k v\nRPUSH l a\n"}) {
            run(data, "-p", port());
            sameAsRedisCli(data, "--bigkeys");
        }
    }

    @Test
    void latencyPrintsRedisClisLinesInEveryMode() throws Exception {
        String raw = run("", "-p", port(), "--latency", "-i", "0.1").out();
        assertTrue(raw.matches("\\d+ \\d+ \\d+\\.\\d\\d \\d+\n"), raw);
        String redisCli = RedisServerProcess.find("redis-cli");
        if (redisCli != null) {
            Process p = new ProcessBuilder(redisCli, "-p", port(), "--latency", "-i", "0.1").start();
            String theirs = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            assertTrue(theirs.matches("\\d+ \\d+ \\d+\\.\\d\\d \\d+\n"), theirs);
        }
        try (dev.cinnabar.cli.shell.RemoteConnection c = new dev.cinnabar.cli.shell.RemoteConnection("127.0.0.1",
                redis.port())) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            java.io.PrintStream out = new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8);
            new dev.cinnabar.cli.shell.LatencyMode(c, out, dev.cinnabar.cli.shell.ShellSession.Output.RAW, true, 0.05)
                    .run(12);
            String history = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(history.matches("(?s)(\\d+ \\d+ \\d+\\.\\d\\d \\d+\n)+ -- \\d+\\.\\d\\d seconds range\n.*"),
                    history);
            bytes.reset();
            new dev.cinnabar.cli.shell.LatencyMode(c, out, dev.cinnabar.cli.shell.ShellSession.Output.STANDARD, false, 0)
                    .run(2);
            assertTrue(bytes.toString(StandardCharsets.UTF_8).matches("(\u001b\\[0G\u001b\\[2Kmin: \\d+, max: \\d+, "
                    + "avg: \\d+\\.\\d\\d \\(\\d samples\\)){2}"), bytes.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void statPrintsRedisClisHeaderAndColumns() throws Exception {
        try (dev.cinnabar.cli.shell.RemoteConnection c = new dev.cinnabar.cli.shell.RemoteConnection("127.0.0.1",
                redis.port())) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            new dev.cinnabar.cli.shell.StatMode(c, new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8), 0.05)
                    .run(2);
            String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n", -1);
            // as redis-cli 7.0.15 printed them on a terminal
            assertEquals("------- data ------ --------------------- load -------------------- - child -", lines[0]);
            assertEquals("keys       mem      clients blocked requests            connections          ", lines[1]);
            assertTrue(lines[2].matches("5 {10}\\d+\\.\\d\\d[KM] +1 {7}0 {7}\\d+ \\(\\+0\\) +\\d+ +"), lines[2]);
            assertTrue(lines[3].matches("5 {10}\\d+\\.\\d\\d[KM] +1 {7}0 {7}\\d+ \\(\\+1\\) +\\d+ +"), lines[3]);
            assertEquals("", lines[4]);
        }
        assertEquals("512B", dev.cinnabar.cli.shell.StatMode.human(512));
        assertEquals("1.42M", dev.cinnabar.cli.shell.StatMode.human((long) (1.42 * 1024 * 1024) + 1));
    }

    /** Runs redis-cli and the shell with the same arguments on the same data; both print the same. */
    private static void sameAsRedisCli(String stdin, String... args) throws Exception {
        String redisCli = RedisServerProcess.find("redis-cli");
        if (redisCli == null) {
            return;
        }
        List<String> all = new ArrayList<>(List.of(redisCli, "-p", port()));
        all.addAll(Arrays.asList(args));
        String data = args[0].equals("--bigkeys") && stdin.startsWith("FLUSHALL") ? stdin : "FLUSHALL\n" + DATA;
        stdin = data == stdin ? "" : stdin;
        // lookups finish the keyspace's incremental rehash, so that SCAN's order stays the same for both runs
        run(data + "50 EXISTS a\n", "-p", port());
        Process p = new ProcessBuilder(all).redirectErrorStream(true).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String theirs = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int theirCode = p.waitFor();
        if (List.of(args).contains("--pipe")) {
            run(data + "50 EXISTS a\n", "-p", port()); // the only mode that writes; the others keep SCAN's order as redis-cli saw it
        }
        List<String> ours = new ArrayList<>(List.of("-p", port()));
        ours.addAll(Arrays.asList(args));
        ShellRunner.Result r = run(stdin, ours.toArray(new String[0]));
        String mine = r.out() + r.err();
        if (List.of(args).contains("--bigkeys") || List.of(args).contains("--memkeys")) {
            assertEquals(theirs, mine, String.join(" ", args)); // SCAN's order is the same on both sides
        } else if (List.of(args).contains("--scan")) {
            assertEquals(sorted(theirs), sorted(mine), String.join(" ", args));
        } else {
            assertEquals(sorted(theirs), sorted(mine), String.join(" ", args)); // stdout and stderr interleave
            assertEquals(theirCode, r.code(), String.join(" ", args));
        }
    }

    private static String sorted(String lines) {
        String[] all = lines.split("\n", -1);
        Arrays.sort(all);
        return String.join("\n", all);
    }
}
