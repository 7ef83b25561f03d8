// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RDB to older RDB, on a file written by redis-server 7.0: every output passes redis-check-rdb and loads in
 * redis-server 7.0 (which reads every older version) with the source's DEBUG DIGEST where nothing was dropped.
 */
class RdbToOlderRdbTest {
    @TempDir
    Path tmp;

    private Path source;
    private String sourceDigest;
    private Map<String, String> sourceValues;

    @BeforeEach
    void realDump() throws Exception {
        try (RealRedis redis = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("source")))) {
            redis.fillAllTypes();
            redis.call("ZADD", "zodd", "inf", "a", "-inf", "b", "0.1", "c", "1e300", "d", "-0.000123", "e");
            // a deleted entry gives the stream a max-deleted-entry-id, which RDB 9 cannot hold
            redis.call("XADD", "stream", "3-1", "h", "x");
            redis.call("XDEL", "stream", "3-1");
            source = redis.save();
            sourceDigest = redis.call("DEBUG", "DIGEST");
            sourceValues = digests(redis);
        }
    }

    private static Map<String, String> digests(RealRedis redis) throws IOException {
        Map<String, String> values = new TreeMap<>();
        for (String db : List.of("0", "5")) {
            redis.call("SELECT", db);
            for (String key : redis.call("KEYS", "*").split("\n")) {
                if (!key.isEmpty()) {
                    values.put(db + "/" + key, redis.call("DEBUG", "DIGEST-VALUE", key) + " ttl "
                            + (redis.call("PTTL", key).equals("-1") ? "none" : "some"));
                }
            }
        }
        redis.call("SELECT", "0");
        return values;
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new RdbCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path convert(int version, Map<String, Object> json) throws Exception {
        Path out = tmp.resolve("v" + version + ".rdb");
        Run run = cli("convert", source.toString(), "--to", "rdb", "--rdb-version", Integer.toString(version),
                "--out", out.toString(), "--json");
        assertEquals(version >= 10 ? 0 : 3, run.exit(), run.out() + run.err());
        json.putAll(new ObjectMapper().readValue(run.out(), Map.class));
        assertEquals(String.format("REDIS%04d", version), new String(Files.readAllBytes(out), 0, 9, US_ASCII));
        return out;
    }

    private static void redisCheckRdb(Path file) throws Exception {
        String tool = RealRedis.find("redis-check-rdb");
        if (tool == null) {
            return;
        }
        Process p = new ProcessBuilder(tool, file.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertEquals(0, p.waitFor(), output);
        assertTrue(output.contains("\\o/ RDB looks OK! \\o/"), output);
    }

    /** Loads {@code file} in a fresh redis-server 7.0 and returns it. */
    private RealRedis load(Path file, String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.copy(file, dir.resolve("dump.rdb"));
        return RealRedis.startOrSkip(dir);
    }

    @Test
    void version10LoadsWithTheSameDigestAndFunctions() throws Exception {
        Map<String, Object> json = new TreeMap<>();
        Path out = convert(10, json);
        redisCheckRdb(out);
        assertEquals(true, json.get("lossless"));
        assertEquals(1, json.get("functions_written"));
        try (RealRedis redis = load(out, "l10")) {
            assertEquals(sourceDigest, redis.call("DEBUG", "DIGEST"));
            assertEquals(sourceValues, digests(redis));
            assertTrue(redis.call("FUNCTION", "LIST").contains("lib"));
        }
        assertTrue(RdbChecker.check(out, RdbVisitor.NONE).ok());
    }

    @Test
    void version9HasNoListpacksNoFunctionsAndTheSameDigest() throws Exception {
        Map<String, Object> json = new TreeMap<>();
        Path out = convert(9, json);
        redisCheckRdb(out);
        assertEquals(List.of("lib"), json.get("functions_dropped"));
        assertEquals(List.of(), json.get("keys_dropped"));
        List<?> changed = (List<?>) json.get("values_changed");
        assertEquals(1, changed.size());
        Map<?, ?> stream = (Map<?, ?>) changed.get(0);
        assertEquals("stream", stream.get("key"));
        assertEquals("3-1", stream.get("max_deleted_entry_id"));
        assertEquals(3, stream.get("entries_added"));
        // no type the 6.x loader lacks: 16/17/18/19 (listpacks, quicklist 2, stream 2)
        RdbCheckReport check = RdbChecker.check(out, RdbVisitor.NONE);
        assertTrue(check.ok());
        List<String> encodings = new ArrayList<>();
        check.databases().values().forEach(db -> encodings.addAll(db.byEncoding().keySet()));
        assertFalse(encodings.stream().anyMatch(e -> e.endsWith("/listpack") || e.equals("list/quicklist")), encodings.toString());
        assertEquals(0, check.functions());
        try (RealRedis redis = load(out, "l9")) {
            assertEquals(sourceDigest, redis.call("DEBUG", "DIGEST"));
            assertEquals(sourceValues, digests(redis));
            assertEquals("", redis.call("FUNCTION", "LIST").trim());
            assertTrue(redis.call("XINFO", "GROUPS", "stream").contains("alice") || redis.call("XINFO", "CONSUMERS", "stream", "grp").contains("alice"));
            assertEquals(":1", redis.call("XPENDING", "stream", "grp").split("\n")[0]);
        }
    }

    @Test
    void versions8And7DropTheStreamAndKeepEverythingElse() throws Exception {
        for (int version : new int[] {8, 7}) {
            Map<String, Object> json = new TreeMap<>();
            Path out = convert(version, json);
            redisCheckRdb(out);
            List<?> dropped = (List<?>) json.get("keys_dropped");
            assertEquals(1, dropped.size());
            assertEquals("stream", ((Map<?, ?>) dropped.get(0)).get("key"));
            Map<String, String> expected = new TreeMap<>(sourceValues);
            expected.remove("0/stream");
            try (RealRedis redis = load(out, "l" + version)) {
                assertEquals(expected, digests(redis));
                assertNotEquals(sourceDigest, redis.call("DEBUG", "DIGEST"));
            }
        }
    }

    @Test
    void version11IsVersion10sDataUnderTheNewerHeaderAndBadArgumentsAreUsageErrors() throws Exception {
        Path out = convert(11, new TreeMap<>());
        RdbCheckReport check = RdbChecker.check(out, RdbVisitor.NONE);
        assertTrue(check.ok(), String.valueOf(check.failure()));
        assertEquals(11, check.rdbVersion());
        assertEquals(2, cli("convert", source.toString(), "--to", "rdb", "--rdb-version", "6", "--out",
                tmp.resolve("x.rdb").toString()).exit());
        assertEquals(2, cli("convert", source.toString(), "--to", "rdb", "--rdb-version", "9").exit());
        Run text = cli("convert", source.toString(), "--to", "rdb", "--rdb-version", "9", "--db", "5", "--out",
                tmp.resolve("db5.rdb").toString());
        assertEquals(3, text.exit());
        assertTrue(text.out().contains("db 0: 17 keys in, 0 written, 17 filtered out"), text.out());
        assertTrue(text.out().contains("DROPPED function libraries (RDB 9 has no FUNCTION2): lib"), text.out());
    }

    @Test
    void keysAlreadyExpiredAreCountedAsDroppedOnLoad() throws Exception {
        Path dump;
        try (RealRedis redis = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("expired")))) {
            redis.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
            redis.call("SET", "gone", "v", "PX", "1");
            redis.call("SET", "kept", "v");
            Thread.sleep(5);
            dump = redis.save();
        }
        Run run = cli("convert", dump.toString(), "--to", "rdb", "--rdb-version", "9", "--out",
                tmp.resolve("e.rdb").toString(), "--json");
        assertEquals(0, run.exit(), run.out() + run.err());
        Map<?, ?> json = new ObjectMapper().readValue(run.out(), Map.class);
        Map<?, ?> db0 = (Map<?, ?>) ((List<?>) json.get("databases")).get(0);
        assertEquals(Map.of("db", 0, "source_keys", 2, "written", 1, "dropped", 0, "already_expired", 1,
                "filtered_out", 0), db0);
    }
}
