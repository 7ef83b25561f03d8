// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rdb import} writes key by key: big values through a {@link ValueSpill} (its threshold lowered here so
 * that a few thousand elements take that path), the file loading in a real redis-server 7.0 with the digests
 * of the original; a key given twice, or an element given twice in a spilled value, refused with nothing
 * written.
 */
class RdbImportStreamingTest {
    private static final List<String> BIG_KEYS = List.of("bl", "bs", "bh", "bz", "bttl");

    @TempDir
    Path tmp;

    static int run(StringWriter err, String... args) {
        CommandLine cl = new CommandLine(new RdbCommand());
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    static JsonDumpImporter.Result importWith(InputStream json, Path out, long spillElements)
            throws Exception {
        try (ToolEngine tool = new ToolEngine(null)) {
            return RdbImportCommand.importTo(tool.engine, json, out, spillElements, JsonDumpImporter.SPILL_BYTES,
                    fixedAux());
        }
    }

    private static Map<String, String> fixedAux() {
        Map<String, String> aux = new LinkedHashMap<>();
        aux.put("redis-ver", "7.0.15");
        aux.put("redis-bits", "64");
        aux.put("ctime", "1700000000");
        aux.put("used-mem", "1000000");
        aux.put("aof-base", "0");
        return aux;
    }

    private static InputStream text(String json) {
        return new ByteArrayInputStream(json.getBytes(UTF_8));
    }

    /** Files the import leaves beside its output: none but the output itself. */
    private List<String> leftovers() throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("temp-")).toList();
        }
    }

    /**
     * DEBUG DIGEST (of every database), and in databases 0 and 2: DBSIZE, and each big key's DEBUG DIGEST-VALUE,
     * type and whether it has a TTL.
     */
    private List<String> digestsOf(Path rdb, String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.copy(rdb, dir.resolve("dump.rdb"));
        try (RealRedis redis = RealRedis.startOrSkip(dir)) {
            List<String> d = new ArrayList<>();
            for (String db : List.of("0", "2")) {
                redis.call("SELECT", db);
                d.add(redis.call("DEBUG", "DIGEST"));
                d.add(redis.call("DBSIZE"));
                for (String key : BIG_KEYS) {
                    d.add(db + " " + key + " " + redis.call("DEBUG", "DIGEST-VALUE", key).strip() + " "
                            + redis.call("TYPE", key) + " ttl "
                            + (redis.call("PTTL", key).startsWith(":-") ? "no" : "yes"));
                }
            }
            return d;
        }
    }

    @Test
    void bigValuesAreSpilledAndLoadInRedisWithTheOriginalsDigests() throws Exception {
        Path dump;
        try (RealRedis redis = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("source")))) {
            redis.fillAllTypes();
            redis.call("EVAL", "for i=1,3000 do redis.call('RPUSH','bl', i, 'e'..i..string.rep('x', i % 60)) end "
                    + "redis.call('RPUSH', 'bl', string.rep('y', 9000), '-17', '3.5')", "0");
            redis.call("EVAL", "for i=1,3000 do redis.call('SADD','bs', 'm'..i, i * 7) end", "0");
            redis.call("EVAL", "for i=1,3000 do redis.call('HSET','bh', 'f'..i, string.rep('v', i % 40)) end", "0");
            redis.call("EVAL", "for i=1,3000 do redis.call('ZADD','bz', i / 7, 'z'..i) end", "0");
            redis.call("ZADD", "bz", "inf", "top", "-inf", "bottom", "1e300", "huge", "-0.000123", "tiny");
            redis.call("SELECT", "2");
            redis.call("EVAL", "for i=1,2500 do redis.call('SADD','bttl', i) end", "0");
            redis.call("PEXPIREAT", "bttl", Long.toString(System.currentTimeMillis() + 50_000_000L));
            redis.call("SET", "small", "v");
            dump = redis.save();
        }
        Path json = tmp.resolve("dump.jsonl");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "convert", dump.toString(), "--to", "jsonl", "--out", json.toString()),
                err::toString);
        Path back = tmp.resolve("back.rdb");
        JsonDumpImporter.Result r;
        try (InputStream in = Files.newInputStream(json)) {
            r = importWith(in, back, 1000);
        }
        assertEquals(BIG_KEYS.size(), r.spilled(), "every value of more than 1,000 elements is spilled");
        assertEquals(List.of(), leftovers());
        assertEquals(0, run(err, "check", back.toString()), err::toString);
        List<String> original = digestsOf(dump, "original");
        assertTrue(original.stream().anyMatch(d -> d.startsWith("2 bttl ") && d.endsWith(" +set ttl yes")),
                original::toString);
        assertEquals(original, digestsOf(back, "imported"));

        // and the command itself, with its own threshold: the same digests
        Path viaCli = tmp.resolve("cli.rdb");
        assertEquals(0, run(err, "import", json.toString(), "--to", viaCli.toString()), err::toString);
        assertEquals(original, digestsOf(viaCli, "cli"));
    }

    @Test
    void aSpilledListIsByteForByteWhatTheEnginesWriterWrites() throws Exception {
        StringBuilder json = new StringBuilder(
                "{\"db\":0,\"key\":\"l\",\"type\":\"list\",\"expire_at_ms\":null,\"value\":[");
        for (int i = 0; i < 5000; i++) {
            String element = switch (i % 5) {
                case 0 -> Integer.toString(i * 1000);
                case 1 -> "element-" + i;
                case 2 -> "z".repeat(i % 300);
                case 3 -> i % 1000 == 3 ? "w".repeat(9000) : "-" + i;
                default -> "abcabcabcabcabcabcabcabcabc" + i;
            };
            json.append(i == 0 ? "" : ",").append('"').append(element).append('"');
        }
        json.append("]}\n{\"db\":1,\"key\":\"s\",\"type\":\"string\",\"expire_at_ms\":4102444800000,"
                + "\"value\":\"v\"}\n");
        Path spilled = tmp.resolve("spilled.rdb");
        Path loaded = tmp.resolve("loaded.rdb");
        assertEquals(1, importWith(text(json.toString()), spilled, 100).spilled());
        assertEquals(0, importWith(text(json.toString()), loaded, Long.MAX_VALUE).spilled());
        assertEquals(-1, Files.mismatch(spilled, loaded));
    }

    @Test
    void aKeyGivenTwiceIsRefusedAndNothingIsWritten() throws Exception {
        Path out = tmp.resolve("o.rdb");
        String k = "{\"db\":%d,\"key\":\"k\",\"type\":\"string\",\"expire_at_ms\":null,\"value\":\"%s\"}\n";
        Path in = tmp.resolve("twice.jsonl");
        Files.writeString(in, String.format(k, 0, "a") + String.format(k, 3, "b") + String.format(k, 0, "c"));
        StringWriter err = new StringWriter();
        assertEquals(ExitCodes.CORRUPT, run(err, "import", in.toString(), "--to", out.toString()));
        assertTrue(err.toString().contains("key \"k\" of db 0 appears twice") && err.toString().contains("line 3"),
                err::toString);
        assertFalse(Files.exists(out));
        assertEquals(List.of(), leftovers());

        // the same name in two databases is two keys
        Files.writeString(in, String.format(k, 0, "a") + String.format(k, 3, "b"));
        assertEquals(0, run(err, "import", in.toString(), "--to", out.toString()), err::toString);
        assertEquals(2, RdbCheckerTest.check(Files.readAllBytes(out)).keys());
    }

    @Test
    void aSpilledValueWithAnElementTwiceOrABadScoreIsRefusedAndNothingIsWritten() throws Exception {
        Path out = tmp.resolve("o.rdb");
        for (String type : List.of("set", "hash", "zset")) {
            StringBuilder json = new StringBuilder("{\"db\":0,\"key\":\"v\",\"type\":\"" + type
                    + "\",\"expire_at_ms\":null,\"value\":[");
            for (int i = 0; i < 30; i++) {
                String m = "\"m" + (i == 20 ? 3 : i) + "\"";
                String element = switch (type) {
                    case "set" -> m;
                    case "hash" -> "[" + m + ",\"1\"]";
                    default -> "[" + m + ",1]";
                };
                json.append(i == 0 ? "" : ",").append(element);
            }
            json.append("]}\n");
            JsonDumpImporter.BadInputException e = assertThrows(JsonDumpImporter.BadInputException.class,
                    () -> importWith(text(json.toString()), out, 10), type);
            assertTrue(e.getMessage().contains("has \"m3\" twice"), e::getMessage);
            // below the threshold the engine merges it, as SADD/HSET/ZADD do
            importWith(text(json.toString()), out, 100);
            Files.delete(out);
        }
        StringBuilder json = new StringBuilder(
                "{\"db\":0,\"key\":\"z\",\"type\":\"zset\",\"expire_at_ms\":null,\"value\":[");
        for (int i = 0; i < 30; i++) {
            json.append(i == 0 ? "" : ",").append("[\"m").append(i).append("\",").append(i == 25 ? "1e999" : "2")
                    .append("]");
        }
        json.append("]}\n");
        JsonDumpImporter.BadInputException e = assertThrows(JsonDumpImporter.BadInputException.class,
                () -> importWith(text(json.toString()), out, 10));
        assertTrue(e.getMessage().contains("ZADD was refused: ERR value is not a valid float"), e::getMessage);
        assertFalse(Files.exists(out));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aSpilledKeyExpiredIsDroppedAndSpilledHashFieldTtlsAreCounted() throws Exception {
        long past = System.currentTimeMillis() - 1000;
        long future = System.currentTimeMillis() + 50_000_000L;
        StringBuilder json = new StringBuilder("{\"db\":0,\"key\":\"gone\",\"type\":\"list\",\"expire_at_ms\":" + past
                + ",\"value\":[");
        for (int i = 0; i < 50; i++) {
            json.append(i == 0 ? "" : ",").append('"').append(i).append('"');
        }
        json.append("]}\n{\"db\":0,\"key\":\"h\",\"type\":\"hash\",\"expire_at_ms\":null,\"value\":[");
        for (int i = 0; i < 50; i++) {
            json.append(i == 0 ? "" : ",").append("[\"f").append(i).append("\",\"v\"")
                    .append(i % 10 == 1 ? "," + future : i % 10 == 2 ? "," + past : "").append("]");
        }
        json.append("]}\n");
        Path out = tmp.resolve("o.rdb");
        JsonDumpImporter.Result r = importWith(text(json.toString()), out, 10);
        assertEquals(1, r.spilled(), "the expired list is not written");
        assertEquals(2, r.keys());
        assertEquals(1, r.expired());
        assertEquals(5, r.fieldTtlsDropped());
        assertEquals(5, r.fieldsExpired());
        assertEquals(List.of(), leftovers());
        Path dir = Files.createDirectories(tmp.resolve("redis"));
        Files.copy(out, dir.resolve("dump.rdb"));
        try (RealRedis redis = RealRedis.startOrSkip(dir)) {
            assertEquals(":1", redis.call("DBSIZE"));
            assertEquals(":45", redis.call("HLEN", "h"));
            assertEquals("", redis.call("HGET", "h", "f2"));
            assertEquals("v", redis.call("HGET", "h", "f1"));
        }
    }
}
