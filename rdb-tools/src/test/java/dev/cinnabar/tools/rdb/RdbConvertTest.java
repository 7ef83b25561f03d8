// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RdbConvertTest {
    @TempDir
    Path tmp;

    /** A real dump with every type and encoding, plus awkward scores. */
    private Path realDump(RealRedis redis) throws Exception {
        redis.fillAllTypes();
        redis.call("ZADD", "zodd", "inf", "a", "-inf", "b", "0.1", "c", "1e300", "d", "-0.000123", "e");
        redis.call("SET", "expiring", "v", "PX", "86400000");
        return redis.save();
    }

    private static byte[] convert(Path file, String to) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbConverter c = to.equals("resp") ? new RdbRespWriter(out) : new RdbJsonWriter(out, to.equals("jsonl"));
        RdbCheckReport r = RdbChecker.check(file, c);
        c.finish();
        assertTrue(r.ok(), () -> String.valueOf(r.failure()));
        return out.toByteArray();
    }

    private static List<String> keys(RealRedis redis) throws Exception {
        List<String> keys = new ArrayList<>(List.of(redis.call("KEYS", "*").split("\n")));
        keys.removeIf(String::isEmpty);
        keys.sort(null);
        return keys;
    }

    @Test
    void respPipedIntoAFreshRedisGivesTheSameValues() throws Exception {
        Path dump;
        Map<String, String> digests = new HashMap<>();
        List<String> keys0;
        try (RealRedis original = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("a")))) {
            dump = realDump(original);
            keys0 = keys(original);
            for (String k : keys0) {
                digests.put("0/" + k, original.call("DEBUG", "DIGEST-VALUE", k));
            }
            original.call("SELECT", "5");
            digests.put("5/db5", original.call("DEBUG", "DIGEST-VALUE", "db5"));
        }
        byte[] resp = convert(dump, "resp");
        try (RealRedis fresh = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("b")))) {
            assertEquals(List.of(), fresh.pipe(resp));
            fresh.call("SELECT", "0");
            assertEquals(keys0, keys(fresh));
            for (String k : keys0) {
                assertEquals(digests.get("0/" + k), fresh.call("DEBUG", "DIGEST-VALUE", k), k);
            }
            long pttl = Long.parseLong(fresh.call("PTTL", "expiring").substring(1));
            assertTrue(pttl > 86_000_000 && pttl <= 86_400_000, "pttl " + pttl);
            fresh.call("SELECT", "5");
            assertEquals(digests.get("5/db5"), fresh.call("DEBUG", "DIGEST-VALUE", "db5"));
        }
        assertTrue(new String(resp, UTF_8).contains("*2\r\n$6\r\nSELECT\r\n$1\r\n5\r\n"));
    }

    @Test
    void jsonLinesParseToTheExpectedValues() throws Exception {
        Path dump;
        try (RealRedis redis = RealRedis.startOrSkip(tmp)) {
            dump = realDump(redis);
        }
        Map<String, Map<?, ?>> byKey = new HashMap<>();
        ObjectMapper mapper = new ObjectMapper();
        for (String line : new String(convert(dump, "jsonl"), UTF_8).split("\n")) {
            Map<?, ?> m = mapper.readValue(line, Map.class);
            byKey.put(m.get("db") + "/" + m.get("key"), m);
        }
        assertEquals("hello", byKey.get("0/str").get("value"));
        assertEquals("-123456", byKey.get("0/int").get("value"));
        assertEquals("a".repeat(20_000), byKey.get("0/compressible").get("value"));
        assertEquals(List.of("a", "b", "1", "2"), byKey.get("0/list").get("value"));
        assertEquals(400, ((List<?>) byKey.get("0/biglist").get("value")).size());
        assertEquals("element-399-" + "x".repeat(40), ((List<?>) byKey.get("0/biglist").get("value")).get(399));
        assertEquals(List.of("1", "2", "3", "-7").stream().sorted().toList(),
                ((List<?>) byKey.get("0/intset").get("value")).stream().map(Object::toString).sorted().toList());
        assertEquals(List.of(List.of("f", "v"), List.of("g", "1")), byKey.get("0/hash").get("value"));
        assertEquals(600, ((List<?>) byKey.get("0/bighash").get("value")).size());
        assertEquals(List.of(List.of("b", -2.0), List.of("a", 1.5)), byKey.get("0/zset").get("value"));
        assertTrue(((List<?>) byKey.get("0/zodd").get("value")).contains(List.of("a", "inf")));
        assertEquals("stream", byKey.get("0/stream").get("type"));
        assertEquals(2, ((List<?>) ((Map<?, ?>) byKey.get("0/stream").get("value")).get("entries")).size());
        assertEquals("x", byKey.get("5/db5").get("value"));
        assertTrue(((Number) byKey.get("0/ttl").get("expire_at_ms")).longValue() > System.currentTimeMillis());
        assertEquals(null, byKey.get("0/str").get("expire_at_ms"));
        List<?> array = mapper.readValue(convert(dump, "json"), List.class);
        assertEquals(byKey.size(), array.size());
    }

    @Test
    void invalidUtf8IsBase64() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbJsonWriter w = new RdbJsonWriter(out, true);
        w.beginKey(0, new byte[] {(byte) 0xff, 'k'}, dev.cinnabar.core.rdb.Rdb.TYPE_STRING, -1);
        w.string(new byte[] {'o', 'k'});
        w.key(0, new byte[] {(byte) 0xff, 'k'}, dev.cinnabar.core.rdb.Rdb.TYPE_STRING, -1, 1, 10);
        w.finish();
        Map<?, ?> m = new ObjectMapper().readValue(out.toByteArray(), Map.class);
        assertEquals(Map.of("base64", "/2s="), m.get("key"));
        assertEquals("ok", m.get("value"));
    }

    @Test
    void theCommandWritesToAFileAndRejectsUnknownFormats() throws Exception {
        Path dump;
        try (RealRedis redis = RealRedis.startOrSkip(tmp)) {
            dump = realDump(redis);
        }
        Path outFile = tmp.resolve("out.jsonl");
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new RdbCommand());
        cl.setErr(new PrintWriter(err));
        assertEquals(0, cl.execute("convert", dump.toString(), "--to", "jsonl", "--out", outFile.toString()));
        assertFalse(err.toString().contains("skipped"), err.toString());
        assertTrue(Files.readAllLines(outFile).size() > 15);
        assertEquals(2, cl.execute("convert", dump.toString(), "--to", "csv"));
    }

    /**
     * A module value (MODULE_2) has no plain-command form without its module: it becomes a RESTORE of its stored
     * bytes (with ABSTTL for an expiry), which a server with the module loads, instead of being skipped.
     */
    @Test
    void aModuleValueBecomesARestoreOfItsStoredBytes() throws Exception {
        byte[] value = {(byte) 0x81, 0x12, 0x34, 0x56, 0x78, (byte) 0x9a, (byte) 0xbc, (byte) 0xde, (byte) 0xf0,
                2, 5, 5, 2, 'a', 'b', 0};
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        records.writeBytes(new byte[] {(byte) 0xfc, 0, (byte) 0xc4, (byte) 0x97, (byte) 0xbc, (byte) 0xae, 1, 0, 0});
        records.writeBytes(new byte[] {7, 1, 'm'});
        records.writeBytes(value);
        records.writeBytes(new byte[] {0, 1, 's', 1, 'v'});
        Path file = tmp.resolve("module.rdb");
        Files.write(file, RdbCheckerTest.file(records.toByteArray()));
        Path out = tmp.resolve("module.resp");
        RdbDiffTest.Run run = RdbDiffTest.run("convert", file.toString(), "--to", "resp", "--out", out.toString());
        assertEquals(ExitCodes.OK, run.code(), run.err());
        assertEquals("converted 2 keys", run.err().strip());

        List<List<byte[]>> commands = commands(Files.readAllBytes(out));
        List<byte[]> restore = commands.get(1);
        assertEquals("RESTORE m 1850000000000", new String(restore.get(0), UTF_8) + " "
                + new String(restore.get(1), UTF_8) + " " + new String(restore.get(2), UTF_8));
        assertEquals("ABSTTL", new String(restore.get(4), UTF_8));
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.write(7);
        payload.writeBytes(value);
        payload.writeBytes(new byte[] {10, 0});
        long crc = dev.cinnabar.core.rdb.Crc64.of(payload.toByteArray());
        for (int i = 0; i < 8; i++) {
            payload.write((int) (crc >>> (8 * i)));
        }
        assertArrayEquals(payload.toByteArray(), restore.get(3), "type, stored bytes, RDB 10, CRC-64");
        assertEquals("SET s v", String.join(" ", commands.get(2).stream().map(b -> new String(b, UTF_8)).toList()));
    }

    /** The commands of a RESP stream of arrays of bulk strings, as redis-cli --pipe reads them. */
    private static List<List<byte[]>> commands(byte[] resp) {
        List<List<byte[]>> commands = new ArrayList<>();
        int[] at = {0};
        while (at[0] < resp.length) {
            int n = Integer.parseInt(line(resp, at).substring(1));
            List<byte[]> args = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int length = Integer.parseInt(line(resp, at).substring(1));
                args.add(java.util.Arrays.copyOfRange(resp, at[0], at[0] + length));
                at[0] += length + 2;
            }
            commands.add(args);
        }
        return commands;
    }

    private static String line(byte[] resp, int[] at) {
        int start = at[0];
        while (resp[at[0]] != '\r') {
            at[0]++;
        }
        at[0] += 2;
        return new String(resp, start, at[0] - 2 - start, UTF_8);
    }
}
