// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.persistence.KeyspaceImage;
import dev.cinnabar.core.rdb.RdbFileWriter;
import dev.cinnabar.core.rdb.RdbLoader;
import org.junit.jupiter.api.Test;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RDB files cross between a real redis-server 7.0 and Cinnabar in both directions: Redis SAVEs a dataset
 * that covers every core type in both of its encodings, TTLs, several databases, binary keys and empty
 * strings, Cinnabar's RdbLoader loads it; RdbFileWriter writes the same dataset from Cinnabar and
 * redis-server starts from that file. Either way every key must read back identically (TYPE, value,
 * OBJECT ENCODING, PEXPIRETIME).
 */
class RdbInteropIT {
    /** Far in the future (2100-01-01 plus some ms), so no key expires during the test. */
    private static final long FAR = 4102444800123L;

    /** The dataset, as commands each prefixed by the database to run them in. */
    private static List<Object[]> dataset() {
        List<Object[]> c = new ArrayList<>();
        add(c, 0, "SET", "str:int", "12345");
        add(c, 0, "SET", "str:negint", "-7");
        add(c, 0, "SET", "str:bigint", "-99999999999");
        add(c, 0, "SET", "str:short", "hello");
        add(c, 0, "SET", "str:long", "ab".repeat(5000));
        add(c, 0, "SET", "str:random", random(3000));
        add(c, 0, "SET", "str:empty", "");
        c.add(new Object[] {0, new byte[][] {b("SET"), {0, 'b', 'i', 'n', (byte) 0xff, '\r', '\n'},
                {(byte) 0xfe, 0, 1, 2}}});
        add(c, 0, "SET", "", "empty key");
        add(c, 0, "SET", "str:ttl", "v");
        add(c, 0, "PEXPIREAT", "str:ttl", Long.toString(FAR));
        add(c, 0, "RPUSH", "list:small", "a", "1", "", "-5", "x".repeat(40));
        add(c, 0, "RPUSH", "list:huge-element", "y".repeat(20000), "z");
        List<String> many = new ArrayList<>(List.of("RPUSH", "list:big"));
        for (int i = 0; i < 2000; i++) {
            many.add(i % 3 == 0 ? Integer.toString(i) : "element-" + i);
        }
        add(c, 0, many.toArray(String[]::new));
        add(c, 0, "SADD", "set:intset", "1", "-2", "300", "70000", "5000000000");
        add(c, 0, "SADD", "set:small", "a", "b", "", "1");
        List<String> bigSet = new ArrayList<>(List.of("SADD", "set:big"));
        List<String> bigIntSet = new ArrayList<>(List.of("SADD", "set:bigints"));
        for (int i = 0; i < 1000; i++) {
            bigSet.add("member-" + i);
            bigIntSet.add(Integer.toString(i * 7));
        }
        add(c, 0, bigSet.toArray(String[]::new));
        add(c, 0, bigIntSet.toArray(String[]::new));
        add(c, 0, "HSET", "hash:small", "f", "v", "n", "1", "", "empty field");
        add(c, 0, "HSET", "hash:longvalue", "f", "v".repeat(100));
        List<String> bigHash = new ArrayList<>(List.of("HSET", "hash:big"));
        for (int i = 0; i < 1000; i++) {
            bigHash.add("field-" + i);
            bigHash.add(i % 2 == 0 ? Integer.toString(i) : "value-" + i);
        }
        add(c, 0, bigHash.toArray(String[]::new));
        add(c, 0, "PEXPIREAT", "hash:big", Long.toString(FAR + 1));
        add(c, 0, "ZADD", "zset:small", "1.5", "a", "-2", "b", "inf", "c", "-inf", "d", "0", "e", "3", "f");
        add(c, 0, "ZADD", "zset:longmember", "1", "m".repeat(100));
        List<String> bigZset = new ArrayList<>(List.of("ZADD", "zset:big"));
        for (int i = 0; i < 500; i++) {
            bigZset.add(i % 5 == 0 ? Double.toString(i / 3.0) : Integer.toString(i));
            bigZset.add("member-" + i);
        }
        add(c, 0, bigZset.toArray(String[]::new));
        add(c, 1, "SET", "in-db1", "1");
        add(c, 1, "RPUSH", "list:db1", "q");
        add(c, 1, "PEXPIREAT", "list:db1", Long.toString(FAR + 2));
        add(c, 15, "HSET", "hash:db15", "a", "b");
        return c;
    }

