// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.aof;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cinnabar.core.Engine;
import dev.cinnabar.tools.rdb.RealRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AofInspectorTest {
    @TempDir
    Path tmp;

    private static String resp(String... args) {
        StringBuilder b = new StringBuilder("*" + args.length + "\r\n");
        for (String a : args) {
            b.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        return b.toString();
    }

    private AofInspector inspect(Path path) throws Exception {
        try (Engine engine = Engine.open(Map.of("dir", Files.createDirectories(tmp.resolve("scratch")).toString()))) {
            AofInspector in = new AofInspector(engine.commands());
            AofChecker.check(path, in);
            return in;
        }
    }

    @Test
    void histogramDbsTimelineAndReplayFailures() throws Exception {
        Path file = tmp.resolve("appendonly.aof");
        Files.writeString(file, "#TS:1700000000\r\n" + resp("SELECT", "0") + resp("SET", "a", "1")
                + resp("SET", "b", "2") + "#TS:1700000005\r\n" + resp("SELECT", "3") + resp("RPUSH", "l", "x")
                + resp("CONFIG", "SET", "maxmemory", "0") + resp("NOSUCHCMD", "x") + resp("GET")
                + "#TS:1700000009\r\n" + resp("MULTI") + resp("INCR", "n") + resp("EXEC"));
        AofInspector in = inspect(file);
        assertEquals(11, in.commands());
        assertEquals(2L, in.histogram().get("set"));
        assertEquals(1L, in.histogram().get("config|set"));
        assertEquals(1L, in.histogram().get("nosuchcmd"));
        assertEquals(Map.of(0L, 2L, 3L, 2L), in.writesPerDb());
        assertEquals(Map.of("first", 1700000000L, "last", 1700000009L, "count", 3L), in.timeline());
        assertEquals(2, in.failingCount());
        assertEquals("unknown command", in.failingSamples().get(0).reason());
        assertTrue(in.failingSamples().get(1).reason().startsWith("wrong number of arguments"));
        assertEquals(1, in.files().size());
        assertEquals(Files.size(file), in.files().get(0).size);

        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new AofCommand());
        cl.setOut(new PrintWriter(out));
        assertEquals(1, cl.execute("inspect", "--json", file.toString()));
        Map<?, ?> m = new ObjectMapper().readValue(out.toString(), Map.class);
        assertEquals(2, m.get("failing_on_replay"));
        assertEquals(11, m.get("commands"));
    }

    @Test
    void writesPerDbAreExactAndFollowMoveAndCopy() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("perdb"));
        try (RealRedis redis = RealRedis.startOrSkip(dir, "--appendonly", "yes", "--aof-use-rdb-preamble", "no")) {
            redis.call("SET", "a", "1");
            redis.call("MSET", "b", "1", "c", "2");
            redis.call("MOVE", "a", "2");
            redis.call("COPY", "b", "b3", "DB", "3");
            redis.call("SELECT", "1");
            redis.call("SET", "x", "1");
            redis.call("DEL", "x");
        }
        Path aof = dir.resolve("appendonlydir");
        AofInspector in = inspect(aof);
        // write commands in the db selected when they ran; key writes where each key is written
        assertEquals(Map.of(0L, 4L, 1L, 2L), in.writesPerDb());
        assertEquals(Map.of(0L, 4L, 1L, 2L, 2L, 1L, 3L, 1L), in.keyWritesPerDb());
        assertTrue(in.topKeysExact());

        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new AofCommand());
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("inspect", aof.toString()));
        assertTrue(out.toString().contains("writes per db (exact):"), out.toString());
        assertTrue(out.toString().contains("  db 0: 4 write commands, 4 key writes"), out.toString());
        assertTrue(out.toString().contains("  db 2: 0 write commands, 1 key writes"), out.toString());
        assertTrue(out.toString().contains("keys by write commands (exact counts):"), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, cl.execute("inspect", "--json", aof.toString()));
        Map<?, ?> m = new ObjectMapper().readValue(out.toString(), Map.class);
        assertEquals(Map.of("0", 4, "1", 2, "2", 1, "3", 1), m.get("key_writes_per_db"));
        assertEquals(true, m.get("top_keys_exact"));
    }

    @Test
    void aRealRedisAofReplaysCleanly() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("redis"));
        try (RealRedis redis = RealRedis.startOrSkip(dir, "--appendonly", "yes", "--aof-use-rdb-preamble", "no",
                "--aof-timestamp-enabled", "yes")) {
            redis.fillAllTypes();
            // Redis writes a #TS annotation only when the second changed since the last one
            Thread.sleep(1100);
            redis.call("MULTI");
            redis.call("INCR", "counter");
            redis.call("EXEC");
        }
        AofInspector in = inspect(dir.resolve("appendonlydir"));
        // Cinnabar has no streams yet, and FUNCTION lives in the lua module, absent from this classpath:
        // those are exactly the commands replay here would refuse
        for (AofInspector.Failing f : in.failingSamples()) {
            assertTrue(List.of("xadd", "xgroup", "xclaim", "function").contains(f.command()), f.toString());
            assertEquals("unknown command", f.reason());
        }
        assertEquals(5, in.failingCount());
        assertTrue(in.histogram().get("rpush") >= 400);
        assertTrue(in.writesPerDb().get(5L) >= 1);
        assertTrue(in.timeline().get("count") >= 1);
        assertTrue(in.files().size() >= 2, in.files().toString());
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new AofCommand());
        cl.setOut(new PrintWriter(out));
        assertEquals(1, cl.execute("inspect", dir.resolve("appendonlydir").toString()));
        assertTrue(out.toString().contains("would fail on replay: 5"), out.toString());
    }

    @Test
    void topKeysByWritesFollowKeySpecsAndDatabases() throws Exception {
        Path file = tmp.resolve("keys.aof");
        Files.writeString(file, resp("SELECT", "0") + resp("SET", "a", "1") + resp("INCR", "a") + resp("GET", "a")
                + resp("MSET", "a", "2", "b", "3") + resp("RPUSH", "src", "3", "1")
                + resp("SORT", "src", "STORE", "dst") + resp("RENAME", "b", "c")
                + resp("SELECT", "2") + resp("SET", "a", "x") + resp("SET", "bin\u0001", "y"));
        AofInspector in;
        try (Engine engine = Engine.open(Map.of("dir", Files.createDirectories(tmp.resolve("scratch")).toString()))) {
            in = new AofInspector(engine.commands(), 10);
            AofChecker.check(file, in);
        }
        // GET is not a write; SORT's source is read-only, its STORE destination written; RENAME writes both
        List<String> top = in.topKeys().stream()
                .map(e -> e.db() + " " + new String(e.key(), StandardCharsets.UTF_8) + " " + e.count()).toList();
        assertEquals(List.of("0 a 3", "0 b 2", "0 c 1", "0 dst 1", "0 src 1", "2 a 1", "2 bin\u0001 1"), top);
        assertTrue(in.topKeysExact());

        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new AofCommand());
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("inspect", "--top", "2", "--json", file.toString()));
        Map<?, ?> m = new ObjectMapper().readValue(out.toString(), Map.class);
        assertEquals(List.of(Map.of("db", 0, "key", "\"a\"", "writes", 3, "overcount_at_most", 0),
                Map.of("db", 0, "key", "\"b\"", "writes", 2, "overcount_at_most", 0)), m.get("top_keys_by_writes"));
        assertEquals(true, m.get("top_keys_exact"));
    }

    @Test
    void theKeyCounterStaysBoundedAndKeepsTheHeavyKeys() {
        TopKeyCounter c = new TopKeyCounter(4);
        for (int i = 0; i < 1000; i++) {
            c.add(0, "hot".getBytes(StandardCharsets.UTF_8));
            c.add(0, ("cold" + i).getBytes(StandardCharsets.UTF_8));
            if (i % 4 != 0) {
                c.add(1, "warm".getBytes(StandardCharsets.UTF_8));
            }
        }
        // 2750 writes in 4 counters: every key written more than 2750 / 4 times is kept
        assertFalse(c.exact());
        assertEquals(4, c.top(10).size());
        List<TopKeyCounter.Entry> top = c.top(2);
        assertEquals("hot", new String(top.get(0).key(), StandardCharsets.UTF_8));
        // Space-Saving: the count is an upper bound and count - error a lower bound of the true 1000
        assertTrue(top.get(0).count() >= 1000 && top.get(0).count() - top.get(0).error() <= 1000, top.get(0).toString());
        assertEquals("warm", new String(top.get(1).key(), StandardCharsets.UTF_8));
        assertEquals(1, top.get(1).db());
        assertTrue(top.get(1).count() >= 750 && top.get(1).count() - top.get(1).error() <= 750, top.get(1).toString());
    }

    @Test
    void theKeyCounterKeepsSpaceSavingsBoundsOnASkewedStream() {
        java.util.Random random = new java.util.Random(7);
        TopKeyCounter c = new TopKeyCounter(50);
        Map<String, Long> truth = new java.util.HashMap<>();
        int writes = 20_000;
        for (int i = 0; i < writes; i++) {
            // skewed: key k with probability about 1/(k+1)
            String key = "k" + (int) Math.floor(Math.pow(400, random.nextDouble()));
            truth.merge(key, 1L, Long::sum);
            c.add(0, key.getBytes(StandardCharsets.UTF_8));
        }
        List<TopKeyCounter.Entry> all = c.top(Integer.MAX_VALUE);
        assertEquals(50, all.size());
        // the counters sum to the stream's length, and bound each counted key's true count both ways
        assertEquals(writes, all.stream().mapToLong(TopKeyCounter.Entry::count).sum());
        for (TopKeyCounter.Entry e : all) {
            long actual = truth.getOrDefault(new String(e.key(), StandardCharsets.UTF_8), 0L);
            assertTrue(e.count() - e.error() <= actual && actual <= e.count(), e + " true " + actual);
        }
        // every key written more than writes / capacity times is among them
        long kept = truth.entrySet().stream().filter(t -> t.getValue() > writes / 50).count();
        assertTrue(kept > 0);
        truth.forEach((key, n) -> {
            if (n > writes / 50) {
                assertTrue(all.stream().anyMatch(e -> new String(e.key(), StandardCharsets.UTF_8).equals(key)), key);
            }
        });
    }

    @Test
    void aMissingPathIsAUsageError() {
        CommandLine cl = new CommandLine(new AofCommand());
        cl.setErr(new PrintWriter(new StringWriter()));
        assertEquals(2, cl.execute("inspect", tmp.resolve("none").toString()));
    }
}
