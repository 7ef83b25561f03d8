// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cinnabar.core.rdb.Crc64;
import dev.cinnabar.core.rdb.ListpackWriter;
import dev.cinnabar.core.rdb.Rdb;
import dev.cinnabar.core.rdb.RdbReader;
import dev.cinnabar.core.rdb.RdbWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rdb convert --to rdb --rdb-version N} re-encodes a value from its stored bytes, element by element
 * ({@link ValueReencoder}), never through the engine's decoded value: a list of many quicklist nodes, some of them
 * plain (one big element each), and the 7.2 layouts (set listpack, stream with consumers' active time) come out
 * as an older version holds them, and load in redis-server 7.0 with the source's content.
 */
class ReencodeFromRecordsTest {
    @TempDir
    Path tmp;

    private static int convert(Path in, Path out, int version, Map<String, Object> json) throws Exception {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        CommandLine cl = new CommandLine(new RdbCommand());
        cl.setOut(new PrintWriter(stdout));
        cl.setErr(new PrintWriter(stderr));
        int exit = cl.execute("convert", in.toString(), "--to", "rdb", "--rdb-version", Integer.toString(version),
                "--out", out.toString(), "--json");
        assertTrue(stdout.toString().startsWith("{"), stdout + "" + stderr);
        json.putAll(new ObjectMapper().readValue(stdout.toString(), Map.class));
        return exit;
    }

    private RealRedis load(Path file, String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.copy(file, dir.resolve("dump.rdb"));
        return RealRedis.startOrSkip(dir);
    }

    @Test
    void aListOfManyNodesSomePlainBecomesAPlainListWithEveryItemInOrder() throws Exception {
        Path source;
        String digest;
        try (RealRedis redis = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("source")))) {
            // elements of 300 bytes and more get a plain node of their own (7.0's packed threshold)
            assertEquals("+OK", redis.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "300"));
            StringBuilder commands = new StringBuilder();
            for (int i = 0; i < 30_000; i++) {
                String item = i % 1000 == 0 ? "big-" + i + "-" + "x".repeat(400) : "item-" + i;
                commands.append("RPUSH list ").append(item).append("\r\n");
            }
            redis.pipe(commands.toString().getBytes(UTF_8));
            assertEquals(":30000", redis.call("LLEN", "list"));
            source = redis.save();
            digest = redis.call("DEBUG", "DIGEST-VALUE", "list");
        }
        for (int version : new int[] {9, 7}) {
            Map<String, Object> json = new java.util.TreeMap<>();
            Path out = tmp.resolve("v" + version + ".rdb");
            assertEquals(0, convert(source, out, version, json));
            assertEquals(Map.of("18->1", 1), json.get("reencoded"));
            assertTrue(RdbChecker.check(out, RdbVisitor.NONE).ok());
            try (RealRedis redis = load(out, "l" + version)) {
                assertEquals(":30000", redis.call("LLEN", "list"));
                assertEquals(digest, redis.call("DEBUG", "DIGEST-VALUE", "list"));
            }
        }
    }

    @Test
    void redis72LayoutsBecomeWhatRedis70And6xHold() throws Exception {
        Path source;
        String streamDigest;
        String consumers;
        try (RealRedis redis = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("source")))) {
            redis.call("XADD", "stream", "1-1", "f", "v");
            redis.call("XADD", "stream", "2-1", "g", "w");
            redis.call("XGROUP", "CREATE", "stream", "grp", "0");
            redis.call("XREADGROUP", "GROUP", "grp", "alice", "COUNT", "1", "STREAMS", "stream", ">");
            redis.call("XGROUP", "CREATECONSUMER", "stream", "grp", "bob");
            redis.call("SADD", "lpset", "a", "b", "7");
            source = redis.save();
            streamDigest = redis.call("DEBUG", "DIGEST-VALUE", "stream");
            consumers = redis.call("XINFO", "CONSUMERS", "stream", "grp");
        }
        // the same data as Redis 7.2 writes it: the set as a listpack (20), the stream with active times (21)
        Path v11 = tmp.resolve("v11.rdb");
        Files.write(v11, asRedis72(Files.readAllBytes(source)));
        assertTrue(RdbChecker.check(v11, RdbVisitor.NONE).ok());

        Map<String, Object> json = new java.util.TreeMap<>();
        Path v10 = tmp.resolve("v10.rdb");
        assertEquals(3, convert(v11, v10, 10, json));
        assertEquals(Map.of("20->2", 1, "21->19", 1), json.get("reencoded"));
        List<?> changed = (List<?>) json.get("values_changed");
        assertEquals(1, changed.size(), changed.toString());
        assertEquals(2, ((Map<?, ?>) changed.get(0)).get("consumers"));
        try (RealRedis redis = load(v10, "l10")) {
            assertEquals(streamDigest, redis.call("DEBUG", "DIGEST-VALUE", "stream"));
            assertEquals(consumers.replaceAll("idle\n:\\d+", ""), redis.call("XINFO", "CONSUMERS", "stream", "grp")
                    .replaceAll("idle\n:\\d+", ""));
            assertEquals("a\nb\n7", String.join("\n", sorted(redis.call("SMEMBERS", "lpset"))));
        }

        json.clear();
        Path v9 = tmp.resolve("v9.rdb");
        assertEquals(3, convert(v11, v9, 9, json));
        assertEquals(Map.of("20->2", 1, "21->15", 1), json.get("reencoded"));
        try (RealRedis redis = load(v9, "l9")) {
            assertEquals(streamDigest, redis.call("DEBUG", "DIGEST-VALUE", "stream"));
            assertEquals("a\nb\n7", String.join("\n", sorted(redis.call("SMEMBERS", "lpset"))));
        }
    }

    private static List<String> sorted(String lines) {
        String[] items = lines.split("\n");
        Arrays.sort(items, (a, b) -> a.equals("7") ? 1 : b.equals("7") ? -1 : a.compareTo(b));
        return List.of(items);
    }

    /**
     * A Redis 7.0 dump rewritten as Redis 7.2 writes the same data: header REDIS0011, each set as a listpack of
     * its members (type 20) and each stream as type 21 (a consumer's active time after its seen time; here the
     * seen time again). Everything else is copied as it is, and a new checksum ends the file.
     */
    static byte[] asRedis72(byte[] dump) throws Exception {
        Path file = Files.createTempFile("v10", ".rdb");
        Files.write(file, dump);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RdbWriter out = new RdbWriter(bytes, false);
        out.writeRaw("REDIS0011".getBytes(UTF_8));
        long[] copied = {9};
        RdbChecker.check(file, new RdbVisitor() {
            @Override
            public void keyRecord(long start, long end) {
                out.writeRaw(Arrays.copyOfRange(dump, (int) copied[0], (int) start));
                RdbReader in = new RdbReader(new ByteArrayInputStream(dump, (int) start, (int) (end - start)), 10);
                int type = in.readByte();
                byte[] key = in.readString();
                if (type == Rdb.TYPE_SET) {
                    out.writeByte(Rdb.TYPE_SET_LISTPACK);
                    out.writeString(key);
                    out.writeString(setListpack(in));
                } else if (type == Rdb.TYPE_STREAM_LISTPACKS_2) {
                    out.writeByte(Rdb.TYPE_STREAM_LISTPACKS_3);
                    out.writeString(key);
                    streamWithActiveTimes(in, out);
                } else {
                    out.writeRaw(Arrays.copyOfRange(dump, (int) start, (int) end));
                }
                copied[0] = end;
            }
        });
        // the rest: EOF opcode; then the checksum of everything before it
        out.writeRaw(Arrays.copyOfRange(dump, (int) copied[0], dump.length - 8));
        out.flush();
        byte[] body = bytes.toByteArray();
        long crc = Crc64.update(0, body, 0, body.length);
        byte[] whole = Arrays.copyOf(body, body.length + 8);
        for (int i = 0; i < 8; i++) {
            whole[body.length + i] = (byte) (crc >>> (8 * i));
        }
        return whole;
    }

    private static byte[] setListpack(RdbReader in) {
        ListpackWriter lp = new ListpackWriter();
        long n = in.readLength();
        for (long i = 0; i < n; i++) {
            lp.append(in.readString());
        }
        return lp.toBytes();
    }

    private static void streamWithActiveTimes(RdbReader in, RdbWriter out) {
        long nodes = in.readLength();
        out.writeLength(nodes);
        for (long i = 0; i < 2 * nodes; i++) {
            out.writeString(in.readString());
        }
        for (int i = 0; i < 8; i++) {
            out.writeLength(in.readLength());
        }
        long groups = in.readLength();
        out.writeLength(groups);
        for (long g = 0; g < groups; g++) {
            out.writeString(in.readString());
            for (int i = 0; i < 3; i++) {
                out.writeLength(in.readLength());
            }
            long pel = in.readLength();
            out.writeLength(pel);
            for (long p = 0; p < pel; p++) {
                out.writeRaw(in.readBytes(16, 0));
                out.writeLittleEndian(in.readLittleEndian(8), 8);
                out.writeLength(in.readLength());
            }
            long consumers = in.readLength();
            out.writeLength(consumers);
            for (long c = 0; c < consumers; c++) {
                out.writeString(in.readString());
                long seen = in.readLittleEndian(8);
                out.writeLittleEndian(seen, 8);
                out.writeLittleEndian(seen, 8);
                long owned = in.readLength();
                out.writeLength(owned);
                for (long p = 0; p < owned; p++) {
                    out.writeRaw(in.readBytes(16, 0));
                }
            }
        }
    }
}