    private static String random(int n) {
        java.util.Random r = new java.util.Random(42);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) ('!' + r.nextInt(90)));
        }
        return s.toString();
    }

    private static void add(List<Object[]> c, int db, String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = b(args[i]);
        }
        c.add(new Object[] {db, argv});
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static void populate(TestServer server) throws IOException {
        try (RespConnection c = new RespConnection(server.port())) {
            for (Object[] cmd : dataset()) {
                c.call("SELECT", cmd[0].toString());
                c.send((byte[][]) cmd[1]);
                byte[] reply = c.readReply();
                assertTrue(reply[0] != '-', RawReply.show(reply));
            }
        }
    }

    /** Every key of every database, rendered from replies: type, value, encoding, expiry. */
    private static Map<String, String> contents(TestServer server) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (RespConnection c = new RespConnection(server.port())) {
            for (int db = 0; db < 16; db++) {
                c.call("SELECT", Integer.toString(db));
                for (byte[] key : bulks(c.call("KEYS", "*"))) {
                    String type = new String(call(c, "TYPE", key), UTF_8);
                    String value = switch (type.trim()) {
                        case "+string" -> RawReply.show(call(c, "GET", key));
                        case "+list" -> RawReply.show(call(c, "LRANGE", key, b("0"), b("-1")));
                        case "+set" -> sorted(bulks(call(c, "SMEMBERS", key)), 1);
                        case "+hash" -> sorted(bulks(call(c, "HGETALL", key)), 2);
                        case "+zset" -> RawReply.show(call(c, "ZRANGE", key, b("0"), b("-1"), b("WITHSCORES")));
                        default -> "unexpected type " + type;
                    };
                    out.put(db + ":" + HexFormat.of().formatHex(key), type.trim() + " "
                            + RawReply.show(call(c, "OBJECT", b("ENCODING"), key)) + " ttl "
                            + RawReply.show(call(c, "PEXPIRETIME", key)) + " " + value);
                }
            }
        }
        return out;
    }

    private static byte[] call(RespConnection c, Object... args) throws IOException {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = args[i] instanceof byte[] bytes ? bytes : b((String) args[i]);
        }
        c.send(argv);
        return c.readReply();
    }

    private static String sorted(List<byte[]> items, int group) {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < items.size(); i += group) {
            StringBuilder s = new StringBuilder();
            for (int j = 0; j < group; j++) {
                s.append(HexFormat.of().formatHex(items.get(i + j))).append('|');
            }
            groups.add(s.toString());
        }
        groups.sort(null);
        return groups.toString();
    }

    /** The bulk strings of a RESP2 array reply of bulk strings. */
    private static List<byte[]> bulks(byte[] reply) {
        List<byte[]> out = new ArrayList<>();
        int[] pos = {0};
        long n = number(reply, pos, '*');
        for (long i = 0; i < n; i++) {
            int len = (int) number(reply, pos, '$');
            byte[] item = new byte[len];
            System.arraycopy(reply, pos[0], item, 0, len);
            pos[0] += len + 2;
            out.add(item);
        }
        return out;
    }

    private static long number(byte[] reply, int[] pos, char prefix) {
        if (reply[pos[0]] != prefix) {
            throw new IllegalStateException("expected " + prefix + " in " + RawReply.show(reply));
        }
        int end = pos[0];
        while (reply[end] != '\r') {
            end++;
        }
        long n = Long.parseLong(new String(reply, pos[0] + 1, end - pos[0] - 1, UTF_8));
        pos[0] = end + 2;
        return n;
    }

    private static void assertSameContents(Map<String, String> expected, Map<String, String> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String key : expected.keySet()) {
            assertEquals(expected.get(key), actual.get(key), "key " + key);
        }
    }

    @Test
    void aDumpRdbSavedByRedisLoadsIntoCinnabarIdentically() throws Exception {
        Path dir = Files.createTempDirectory("rdb-interop");
        try (RedisServerProcess redis = RedisServerProcess.startOrSkip("--dir", dir.toString(), "--dbfilename",
                "redis.rdb"); CinnabarServer cinnabar = CinnabarServer.start()) {
            populate(redis);
            try (RespConnection c = new RespConnection(redis.port())) {
                assertEquals("+OK\r\n", new String(c.call("SAVE"), UTF_8));
            }
            Path file = dir.resolve("redis.rdb");
            Engine engine = cinnabar.engine();
            RdbLoader.Result r = engine.loop().submit(() -> RdbLoader.load(engine, file)).get();
            assertEquals(Files.size(file), r.bytesRead());
            assertEquals("7.0.15", r.auxFields().get("redis-ver"));
            Map<String, String> expected = contents(redis);
            assertEquals(dataset().stream().filter(cmd -> !"PEXPIREAT".equals(new String(((byte[][]) cmd[1])[0],
                    UTF_8))).count(), expected.size());
            assertEquals(expected.size(), r.keysLoaded());
            assertSameContents(expected, contents(cinnabar));
        }
    }

    @Test
    void anRdbWrittenByCinnabarLoadsIntoRedisIdentically() throws Exception {
        Path dir = Files.createTempDirectory("rdb-interop");
        try (CinnabarServer cinnabar = CinnabarServer.start()) {
            populate(cinnabar);
            Engine engine = cinnabar.engine();
            KeyspaceImage image = engine.loop().submit(engine::snapshot).get();
            Map<String, String> aux = engine.loop().submit(() -> RdbFileWriter.standardAux(engine, false)).get();
            try (image; OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve("ours.rdb")))) {
                new RdbFileWriter(out, true, true).write(image, aux, List.of());
            }
            Map<String, String> expected = contents(cinnabar);
            try (RedisServerProcess redis = RedisServerProcess.startOrSkip("--dir", dir.toString(), "--dbfilename",
                    "ours.rdb")) {
                assertSameContents(expected, contents(redis));
                try (RespConnection c = new RespConnection(redis.port())) {
                    assertTrue(new String(c.call("INFO", "persistence"), UTF_8).contains("\r\nloading:0\r\n"));
                }
            }
        }
    }

    @Test
    void functionLibrariesCrossBothWays() throws Exception {
        Path dir = Files.createTempDirectory("rdb-interop");
        String library = "#!lua name=mylib\nredis.register_function('myfunc', function(keys, args) return 7 end)";
        try (RedisServerProcess redis = RedisServerProcess.startOrSkip("--dir", dir.toString(), "--dbfilename",
                "f.rdb"); CinnabarServer cinnabar = CinnabarServer.start()) {
            try (RespConnection c = new RespConnection(redis.port())) {
                assertEquals("$5\r\nmylib\r\n", new String(c.call("FUNCTION", "LOAD", library), UTF_8));
                c.call("SET", "k", "v");
                c.call("SAVE");
            }
            Engine engine = cinnabar.engine();
            engine.loop().submit(() -> RdbLoader.load(engine, dir.resolve("f.rdb"))).get();
            assertEquals(List.of(library), engine.functionLibraries().stream().map(l -> new String(l, UTF_8)).toList());
            KeyspaceImage image = engine.loop().submit(engine::snapshot).get();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (image) {
                new RdbFileWriter(bytes, true, true).write(image, RdbFileWriter.standardAux(engine, false),
                        engine.functionLibraries());
            }
            Files.write(dir.resolve("back.rdb"), bytes.toByteArray());
        }
        try (RedisServerProcess redis = RedisServerProcess.startOrSkip("--dir", dir.toString(), "--dbfilename",
                "back.rdb"); RespConnection c = new RespConnection(redis.port())) {
            assertEquals(":7\r\n", new String(c.call("FCALL", "myfunc", "0"), UTF_8));
            assertEquals("$1\r\nv\r\n", new String(c.call("GET", "k"), UTF_8));
        }
    }
}
