// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streams through {@code rdb convert --to json|jsonl} and back with {@code rdb import}: a real Redis 7.0
 * loading the imported file has the same DEBUG DIGEST and the same XINFO STREAM FULL (consumer seen
 * times, delivery times and counts, entries-read, pending entries of deleted entries) as one loading the
 * original.
 */
class StreamRoundTripTest {
    private static final List<String> STREAMS = List.of("s:big", "s:groups", "s:empty", "s:trimmed", "s:bin", "s:ttl");

    @TempDir
    Path tmp;

    private static int run(StringWriter err, String... args) {
        CommandLine cl = new CommandLine(new RdbCommand());
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    /** Streams of every shape a 7.0 file holds, written by a real Redis under {@code tmp}; returns the dump. */
    static Path realStreamDump(Path tmp) throws Exception {
        try (RealRedis r = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("source")))) {
            StringBuilder big = new StringBuilder();
            for (int i = 1; i <= 10_000; i++) {
                // two field layouts, so nodes hold entries with and without the master's fields
                String[] argv = i % 7 == 0
                        ? new String[] {"XADD", "s:big", i + "-" + (i % 3), "other", "v" + i}
                        : new String[] {"XADD", "s:big", i + "-" + (i % 3), "sensor", "t" + (i % 10), "reading", Integer.toString(i * 7)};
                big.append(resp(argv));
            }
            assertEquals(List.of(), r.pipe(big.toString().getBytes(UTF_8)));
            r.call("XSETID", "s:big", "20000-5", "ENTRIESADDED", "10500", "MAXDELETEDID", "15000-0");
            for (int i = 1; i <= 20; i++) {
                r.call("XADD", "s:groups", i + "-0", "f", "v" + i);
            }
            r.call("XGROUP", "CREATE", "s:groups", "g1", "0");
            r.call("XREADGROUP", "GROUP", "g1", "alice", "COUNT", "5", "STREAMS", "s:groups", ">");
            r.call("XREADGROUP", "GROUP", "g1", "bob", "COUNT", "3", "STREAMS", "s:groups", ">");
            r.call("XGROUP", "CREATECONSUMER", "s:groups", "g1", "carol");
            r.call("XACK", "s:groups", "g1", "2-0");
            r.call("XCLAIM", "s:groups", "g1", "carol", "0", "7-0", "TIME", "1700000000000", "RETRYCOUNT", "9");
            // a pending entry whose stream entry is gone: XCLAIM could not bring it back
            r.call("XDEL", "s:groups", "3-0");
            r.call("XGROUP", "CREATE", "s:groups", "g2", "$");
            r.call("XGROUP", "CREATE", "s:groups", "g3", "10-0", "ENTRIESREAD", "7");
            r.call("XGROUP", "CREATE", "s:empty", "g", "$", "MKSTREAM");
            for (int i = 1; i <= 10; i++) {
                r.call("XADD", "s:trimmed", i + "-1", "k", Integer.toString(i));
            }
            r.call("XTRIM", "s:trimmed", "MAXLEN", "3");
            r.call("XDEL", "s:trimmed", "9-1");
            assertEquals(List.of(), r.pipe(("*5\r\n$4\r\nXADD\r\n$5\r\ns:bin\r\n$3\r\n1-1\r\n$2\r\n\u00ff\u0000\r\n$1\r\n\u00c0\r\n"
                    + "*5\r\n$4\r\nXADD\r\n$5\r\ns:bin\r\n$3\r\n2-1\r\n$2\r\n\u00ff\u0000\r\n$3\r\n\u00e2\u0082\u00ac\r\n")
                    .getBytes(ISO_8859_1)));
            r.call("XADD", "s:ttl", "5-5", "a", "b");
            r.call("PEXPIREAT", "s:ttl", Long.toString(System.currentTimeMillis() + 86_400_000L));
            r.call("SET", "plain", "string");
            return r.save();
        }
    }

    private static String resp(String... argv) {
        StringBuilder s = new StringBuilder("*" + argv.length + "\r\n");
        for (String a : argv) {
            s.append('$').append(a.getBytes(UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        return s.toString();
    }

    /** What a real server loading {@code rdb} says: DEBUG DIGEST, then per stream its XINFO STREAM FULL and TTL. */
    private Map<String, String> view(Path rdb, String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.copy(rdb, dir.resolve("dump.rdb"));
        Map<String, String> v = new HashMap<>();
        try (RealRedis r = RealRedis.startOrSkip(dir)) {
            v.put("digest", r.call("DEBUG", "DIGEST"));
            v.put("dbsize", r.call("DBSIZE"));
            for (String s : STREAMS) {
                v.put(s, r.call("XINFO", "STREAM", s, "FULL", "COUNT", "0"));
                v.put(s + " ttl", r.call("PEXPIRETIME", s));
            }
            // DEBUG RELOAD: what Redis writes of the loaded streams it reads back the same
            r.call("DEBUG", "RELOAD");
            assertEquals(v.get("digest"), r.call("DEBUG", "DIGEST"));
        }
        return v;
    }

    @Test
    void streamsSurviveRdbToJsonToRdb() throws Exception {
        Path dump = realStreamDump(tmp);
        Map<String, String> original = view(dump, "original");
        assertFalse(original.get("digest").startsWith("0000000000"));
        for (String format : List.of("jsonl", "json")) {
            StringWriter err = new StringWriter();
            Path json = tmp.resolve("dump." + format);
            assertEquals(0, run(err, "convert", dump.toString(), "--to", format, "--out", json.toString()), err::toString);
            Path back = tmp.resolve("back-" + format + ".rdb");
            assertEquals(0, run(err, "import", json.toString(), "--to", back.toString()), err::toString);
            assertEquals(0, run(err, "check", back.toString()), err::toString);
            Map<String, String> imported = view(back, "imported-" + format);
            for (String k : original.keySet()) {
                assertEquals(original.get(k), imported.get(k), format + ": " + k);
            }
        }
    }

    /**
     * RDB type 15 (Redis 5 and 6) stores no entries-added, first or max-deleted id, nor a group's entries-read:
     * the JSON says null, and the import recomputes them as Redis 7.0 does when it loads such a file.
     */
    @Test
    void streamsOfRdb9ComeBackAsRedisLoadsThem() throws Exception {
        Path dump = realStreamDump(tmp);
        Path v9 = tmp.resolve("v9.rdb");
        StringWriter err = new StringWriter();
        assertEquals(ExitCodes.PARTIAL, run(err, "convert", dump.toString(), "--to", "rdb", "--rdb-version", "9",
                "--out", v9.toString()), err::toString);
        Map<String, String> original = view(v9, "v9");
        Path json = tmp.resolve("v9.jsonl");
        assertEquals(0, run(err, "convert", v9.toString(), "--to", "jsonl", "--out", json.toString()), err::toString);
        String groups = Files.readAllLines(json).stream().filter(l -> l.contains("\"key\":\"s:groups\"")).findFirst()
                .orElseThrow();
        assertTrue(groups.contains("\"first_id\":null,\"max_deleted_id\":null,\"entries_added\":null")
                && groups.contains("\"entries_read\":null"), groups);
        Path back = tmp.resolve("back-v9.rdb");
        assertEquals(0, run(err, "import", json.toString(), "--to", back.toString()), err::toString);
        Map<String, String> imported = view(back, "imported-v9");
        // Redis 7.0 loading an empty type 15 stream records the maximum id as its first one (streamGetEdgeID
        // of an empty stream); a stream it writes itself, as the imported one, says 0-0
        String maxFirst = "recorded-first-entry-id\n18446744073709551615-18446744073709551615\n";
        assertTrue(original.get("s:empty").contains(maxFirst), original.get("s:empty"));
        original.put("s:empty", original.get("s:empty").replace(maxFirst, "recorded-first-entry-id\n0-0\n"));
        for (String k : original.keySet()) {
            assertEquals(original.get(k), imported.get(k), k);
        }
    }

    /**
     * RDB type 21 (Redis 7.2) adds each consumer's active time: a file of version 11 holding one, built here
     * around the engine's own stream encoding, converts with {@code active_time} and imports into a file that
     * Redis 7.0 loads with the seen time, delivery time and count it had.
     */
    @Test
    void aType21StreamKeepsItsConsumersThroughJson() throws Exception {
        byte[] body;
        try (ToolEngine tool = new ToolEngine(null)) {
            tool.engine.execute("XADD".getBytes(UTF_8), "s".getBytes(UTF_8), "1-0".getBytes(UTF_8), "f".getBytes(UTF_8),
                    "v".getBytes(UTF_8));
            tool.engine.execute("XADD".getBytes(UTF_8), "s".getBytes(UTF_8), "2-0".getBytes(UTF_8), "f".getBytes(UTF_8),
                    "w".getBytes(UTF_8));
            byte[] payload = ((dev.cinnabar.core.resp.RespValue.Bulk) tool.engine.execute("DUMP".getBytes(UTF_8),
                    "s".getBytes(UTF_8))).value();
            // type 19 and the empty group list cut away: the nodes and counters
            body = java.util.Arrays.copyOfRange(payload, 1, payload.length - 11);
        }
        java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
        dev.cinnabar.core.rdb.RdbWriter w = new dev.cinnabar.core.rdb.RdbWriter(file, false);
        w.writeRaw("REDIS0011".getBytes(UTF_8));
        w.writeByte(0xFE);
        w.writeLength(0);
        w.writeByte(21);
        w.writeString("s".getBytes(UTF_8));
        w.writeRaw(body);
        w.writeLength(1);
        w.writeString("g".getBytes(UTF_8));
        w.writeLength(2);
        w.writeLength(0);
        w.writeLength(2);
        w.writeLength(1);
        w.writeRaw(new byte[] {0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0});
        w.writeLittleEndian(1_700_000_000_123L, 8);
        w.writeLength(4);
        w.writeLength(1);
        w.writeString("alice".getBytes(UTF_8));
        w.writeLittleEndian(1_700_000_000_456L, 8);
        w.writeLittleEndian(1_700_000_000_789L, 8);
        w.writeLength(1);
        w.writeRaw(new byte[] {0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0});
        w.writeByte(0xFF);
        w.flush();
        byte[] content = file.toByteArray();
        Path v11 = tmp.resolve("v11.rdb");
        java.io.ByteArrayOutputStream withCrc = new java.io.ByteArrayOutputStream();
        withCrc.write(content);
        long crc = dev.cinnabar.core.rdb.Crc64.of(content);
        for (int i = 0; i < 8; i++) {
            withCrc.write((int) (crc >>> (8 * i)) & 0xFF);
        }
        Files.write(v11, withCrc.toByteArray());

        StringWriter err = new StringWriter();
        Path json = tmp.resolve("v11.jsonl");
        assertEquals(0, run(err, "convert", v11.toString(), "--to", "jsonl", "--out", json.toString()), err::toString);
        JsonNode value = new ObjectMapper().readTree(Files.readString(json)).get("value");
        JsonNode alice = value.get("groups").get(0).get("consumers").get(0);
        assertEquals("{\"name\":\"alice\",\"seen_time\":1700000000456,\"active_time\":1700000000789,"
                + "\"pending\":[\"2-0\"]}", alice.toString());
        assertEquals("[{\"id\":\"2-0\",\"delivery_time\":1700000000123,\"delivery_count\":4}]",
                value.get("groups").get(0).get("pending").toString());
        Path back = tmp.resolve("back-v11.rdb");
        assertEquals(0, run(err, "import", json.toString(), "--to", back.toString()), err::toString);
        Path dir = Files.createDirectories(tmp.resolve("v11-redis"));
        Files.copy(back, dir.resolve("dump.rdb"));
        try (RealRedis r = RealRedis.startOrSkip(dir)) {
            String full = r.call("XINFO", "STREAM", "s", "FULL");
            assertTrue(full.contains("seen-time\n:1700000000456\n"), full);
            assertTrue(full.contains("2-0\nalice\n:1700000000123\n:4\n"), full);
            assertTrue(full.contains("entries-read\n:2\n"), full);
        }
    }

    /** Every byte of a small stream dump flipped: the walk that writes JSON reports a failure or succeeds, never throws. */
    @Test
    void damagedStreamsEndInAReportNotACrash() throws Exception {
        Path dump;
        try (RealRedis r = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("small")))) {
            for (int i = 1; i <= 5; i++) {
                r.call("XADD", "s", i + "-0", "f", "v" + i);
            }
            r.call("XADD", "s", "6-0", "other", "x");
            r.call("XDEL", "s", "2-0");
            r.call("XGROUP", "CREATE", "s", "g", "0");
            r.call("XREADGROUP", "GROUP", "g", "alice", "COUNT", "3", "STREAMS", "s", ">");
            dump = r.save();
        }
        byte[] original = Files.readAllBytes(dump);
        Path damaged = tmp.resolve("damaged.rdb");
        int failures = 0;
        for (int pos = 9; pos < original.length - 9; pos++) {
            byte[] b = original.clone();
            b[pos] ^= (byte) 0x5a;
            Files.write(damaged, b);
            RdbCheckReport report = RdbChecker.check(damaged, new RdbJsonWriter(java.io.OutputStream.nullOutputStream(), true));
            if (!report.ok()) {
                failures++;
            }
        }
        // the CRC-64 trailer catches what the structure checks let through
        assertEquals(original.length - 18, failures);
    }

    @Test
    void theJsonCarriesEntriesCountersAndGroups() throws Exception {
        Path dump = realStreamDump(tmp);
        Path json = tmp.resolve("dump.jsonl");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "convert", dump.toString(), "--to", "jsonl", "--out", json.toString()), err::toString);
        Map<String, JsonNode> byKey = new HashMap<>();
        ObjectMapper mapper = new ObjectMapper();
        for (String line : Files.readAllLines(json)) {
            JsonNode n = mapper.readTree(line);
            byKey.put(n.get("key").asText(), n);
        }
        JsonNode big = byKey.get("s:big").get("value");
        assertEquals(10_000, big.get("entries").size());
        assertEquals("1-1", big.get("entries").get(0).get("id").asText());
        assertEquals("[[\"sensor\",\"t1\"],[\"reading\",\"7\"]]", big.get("entries").get(0).get("fields").toString());
        assertEquals("[[\"other\",\"v7\"]]", big.get("entries").get(6).get("fields").toString());
        assertEquals(10_000, big.get("length").asLong());
        assertEquals("20000-5", big.get("last_id").asText());
        assertEquals("15000-0", big.get("max_deleted_id").asText());
        assertEquals(10_500, big.get("entries_added").asLong());
        assertEquals("1-1", big.get("first_id").asText());

        JsonNode groups = byKey.get("s:groups").get("value");
        assertEquals(19, groups.get("entries").size());
        assertEquals(List.of("g1", "g2", "g3"), names(groups.get("groups")));
        JsonNode g1 = groups.get("groups").get(0);
        assertEquals("8-0", g1.get("last_delivered_id").asText());
        assertEquals(8, g1.get("entries_read").asLong());
        List<String> pending = new ArrayList<>();
        g1.get("pending").forEach(p -> pending.add(p.get("id").asText()));
        assertEquals(List.of("1-0", "3-0", "4-0", "5-0", "6-0", "7-0", "8-0"), pending);
        JsonNode claimed = g1.get("pending").get(5);
        assertEquals(1700000000000L, claimed.get("delivery_time").asLong());
        assertEquals(9, claimed.get("delivery_count").asLong());
        assertEquals(List.of("alice", "bob", "carol"), names(g1.get("consumers")));
        assertEquals("[\"1-0\",\"3-0\",\"4-0\",\"5-0\"]", g1.get("consumers").get(0).get("pending").toString());
        assertEquals("[\"7-0\"]", g1.get("consumers").get(2).get("pending").toString());
        assertTrue(g1.get("consumers").get(0).get("seen_time").asLong() > 1_700_000_000_000L);
        assertTrue(g1.get("consumers").get(0).get("active_time").isNull(), "7.0 writes no active time");
        assertEquals("[]", groups.get("groups").get(1).get("consumers").toString());

        JsonNode bin = byKey.get("s:bin").get("value").get("entries");
        assertEquals("[[{\"base64\":\"/wA=\"},{\"base64\":\"wA==\"}]]", bin.get(0).get("fields").toString());
        assertEquals("[[{\"base64\":\"/wA=\"},\"\u20ac\"]]", bin.get(1).get("fields").toString());
        assertEquals(0, byKey.get("s:empty").get("value").get("entries").size());
        assertEquals("0-0", byKey.get("s:empty").get("value").get("last_id").asText());
        assertTrue(byKey.get("s:ttl").get("expire_at_ms").asLong() > System.currentTimeMillis());
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.get("name").asText()));
        return names;
    }
}
