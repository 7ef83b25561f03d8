// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.cinnabar.tools.rdb.RdbDiffTest.run;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rdb diff} and {@code rdb restore} on values walked element by element: encodings that differ but
 * hold the same content, single-element differences inside big collections, a file against the live server
 * that wrote it, and restores (raw payloads, engine-serialized payloads, commands) checked with Redis's own
 * DEBUG DIGEST.
 */
class BigValueDiffRestoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** RESP for {@code redis-cli --pipe}-style loading. */
    private static final class Pipe {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void command(List<String> args) {
            out.writeBytes(("*" + args.size() + "\r\n").getBytes(UTF_8));
            for (String a : args) {
                byte[] b = a.getBytes(UTF_8);
                out.writeBytes(("$" + b.length + "\r\n").getBytes(UTF_8));
                out.writeBytes(b);
                out.writeBytes("\r\n".getBytes(UTF_8));
            }
        }
    }

    /** Fills {@code key} with {@code n} elements of its type, 1000 per command. */
    private static void fillBig(RealRedis r, String type, String key, int n) throws Exception {
        Pipe p = new Pipe();
        for (int start = 0; start < n; start += 1000) {
            List<String> args = new ArrayList<>();
            args.add(switch (type) {
                case "list" -> "RPUSH";
                case "set" -> "SADD";
                case "hash" -> "HSET";
                default -> "ZADD";
            });
            args.add(key);
            for (int i = start; i < Math.min(n, start + 1000); i++) {
                switch (type) {
                    case "list" -> args.add("item-" + i);
                    case "set" -> args.add("member-" + i);
                    case "hash" -> {
                        args.add("field-" + i);
                        args.add("value-" + i);
                    }
                    default -> {
                        args.add(i + ".25");
                        args.add("m-" + i);
                    }
                }
            }
            p.command(args);
        }
        assertEquals(List.of(), r.pipe(p.out.toByteArray()));
    }

    private static Path saveAs(RealRedis r, Path to) throws Exception {
        return Files.copy(r.save(), to, StandardCopyOption.REPLACE_EXISTING);
    }

    private static JsonNode json(RdbDiffTest.Run run) throws Exception {
        return JSON.readTree(run.out());
    }

    @Test
    void sameContentInOtherEncodingsIsEqual() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("r"));
        try (RealRedis r = RealRedis.startOrSkip(dir)) {
            r.call("HSET", "h", "a", "1", "b", "2", "c", "3");
            r.call("SADD", "ints", "1", "2", "3", "100");
            r.call("ZADD", "z", "1.5", "a", "-2", "b", "inf", "c", "3", "d");
            for (int i = 0; i < 50; i++) {
                r.call("RPUSH", "l", "element-" + i);
            }
            assertEquals("listpack", r.call("OBJECT", "ENCODING", "h"));
            Path a = saveAs(r, tmp.resolve("a.rdb"));
            r.call("CONFIG", "SET", "hash-max-listpack-entries", "0");
            r.call("CONFIG", "SET", "set-max-intset-entries", "0");
            r.call("CONFIG", "SET", "zset-max-listpack-entries", "0");
            r.call("CONFIG", "SET", "list-max-listpack-size", "2");
            r.call("DEBUG", "RELOAD");
            assertEquals("hashtable", r.call("OBJECT", "ENCODING", "h"));
            assertEquals("hashtable", r.call("OBJECT", "ENCODING", "ints"));
            assertEquals("skiplist", r.call("OBJECT", "ENCODING", "z"));
            Path b = saveAs(r, tmp.resolve("b.rdb"));
            RdbDiffTest.Run run = run("diff", a.toString(), b.toString(), "--json");
            assertEquals(0, run.code(), run.out() + run.err());
            assertEquals(4, json(run).get("same").asLong());

            // a stored score "3" (listpack text) against 3.0 (skiplist binary) compared as doubles; one changed is not
            r.call("ZADD", "z", "3.0000001", "d");
            Path c = saveAs(r, tmp.resolve("c.rdb"));
            run = run("diff", a.toString(), c.toString(), "--json");
            assertEquals(3, run.code(), run.out());
            assertEquals("\"z\"", json(run).get("different_value").get("samples").get(0).get("key").asText());
        }
    }

    @Test
    void oneElementChangedInCollectionsOf200kIsFound() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("r"));
        try (RealRedis r = RealRedis.startOrSkip(dir)) {
            for (String type : new String[] {"list", "set", "hash", "zset"}) {
                fillBig(r, type, type, 200_000);
                fillBig(r, type, "same-" + type, 200_000);
            }
            Path a = saveAs(r, tmp.resolve("a.rdb"));
            r.call("LSET", "list", "123456", "changed");
            r.call("SREM", "set", "member-77777");
            r.call("SADD", "set", "member-77777x");
            r.call("HSET", "hash", "field-199999", "changed");
            r.call("ZADD", "zset", "0.5", "m-3");
            Path b = saveAs(r, tmp.resolve("b.rdb"));
            RdbDiffTest.Run run = run("diff", a.toString(), b.toString(), "--json", "--samples", "10");
            assertEquals(3, run.code(), run.out() + run.err());
            JsonNode d = json(run);
            assertEquals(4, d.get("different_value").get("count").asLong(), run.out());
            assertEquals(4, d.get("same").asLong(), run.out());
            List<String> keys = new ArrayList<>();
            d.get("different_value").get("samples").forEach(s -> keys.add(s.get("key").asText()));
            assertEquals(List.of("\"hash\"", "\"list\"", "\"set\"", "\"zset\""), keys);
            // the server that holds b's data, against both files
            assertEquals(0, run("diff", b.toString(), "redis://127.0.0.1:" + r.port()).code());
            run = run("diff", a.toString(), "redis://127.0.0.1:" + r.port(), "--json");
            assertEquals(4, json(run).get("different_value").get("count").asLong(), run.out());
        }
    }

    @Test
    void aFileAndTheLiveServerThatWroteItAreEqualOnEveryType() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("r"));
        try (RealRedis r = RealRedis.startOrSkip(dir)) {
            r.fillAllTypes();
            fillStreams(r);
            Path a = saveAs(r, tmp.resolve("a.rdb"));
            String live = "redis://127.0.0.1:" + r.port();
            RdbDiffTest.Run run = run("diff", a.toString(), live, "--json");
            assertEquals(0, run.code(), run.out() + run.err());
            long keys = json(run).get("keys_a").asLong();
            assertEquals(keys, json(run).get("same").asLong(), run.out());

            // every kind of stream change is seen, file against server
            r.call("XGROUP", "SETID", "bigstream", "g2", "0");
            assertEquals(3, run("diff", a.toString(), live).code());
            r.call("XGROUP", "SETID", "bigstream", "g2", "$");
            assertEquals(0, run("diff", a.toString(), live).code());
            r.call("XCLAIM", "bigstream", "g1", "c2", "0", firstPending(r));
            run = run("diff", a.toString(), live, "--json");
            assertEquals("\"bigstream\"", json(run).get("different_value").get("samples").get(0).get("key").asText(),
                    run.out());
        }
    }

    /**
     * A stream of RDB type 15 (a Redis 6 file) or 21 (Redis 7.2) equals the RDB 10 one it was made from (what
     * not every type stores is left out).
     */
    @Test
    void aStreamOfRdbType15Or21EqualsItsRdb10Original() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("r"));
        try (RealRedis r = RealRedis.startOrSkip(dir)) {
            for (int i = 1; i <= 5; i++) {
                r.call("XADD", "s", i + "-1", "f", "v" + i);
            }
            r.call("XGROUP", "CREATE", "s", "done", "$");
            r.call("XGROUP", "CREATE", "s", "none", "0");
            r.call("XGROUP", "CREATE", "s", "first", "0");
            r.call("XREADGROUP", "GROUP", "first", "alice", "COUNT", "1", "STREAMS", "s", ">");
            Path a = saveAs(r, tmp.resolve("a.rdb"));
            Path v9 = tmp.resolve("v9.rdb");
            // 3: the counters RDB 9 cannot hold are reported lost
            RdbDiffTest.Run run = run("convert", a.toString(), "--to", "rdb", "--rdb-version", "9", "--out", v9.toString());
            assertEquals(3, run.code(), run.out() + run.err());
            run = run("diff", a.toString(), v9.toString());
            assertEquals(0, run.code(), run.out() + run.err());
            // RDB 11's type 21: the consumers' active time (here not their seen time) is left out
            Path v11 = tmp.resolve("v11.rdb");
            Files.write(v11, streamAsType21(a, "s"));
            run = run("diff", a.toString(), v11.toString());
            assertEquals(0, run.code(), run.out() + run.err());
            // what both store is compared: a pending entry's delivery count
            r.call("XCLAIM", "s", "first", "bob", "0", "1-1");
            run = run("diff", saveAs(r, tmp.resolve("b.rdb")).toString(), v9.toString());
            assertEquals(3, run.code(), run.out() + run.err());
        }
    }

    /**
     * An RDB 11 file holding the stream {@code key} of {@code rdb10} as RDB type 21 (Redis 7.2): the type 19
     * record with each consumer's active time (its seen time + 5) after its seen time.
     */
    private static byte[] streamAsType21(Path rdb10, String key) throws Exception {
        long[] range = new long[2];
        RdbChecker.check(rdb10, new RdbVisitor() {
            long start;
            long end;

            @Override
            public void keyRecord(long s, long e) {
                start = s;
                end = e;
            }

            @Override
            public void key(long db, byte[] k, int rdbType, long expireAtMs, long elements, long bytes) {
                if (new String(k, UTF_8).equals(key)) {
                    range[0] = start;
                    range[1] = end;
                }
            }
        });
        byte[] file = Files.readAllBytes(rdb10);
        long valueStart;
        try (FileRecords records = new FileRecords(rdb10)) {
            valueStart = records.valueStart(range[0], range[1]);
        }
        byte[] value = java.util.Arrays.copyOfRange(file, (int) valueStart, (int) range[1]);
        dev.cinnabar.core.rdb.RdbReader r = new dev.cinnabar.core.rdb.RdbReader(
                new java.io.ByteArrayInputStream(value), 10);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("REDIS0011".getBytes(UTF_8));
        out.write(21);
        out.write(file, (int) range[0] + 1, (int) (valueStart - range[0] - 1));
        int copied = 0;
        long nodes = r.readLength();
        for (long i = 0; i < nodes; i++) {
            r.readString();
            r.readString();
        }
        for (int i = 0; i < 8; i++) {
            // length, last id, first id, max deleted id, entries added
            r.readLength();
        }
        long groups = r.readLength();
        for (long g = 0; g < groups; g++) {
            r.readString();
            r.readLength();
            r.readLength();
            r.readLength();
            long pel = r.readLength();
            for (long p = 0; p < pel; p++) {
                r.readBytes(16, r.offset());
                r.readLittleEndian(8);
                r.readLength();
            }
            long consumers = r.readLength();
            for (long c = 0; c < consumers; c++) {
                r.readString();
                long active = r.readLittleEndian(8) + 5;
                int at = (int) r.offset();
                out.write(value, copied, at - copied);
                copied = at;
                for (int i = 0; i < 8; i++) {
                    out.write((int) (active >>> (8 * i)));
                }
                long owned = r.readLength();
                for (long p = 0; p < owned; p++) {
                    r.readBytes(16, r.offset());
                }
            }
        }
        out.write(value, copied, value.length - copied);
        out.writeBytes(new byte[] {(byte) 0xff, 0, 0, 0, 0, 0, 0, 0, 0});
        return out.toByteArray();
    }

    /** A module value has no element events: its serialized bytes are compared. */
    @Test
    void moduleValuesCompareByTheirSerializedBytes() throws Exception {
        Path ab = tmp.resolve("ab.rdb");
        Path ab2 = tmp.resolve("ab2.rdb");
        Path ac = tmp.resolve("ac.rdb");
        Files.write(ab, moduleFile('b'));
        Files.write(ab2, moduleFile('b'));
        Files.write(ac, moduleFile('c'));
        RdbDiffTest.Run run = run("diff", ab.toString(), ab2.toString(), "--json");
        assertEquals(0, run.code(), run.out() + run.err());
        assertEquals(1, json(run).get("same").asLong());
        run = run("diff", ab.toString(), ac.toString(), "--json");
        assertEquals(3, run.code(), run.out() + run.err());
        assertEquals("module: different content",
                json(run).get("different_value").get("samples").get(0).get("detail").asText());
    }

    /** An RDB 10 file of one MODULE_2 value "m": module id, UINT 5, STRING "a" + {@code last}, EOF. */
    private static byte[] moduleFile(char last) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("REDIS0010".getBytes(UTF_8));
        for (int b : new int[] {7, 1, 'm', 0x81, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 2, 5, 5, 2, 'a', last, 0,
                0xff, 0, 0, 0, 0, 0, 0, 0, 0}) {
            out.write(b);
        }
        return out.toByteArray();
    }

    private static String firstPending(RealRedis r) throws Exception {
        return r.call("XPENDING", "bigstream", "g1", "-", "+", "1").split("\n")[0];
    }

    /** A stream with deletions, groups, pending entries and an idle consumer; an emptied stream with a group. */
    private static void fillStreams(RealRedis r) throws Exception {
        for (int i = 0; i < 300; i++) {
            r.call("XADD", "bigstream", "*", "n", Integer.toString(i), "pad", "y".repeat(i % 7));
        }
        r.call("XDEL", "bigstream", r.call("XRANGE", "bigstream", "-", "+", "COUNT", "1").split("\n")[0]);
        r.call("XGROUP", "CREATE", "bigstream", "g1", "0");
        r.call("XGROUP", "CREATE", "bigstream", "g2", "$");
        r.call("XREADGROUP", "GROUP", "g1", "c1", "COUNT", "100", "STREAMS", "bigstream", ">");
        r.call("XREADGROUP", "GROUP", "g1", "c2", "COUNT", "20", "STREAMS", "bigstream", ">");
        r.call("XGROUP", "CREATECONSUMER", "bigstream", "g2", "idle");
        r.call("XADD", "empty-stream", "MAXLEN", "0", "*", "a", "b");
        r.call("XGROUP", "CREATE", "empty-stream", "g", "$");
    }

    static Map<String, String> digests(RealRedis r) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (String k : r.call("KEYS", "*").split("\n")) {
            if (!k.isEmpty()) {
                out.put(k, r.call("DEBUG", "DIGEST-VALUE", k));
            }
        }
        return out;
    }

    @Test
    void everyTypeAndEncodingGoesAsItsRawRecordWithTheSameDigest() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path dump = tmp.resolve("dump.rdb");
        String digest;
        Map<String, String> values;
        try (RealRedis r = RealRedis.startOrSkip(src)) {
            r.fillAllTypes();
            fillStreams(r);
            r.call("CONFIG", "SET", "hash-max-listpack-entries", "0");
            r.call("HSET", "hashtable-hash", "f", "v");
            r.call("CONFIG", "SET", "zset-max-listpack-entries", "0");
            r.call("ZADD", "skiplist-zset", "1", "a", "2", "b");
            digest = r.call("DEBUG", "DIGEST");
            values = digests(r);
            Files.copy(r.save(), dump);
        }
        // the same data in RDB 9's encodings (ziplists, quicklist, stream type 15): raw records Redis 7.0 loads too
        Path v9 = tmp.resolve("v9.rdb");
        RdbDiffTest.Run convert = run("convert", dump.toString(), "--to", "rdb", "--rdb-version", "9", "--out",
                v9.toString());
        assertEquals(3, convert.code(), convert.out() + convert.err());
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        try (RealRedis t = RealRedis.startOrSkip(dst)) {
            String target = "127.0.0.1:" + t.port();
            RdbDiffTest.Run run = run("restore", dump.toString(), "--to", target, "--json");
            assertEquals(0, run.code(), run.out() + run.err());
            JsonNode rep = json(run);
            assertEquals(rep.get("keys_sent").asLong(), rep.get("sent_raw").asLong(), run.out());
            assertEquals(digest, t.call("DEBUG", "DIGEST"));

            t.call("FLUSHALL");
            run = run("restore", v9.toString(), "--to", target, "--json");
            assertEquals(0, run.code(), run.out() + run.err());
            rep = json(run);
            assertEquals(rep.get("keys_sent").asLong(), rep.get("sent_raw").asLong(), run.out());
            Map<String, String> back = digests(t);
            assertEquals(values.keySet(), back.keySet());
            for (String k : values.keySet()) {
                if (!k.contains("stream")) {
                    // a type 15 stream lacks Redis 7.0's counters: compared by diff below instead
                    assertEquals(values.get(k), back.get(k), k);
                }
            }
            assertEquals(0, run("diff", v9.toString(), "redis://" + target).code());
        }
    }

    /** Zipmaps, ziplists, quicklists of older files: Redis 7.0 loads their records as stored, converting them itself. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"redis-2.4-v4.rdb", "redis-2.8-v6.rdb", "redis-3.2-v7.rdb",
            "redis-4.0-v8.rdb", "redis-6.2-v9.rdb"})
    void olderEncodingsGoAsTheirRawRecords(String fixture) throws Exception {
        Path file = Path.of(getClass().getResource("/rdb/" + fixture).toURI());
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        try (RealRedis t = RealRedis.startOrSkip(dst)) {
            String target = "127.0.0.1:" + t.port();
            RdbDiffTest.Run run = run("restore", file.toString(), "--to", target, "--json");
            assertEquals(0, run.code(), run.out() + run.err());
            JsonNode rep = json(run);
            assertTrue(rep.get("keys_sent").asLong() > 0, run.out());
            assertEquals(rep.get("keys_sent").asLong(), rep.get("sent_raw").asLong(), run.out());
            assertEquals(0, run("diff", file.toString(), "redis://" + target).code());
        }
    }

    @Test
    void aValueOfRdb11ThatRedis70CannotLoadIsDecodedAndSerializedAnew() throws Exception {
        Path v11 = Path.of(getClass().getResource("/rdb/redis-7.2-v11.rdb").toURI());
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        try (RealRedis t = RealRedis.startOrSkip(dst)) {
            String target = "127.0.0.1:" + t.port();
            RdbDiffTest.Run run = run("restore", v11.toString(), "--to", target, "--json");
            assertEquals(0, run.code(), run.out() + run.err());
            JsonNode rep = json(run);
            assertEquals(0, rep.get("sent_raw").asLong(), run.out());
            assertTrue(rep.get("keys_sent").asLong() > 0, run.out());
            assertEquals(0, run("diff", v11.toString(), "redis://" + target).code());
        }
    }

    /** RDB 12 hashes with field TTLs into Redis 7.0: through the engine, or as commands; expired fields dropped. */
    @Test
    void hashesWithFieldTtlsGoThroughTheEngineOrAsCommands() throws Exception {
        Path v12 = Path.of(getClass().getResource("/rdb/redis-7.4-v12.rdb").toURI());
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        try (RealRedis t = RealRedis.startOrSkip(dst)) {
            String target = "127.0.0.1:" + t.port();
            for (String max : new String[] {"64m", "1"}) {
                t.call("FLUSHALL");
                RdbDiffTest.Run run = run("restore", v12.toString(), "--to", target, "--json", "--max-restore-bytes", max);
                assertEquals(0, run.code(), run.out() + run.err());
                assertTrue(json(run).get("count_ok").asBoolean(), run.out());
                assertEquals(0, run("diff", v12.toString(), "redis://" + target).code(), max);
            }
        }
    }

    @Test
    void millionElementValuesOverTheLimitGoAsCommandsWithTheSameDigest() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path dump = tmp.resolve("dump.rdb");
        Map<String, String> values;
        try (RealRedis r = RealRedis.startOrSkip(src)) {
            fillBig(r, "list", "biglist", 1_000_000);
            fillBig(r, "hash", "bighash", 1_000_000);
            r.call("PEXPIREAT", "bighash", "4102444800000");
            values = digests(r);
            Files.copy(r.save(), dump);
        }
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        try (RealRedis t = RealRedis.startOrSkip(dst)) {
            String target = "127.0.0.1:" + t.port();
            RdbDiffTest.Run run = run("restore", dump.toString(), "--to", target, "--json", "--max-restore-bytes",
                    "1048576");
            assertEquals(0, run.code(), run.out() + run.err());
            JsonNode rep = json(run);
            assertEquals(2, rep.get("sent_as_commands").asLong(), run.out());
            assertTrue(rep.get("count_ok").asBoolean(), run.out());
            assertEquals(values, digests(t));
            assertEquals(":4102444800000", t.call("PEXPIRETIME", "bighash"));
        }
    }
}
