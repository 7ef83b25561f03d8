// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.aof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cinnabar.tools.rdb.RdbChecker;
import dev.cinnabar.tools.rdb.RdbJsonWriter;
import dev.cinnabar.tools.rdb.RealRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AofReplayTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new AofCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static String resp(String... args) {
        StringBuilder b = new StringBuilder("*" + args.length + "\r\n");
        for (String a : args) {
            b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        return b.toString();
    }

    /** Every key of an RDB file as {"db/key" → jsonl object}. */
    static Map<String, JsonNode> keys(Path rdb) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        RdbJsonWriter w = new RdbJsonWriter(b, true);
        assertTrue(RdbChecker.check(rdb, w).ok());
        w.finish();
        Map<String, JsonNode> m = new HashMap<>();
        for (String line : b.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                JsonNode n = JSON.readTree(line);
                m.put(n.get("db").asLong() + "/" + n.get("key").asText(), n);
            }
        }
        return m;
    }

    private static void nextSecond() throws InterruptedException {
        // Redis annotates with its cached unixtime (refreshed by its cron): wait past the second, with margin
        long s = System.currentTimeMillis() / 1000;
        while (System.currentTimeMillis() / 1000 == s) {
            Thread.sleep(20);
        }
        Thread.sleep(300);
    }

    private static List<Long> timestamps(Path aofDir) throws Exception {
        List<Long> ts = new ArrayList<>();
        try (Stream<Path> s = Files.list(aofDir)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".incr.aof")).sorted().toList()) {
                Matcher m = Pattern.compile("#TS:(\\d+)\r\n").matcher(Files.readString(p, StandardCharsets.ISO_8859_1));
                while (m.find()) {
                    ts.add(Long.parseLong(m.group(1)));
                }
            }
        }
        return ts;
    }

    @Test
    void ttlsAreJudgedByTheReplaysTimeNotTheWallClock() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        try (RealRedis r = RealRedis.startOrSkip(src, "--appendonly", "yes", "--aof-timestamp-enabled", "yes")) {
            // Redis 7.0 writes these relative TTLs as absolute SET ... PXAT
            r.call("SET", "hundred", "v", "EX", "100");
            r.call("SET", "soon", "v", "PX", "2500");
            r.call("SET", "forever", "v");
            // let "soon" expire on the server: its active expiry writes a DEL, annotated later
            Thread.sleep(3500);
            r.call("SET", "after", "v");
        }
        Path aofDir = src.resolve("appendonlydir");
        String aof = Files.readString(aofDir.resolve("appendonly.aof.1.incr.aof"), StandardCharsets.ISO_8859_1);
        assertTrue(aof.contains("PXAT"), aof);
        long t0 = timestamps(aofDir).get(0);

        // "soon" existed a second after it was set, though by today's clock it expired long ago
        Run run = run("get", "soon", "--at", Long.toString(t0 + 1), aofDir.toString());
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("\"key\":\"soon\""), run.out());
        assertEquals(4, run("get", "soon", aofDir.toString()).code());

        // a key set with EX 100 exists 50 seconds later, and not 200 seconds later, though the AOF's last
        // annotation is a few seconds after t0 and by today's clock the key is still alive
        run = run("get", "hundred", "--at", Long.toString(t0 + 50), aofDir.toString());
        assertEquals(0, run.code(), run.out() + run.err());
        assertEquals(4, run("get", "hundred", "--at", Long.toString(t0 + 200), aofDir.toString()).code());

        run = run("replay", aofDir.toString(), "--until", Long.toString(t0 + 200), "--json");
        assertEquals(0, run.code(), run.out() + run.err());
        JsonNode report = JSON.readTree(run.out());
        assertEquals((t0 + 200) * 1000, report.get("ttl_judged_at_ms").asLong());
        assertEquals(1, report.get("keys_expired_at_end").asLong());
        assertEquals(2, report.get("keys").asLong());

        // without --until the keys are judged at the last annotation: "hundred" is still alive then
        Path rdb = tmp.resolve("all.rdb");
        run = run("replay", aofDir.toString(), "--to-rdb", rdb.toString(), "--json");
        assertEquals(0, run.code(), run.out() + run.err());
        report = JSON.readTree(run.out());
        assertEquals(report.get("last_timestamp_applied").asLong() * 1000, report.get("ttl_judged_at_ms").asLong());
        assertEquals(java.util.Set.of("0/hundred", "0/forever", "0/after"), keys(rdb).keySet());
    }

    @Test
    void pointInTimeRecoveryOfARealRedisAof() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        try (RealRedis r = RealRedis.startOrSkip(src, "--appendonly", "yes", "--aof-timestamp-enabled", "yes")) {
            r.call("SET", "a", "1");
            r.call("RPUSH", "l", "x", "y", "z");
            r.call("HSET", "h", "f", "v", "g", "w");
            r.call("ZADD", "z", "1.5", "m", "-2", "n");
            r.call("SADD", "s", "1", "2", "3");
            r.call("SET", "ttl", "v", "EX", "100000");
            r.call("SELECT", "2");
            r.call("SET", "d2", "two");
            r.call("SELECT", "0");
            r.call("MULTI");
            r.call("INCR", "counter");
            r.call("INCR", "counter");
            r.call("EXEC");
            String digestAtT1 = r.call("DEBUG", "DIGEST");
            nextSecond();
            r.call("SET", "a", "2");
            r.call("DEL", "l");
            r.call("SET", "new", "1");
            r.call("SELECT", "2");
            r.call("FLUSHDB");
            r.call("SELECT", "0");
            String digestAtEnd = r.call("DEBUG", "DIGEST");
            Path aofDir = src.resolve("appendonlydir");
            List<Long> ts = timestamps(aofDir);
            assertTrue(ts.size() >= 2, "two #TS annotations: " + ts);
            long t1 = ts.get(0);
            assertTrue(ts.get(ts.size() - 1) > t1);

            // the state at t1, as an RDB
            Path rdb = tmp.resolve("t1.rdb");
            Run run = run("replay", aofDir.toString(), "--until", Long.toString(t1), "--to-rdb", rdb.toString(), "--json");
            assertEquals(0, run.code(), run.out() + run.err());
            JsonNode report = JSON.readTree(run.out());
            assertEquals(t1, report.get("last_timestamp_applied").asLong());
            assertTrue(report.get("stopped").get("timestamp").asLong() > t1);
            Map<String, JsonNode> k = keys(rdb);
            assertEquals("1", k.get("0/a").get("value").asText());
            assertEquals("[\"x\",\"y\",\"z\"]", k.get("0/l").get("value").toString());
            assertEquals("2", k.get("0/counter").get("value").asText());
            assertEquals("two", k.get("2/d2").get("value").asText());
            assertFalse(k.containsKey("0/new"));
            assertTrue(k.get("0/ttl").get("expire_at_ms").asLong() > System.currentTimeMillis());

            // the same state sent to a live redis: same DEBUG DIGEST as the source had at t1
            Path dst = Files.createDirectories(tmp.resolve("dst"));
            try (RealRedis target = RealRedis.startOrSkip(dst)) {
                run = run("replay", aofDir.toString(), "--until", Long.toString(t1), "--to",
                        "127.0.0.1:" + target.port());
                assertEquals(0, run.code(), run.out() + run.err());
                assertTrue(run.out().contains("0 error replies"), run.out());
                assertEquals(digestAtT1, target.call("DEBUG", "DIGEST"));
                // all of it, as a new AOF directory that a real redis loads to the source's end state
                run("replay", aofDir.toString(), "--to", "127.0.0.1:" + target.port());
                target.call("FLUSHALL");
                Path out = tmp.resolve("out").resolve("appendonlydir");
                Files.createDirectories(out.getParent());
                run = run("replay", aofDir.toString(), "--to-aof", out.toString());
                assertEquals(0, run.code(), run.out() + run.err());
                assertEquals(0, run("check", out.toString()).code());
            }
            Path reloaded = tmp.resolve("out");
            try (RealRedis loaded = RealRedis.startOrSkip(reloaded, "--appendonly", "yes")) {
                assertEquals(digestAtEnd, loaded.call("DEBUG", "DIGEST"));
            }

            // aof get: a key's value then and now
            run = run("get", "a", "--at", Long.toString(t1), aofDir.toString());
            assertEquals(0, run.code(), run.err());
            assertEquals("1", JSON.readTree(run.out()).get("value").asText());
            assertEquals(4, run("get", "new", "--at", Long.toString(t1), aofDir.toString()).code());
            assertEquals(4, run("get", "l", aofDir.toString()).code());

            // filters keep only part of the end state
            Path part = tmp.resolve("part.rdb");
            assertEquals(0, run("replay", aofDir.toString(), "--until", Long.toString(t1), "--db", "0", "--key", "[ahz]",
                    "--to-rdb", part.toString()).code());
            assertEquals(java.util.Set.of("0/a", "0/h", "0/z"), keys(part).keySet());
        }
    }

    @Test
    void tornTailFailingCommandsAndAnOpenMultiAtTheCut() throws Exception {
        Path file = tmp.resolve("appendonly.aof");
        Files.writeString(file, "#TS:1000\r\n" + resp("SET", "a", "1") + resp("NOSUCHCMD", "x")
                + resp("MULTI") + resp("SET", "b", "1") + "#TS:1005\r\n" + resp("SET", "c", "1") + resp("EXEC")
                + resp("SET", "d", "1") + "*3\r\n$3\r\nSET\r\n$1\r\ne");
        Run run = run("replay", file.toString(), "--until", "1000", "--json");
        assertEquals(3, run.code(), run.out() + run.err());
        JsonNode r = JSON.readTree(run.out());
        assertEquals(1, r.get("keys").asLong(), "a only: the transaction straddling the cut is dropped whole");
        assertEquals(1, r.get("stopped").get("dropped_multi_commands").asLong());
        assertEquals(1, r.get("replay_failures").asLong());
        assertTrue(r.get("truncated_tail").isNull(), "the cut comes before the torn tail");

        run = run("replay", file.toString(), "--json");
        assertEquals(3, run.code());
        r = JSON.readTree(run.out());
        assertEquals(4, r.get("keys").asLong());
        assertNotNull(r.get("truncated_tail").get("offset"));

        assertEquals(2, run("replay", file.toString(), "--until", "yesterday").code());
        assertEquals(2, run("replay", tmp.resolve("missing").toString()).code());
        Files.writeString(file, resp("SET", "a", "1") + "*x\r\n" + resp("SET", "b", "1"));
        run = run("replay", file.toString());
        assertEquals(1, run.code());
        assertTrue(run.out().contains("DAMAGED"), run.out());
    }
}
