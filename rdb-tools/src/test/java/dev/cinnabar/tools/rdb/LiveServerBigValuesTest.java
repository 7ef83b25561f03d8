// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.cinnabar.tools.rdb.RdbDiffTest.run;
import static dev.cinnabar.tools.rdb.ScriptedServer.bulk;
import static dev.cinnabar.tools.rdb.ScriptedServer.raw;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live side of {@code rdb diff} with DUMP payloads over the spill threshold (lowered here to 4 KB), walked from
 * temporary files that are always removed; and {@code rdb restore} of values Redis 7.0 cannot load as stored (RDB
 * 11 set listpacks and type 21 streams, RDB 12 hashes with field TTLs), re-encoded from their stored bytes and
 * compared with Redis's DEBUG DIGEST-VALUE of the same data converted by {@code rdb convert --rdb-version 10}.
 */
class LiveServerBigValuesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SPILL = 4096;

    @TempDir
    Path tmp;
    private long savedSpill;

    @BeforeEach
    void lowerTheSpillThreshold() {
        savedSpill = KeySource.Live.spillBytes;
        KeySource.Live.spillBytes = SPILL;
    }

    @AfterEach
    void restoreTheSpillThreshold() {
        KeySource.Live.spillBytes = savedSpill;
    }

    private static JsonNode json(RdbDiffTest.Run run) throws Exception {
        return JSON.readTree(run.out());
    }

    private static List<Path> filesIn(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    /** {@code n} elements of {@code type} in {@code key}, made by a server-side loop. */
    private static void fill(RealRedis r, String type, String key, int n) throws Exception {
        String add = switch (type) {
            case "list" -> "redis.call('RPUSH', KEYS[1], 'item-' .. i)";
            case "set" -> "redis.call('SADD', KEYS[1], 'member-' .. i)";
            case "hash" -> "redis.call('HSET', KEYS[1], 'field-' .. i, 'value-' .. i)";
            case "zset" -> "redis.call('ZADD', KEYS[1], i + 0.25, 'm-' .. i)";
            default -> "redis.call('XADD', KEYS[1], '*', 'n', i, 'pad', string.rep('y', i % 7))";
        };
        r.call("EVAL", "for i = 1, tonumber(ARGV[1]) do " + add + " end return 1", "1", key, Integer.toString(n));
    }

    /** A string that LZF does not shrink below the threshold. */
    private static String incompressible(int n) {
        StringBuilder sb = new StringBuilder();
        long x = 1;
        while (sb.length() < n) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            sb.append(Long.toString(x >>> 1, 36));
        }
        return sb.substring(0, n);
    }

    @Test
    void payloadsOverTheThresholdAreWalkedFromTemporaryFilesThatGoAway() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("r"));
        Path spill = Files.createDirectories(tmp.resolve("spill"));
        try (RealRedis r = RealRedis.startOrSkip(dir)) {
            for (String type : new String[] {"list", "set", "hash", "zset", "stream"}) {
                fill(r, type, "big-" + type, 20_000);
            }
            r.call("XGROUP", "CREATE", "big-stream", "g", "0");
            r.call("XREADGROUP", "GROUP", "g", "c", "COUNT", "50", "STREAMS", "big-stream", ">");
            r.call("SET", "big-string", incompressible(50_000));
            r.call("PEXPIREAT", "big-hash", "4102444800000");
            r.fillAllTypes();
            Path a = Files.copy(r.save(), tmp.resolve("a.rdb"));
            String live = "redis://127.0.0.1:" + r.port();

            RdbDiffTest.Run run = run("diff", a.toString(), live, "--json", "--temp-dir", spill.toString());
            assertEquals(0, run.code(), run.out() + run.err());
            assertEquals(json(run).get("keys_a").asLong(), json(run).get("same").asLong(), run.out());
            assertEquals(List.of(), filesIn(spill));
            // proof that the big payloads went through --temp-dir: without it they cannot be read, unless the
            // threshold is above them
            Path missing = tmp.resolve("missing");
            run = run("diff", a.toString(), live, "--temp-dir", missing.toString());
            assertEquals(2, run.code(), run.out() + run.err());
            assertTrue(run.err().contains(missing.toString()), run.err());
            KeySource.Live.spillBytes = 1 << 30;
            assertEquals(0, run("diff", a.toString(), live, "--temp-dir", missing.toString()).code());
            KeySource.Live.spillBytes = SPILL;

            r.call("HSET", "big-hash", "field-12345", "changed");
            r.call("LSET", "big-list", "19999", "changed");
            r.call("ZADD", "big-zset", "0.5", "m-7");
            r.call("SETRANGE", "big-string", "49999", "!");
            r.call("PEXPIREAT", "big-set", "4102444800000");
            run = run("diff", a.toString(), live, "--json", "--temp-dir", spill.toString());
            assertEquals(3, run.code(), run.out() + run.err());
            JsonNode d = json(run);
            List<String> changed = new ArrayList<>();
            d.get("different_value").get("samples").forEach(s -> changed.add(s.get("key").asText()));
            assertEquals(List.of("\"big-hash\"", "\"big-list\"", "\"big-string\"", "\"big-zset\""), changed);
            assertEquals("\"big-set\"", d.get("different_ttl").get("samples").get(0).get("key").asText());
            assertEquals(List.of(), filesIn(spill));
        }
    }

    /** The DUMP payload of each key of a real Redis. */
    private static Map<String, byte[]> dumps(RealRedis r, String... keys) throws Exception {
        Map<String, byte[]> out = new java.util.HashMap<>();
        try (RespConnection c = RespConnection.open("127.0.0.1:" + r.port(), 10)) {
            for (String k : keys) {
                out.put(k, (byte[]) c.call("DUMP", k));
            }
        }
        return out;
    }

    /** A key deleted after SCAN listed it (before PTTL, or between PTTL and DUMP) is skipped, not an error. */
    @Test
    void aKeyThatVanishesBetweenScanAndDumpIsSkipped() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("r"));
        Path spill = Files.createDirectories(tmp.resolve("spill"));
        Path a;
        Map<String, byte[]> payloads;
        try (RealRedis r = RealRedis.startOrSkip(dir)) {
            fill(r, "hash", "big", 5_000);
            r.call("SET", "small", "v");
            a = Files.copy(r.save(), tmp.resolve("a.rdb"));
            payloads = dumps(r, "big", "small");
        }
        assertTrue(payloads.get("big").length > SPILL);
        try (ScriptedServer s = new ScriptedServer(cmd -> switch (cmd.get(0)) {
            case "INFO" -> bulk("# Keyspace\r\ndb0:keys=4,expires=0,avg_ttl=0\r\n");
            case "SELECT" -> raw("+OK\r\n");
            case "SCAN" -> raw("*2\r\n$1\r\n0\r\n*4\r\n$4\r\ngone\r\n$3\r\nbig\r\n$7\r\nvanishd\r\n$5\r\nsmall\r\n");
            case "PTTL" -> raw(cmd.get(1).equals("gone") ? ":-2\r\n" : ":-1\r\n");
            case "DUMP" -> payloads.containsKey(cmd.get(1)) ? bulk(payloads.get(cmd.get(1))) : raw("$-1\r\n");
            default -> raw("-ERR unexpected\r\n");
        })) {
            RdbDiffTest.Run run = run("diff", a.toString(), s.url(), "--json", "--temp-dir", spill.toString());
            assertEquals(0, run.code(), run.out() + run.err());
            assertEquals(2, json(run).get("keys_b").asLong(), run.out());
            assertEquals(2, json(run).get("same").asLong(), run.out());
        }
        assertEquals(List.of(), filesIn(spill));
    }

    @Test
    void aConnectionClosedInTheMiddleOfABigPayloadIsAClearErrorAndLeavesNoFile() throws Exception {
        Path a = tmp.resolve("a.rdb");
        Files.write(a, OldVersionsCheckTest.resource("redis-7.0.15-strings.rdb"));
        Path spill = Files.createDirectories(tmp.resolve("spill"));
        byte[] partial = new byte[30_000];
        try (ScriptedServer s = new ScriptedServer(cmd -> switch (cmd.get(0)) {
            case "INFO" -> bulk("db0:keys=1,expires=0,avg_ttl=0\r\n");
            case "SELECT" -> raw("+OK\r\n");
            case "SCAN" -> raw("*2\r\n$1\r\n0\r\n*1\r\n$3\r\nbig\r\n");
            case "PTTL" -> raw(":-1\r\n");
            case "DUMP" -> {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                b.writeBytes(raw("$100000\r\n"));
                b.writeBytes(partial);
                yield b.toByteArray();
            }
            default -> raw("-ERR unexpected\r\n");
        }, cmd -> cmd.get(0).equals("DUMP"))) {
            RdbDiffTest.Run run = run("diff", a.toString(), s.url(), "--temp-dir", spill.toString());
            assertEquals(2, run.code(), run.out() + run.err());
            assertTrue(run.err().contains("closed the connection after 30000 bytes of a 100000-byte bulk reply"),
                    run.err());
        }
        assertEquals(List.of(), filesIn(spill));
    }

    /**
     * The reply reader hands big bulk replies over as files and reads the pipelined replies after them as usual:
     * small bulks, integers, errors, arrays (whose elements are never spilled), then a later call.
     */
    @Test
    void bigBulkRepliesGoToFilesWithoutDisturbingThePipeline() throws Exception {
        Path spill = Files.createDirectories(tmp.resolve("spill"));
        byte[] big1 = incompressible(10_000).getBytes(UTF_8);
        byte[] big2 = incompressible(5_001).getBytes(UTF_8);
        byte[] inArray = incompressible(6_000).getBytes(UTF_8);
        ByteArrayOutputStream replies = new ByteArrayOutputStream();
        replies.writeBytes(bulk("abc"));
        replies.writeBytes(bulk(big1));
        replies.writeBytes(raw(":42\r\n"));
        replies.writeBytes(raw("-ERR x\r\n"));
        replies.writeBytes(bulk(big2));
        replies.writeBytes(raw("*2\r\n"));
        replies.writeBytes(bulk("a"));
        replies.writeBytes(bulk(inArray));
        replies.writeBytes(raw("$-1\r\n"));
        int[] seen = {0};
        try (ScriptedServer s = new ScriptedServer(cmd -> cmd.get(0).equals("GO") ? replies.toByteArray()
                : cmd.get(0).equals("ECHO") ? bulk(cmd.get(1)) : new byte[0]);
             RespConnection c = RespConnection.open(s.url(), 10)) {
            List<byte[][]> commands = new ArrayList<>();
            commands.add(new byte[][] {raw("GO")});
            for (int i = 1; i < 7; i++) {
                commands.add(new byte[][] {raw("NOTHING")});
            }
            List<Object> got = new ArrayList<>();
            c.callAll(commands, new RespConnection.BulkSpill(4096, spill), (i, reply) -> {
                if (reply instanceof RespConnection.SpilledBulk b) {
                    assertEquals(b.length(), Files.size(b.file()));
                    got.add(Files.readAllBytes(b.file()));
                    seen[0]++;
                } else {
                    got.add(reply);
                }
            });
            assertEquals(2, seen[0]);
            assertArrayEquals(raw("abc"), (byte[]) got.get(0));
            assertArrayEquals(big1, (byte[]) got.get(1));
            assertEquals(42L, got.get(2));
            assertEquals(new RespConnection.RespError("ERR x"), got.get(3));
            assertArrayEquals(big2, (byte[]) got.get(4));
            List<?> array = (List<?>) got.get(5);
            assertArrayEquals(inArray, (byte[]) array.get(1));
            assertEquals(null, got.get(6));
            assertEquals(List.of(), filesIn(spill));
            assertArrayEquals(raw("after"), (byte[]) c.call("ECHO", "after"));

            // a handler that fails still has its file removed
            List<byte[][]> one = new ArrayList<>();
            one.add(new byte[][] {raw("ECHO"), big1});
            assertThrows(EOFException.class, () -> c.callAll(one, new RespConnection.BulkSpill(4096, spill),
                    (i, reply) -> {
                        throw new EOFException("handler failed");
                    }));
            assertEquals(List.of(), filesIn(spill));
        }
    }

    /** DEBUG DIGEST-VALUE of every key of a Redis 7.0 that loaded {@code file} at start. */
    private Map<String, String> loadedDigests(Path file, String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.copy(file, dir.resolve("dump.rdb"), StandardCopyOption.REPLACE_EXISTING);
        try (RealRedis r = RealRedis.startOrSkip(dir)) {
            return BigValueDiffRestoreTest.digests(r);
        }
    }

    /**
     * RDB 11 (set listpack, type 21 stream) and RDB 12 (hashes with field TTLs) values into Redis 7.0: re-encoded
     * from their stored bytes, as RESTORE payloads or, over --max-restore-bytes, as commands. Each key's DEBUG
     * DIGEST-VALUE equals that of the same file converted to RDB 10 and loaded; the field TTLs lost are reported as
     * convert reports them.
     */
    @Test
    void valuesRedis70CannotLoadAreReencodedFromTheirStoredBytes() throws Exception {
        Path built;
        try (RealRedis r = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("src")))) {
            for (int i = 1; i <= 50; i++) {
                r.call("XADD", "stream", i + "-1", "f", "v" + i);
            }
            r.call("XGROUP", "CREATE", "stream", "grp", "0");
            r.call("XREADGROUP", "GROUP", "grp", "alice", "COUNT", "3", "STREAMS", "stream", ">");
            r.call("SADD", "lpset", "a", "b", "7", "x".repeat(40));
            r.call("SET", "plain", "v");
            built = tmp.resolve("built-v11.rdb");
            Files.write(built, ReencodeFromRecordsTest.asRedis72(Files.readAllBytes(r.save())));
        }
        List<Path> files = new ArrayList<>(List.of(built));
        for (String fixture : new String[] {"redis-7.2-v11.rdb", "redis-7.4-v12.rdb"}) {
            Path f = tmp.resolve(fixture);
            Files.write(f, OldVersionsCheckTest.resource(fixture));
            files.add(f);
        }
        try (RealRedis t = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("dst")))) {
            String target = "127.0.0.1:" + t.port();
            for (Path file : files) {
                Path v10 = tmp.resolve(file.getFileName() + ".v10.rdb");
                RdbDiffTest.Run convert = run("convert", file.toString(), "--to", "rdb", "--rdb-version", "10",
                        "--out", v10.toString(), "--json");
                assertTrue(convert.code() == 0 || convert.code() == 3, convert.out() + convert.err());
                JsonNode converted = json(convert);
                Map<String, String> expected = loadedDigests(v10, file.getFileName() + ".loaded");
                for (String max : new String[] {"64m", "1"}) {
                    t.call("FLUSHALL");
                    RdbDiffTest.Run run = run("restore", file.toString(), "--to", target, "--json",
                            "--max-restore-bytes", max);
                    assertEquals(0, run.code(), run.out() + run.err());
                    JsonNode rep = json(run);
                    assertEquals(10, rep.get("target_rdb_version").asInt());
                    String what = file.getFileName() + " " + max + ": " + run.out();
                    if (max.equals("1")) {
                        assertEquals(rep.get("keys_sent").asLong(), rep.get("sent_as_commands").asLong(), what);
                    } else {
                        assertTrue(rep.get("sent_reencoded").asLong() > 0, what);
                        assertEquals(rep.get("keys_sent").asLong(), rep.get("sent_reencoded").asLong()
                                + rep.get("sent_raw").asLong(), what);
                    }
                    assertEquals(converted.get("field_ttls_dropped"), rep.get("field_ttls_dropped"), what);
                    assertEquals(expected, BigValueDiffRestoreTest.digests(t), what);
                }
            }
        }
        // the text report says what the target lost, as convert does
        try (RealRedis t = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("dst2")))) {
            RdbDiffTest.Run run = run("restore", files.get(2).toString(), "--to", "127.0.0.1:" + t.port());
            assertEquals(0, run.code(), run.out() + run.err());
            assertTrue(run.out().contains("DROPPED field TTLs: 8 hash fields in 6 keys"), run.out());
            run = run("restore", built.toString(), "--to", "127.0.0.1:" + t.port(), "--replace");
            assertTrue(run.out().contains("CHANGED db 0 \"stream\": consumers' active-time"), run.out());
        }
    }

    /** A payload read from a file is the record the same payload held in memory makes; a flipped byte is refused. */
    @Test
    void aPayloadFileReadsAsTheHeldPayloadAndABadChecksumIsRefused() throws Exception {
        byte[] value = {5, 'h', 'e', 'l', 'l', 'o'};
        byte[] payload = RawRestorePayload.of(0, new java.io.ByteArrayInputStream(value), value.length, 10);
        Path f = tmp.resolve("payload");
        Files.write(f, payload);
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f)) {
            assertArrayEquals(OneRecordRdb.fromDumpPayload(3, raw("k"), payload).readAllBytes(),
                    OneRecordRdb.fromDumpPayload(3, raw("k"), ch, payload.length).readAllBytes());
        }
        payload[3] ^= 1;
        Files.write(f, payload);
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f)) {
            dev.cinnabar.core.rdb.RdbFormatException e = assertThrows(dev.cinnabar.core.rdb.RdbFormatException.class,
                    () -> OneRecordRdb.fromDumpPayload(0, raw("k"), ch, payload.length));
            assertTrue(e.getMessage().contains("CRC64 mismatch"), e.getMessage());
        }
    }
}
