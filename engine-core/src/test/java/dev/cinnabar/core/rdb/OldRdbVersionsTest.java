// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import dev.cinnabar.core.Engine;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.cinnabar.core.rdb.LegacyEncodings.intset;
import static dev.cinnabar.core.rdb.LegacyEncodings.linkedList;
import static dev.cinnabar.core.rdb.LegacyEncodings.quicklistV1;
import static dev.cinnabar.core.rdb.LegacyEncodings.rdbLength;
import static dev.cinnabar.core.rdb.LegacyEncodings.rdbString;
import static dev.cinnabar.core.rdb.LegacyEncodings.ziplist;
import static dev.cinnabar.core.rdb.LegacyEncodings.zipmap;
import static dev.cinnabar.core.rdb.LegacyEncodings.zsetV1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * RDB files as older Redis versions wrote them, which no installed Redis can produce: built record by record
 * here ({@link RdbFileBuilder}, value bodies from {@link LegacyEncodings}), kept as fixture files under
 * {@code src/test/resources/rdb/} (the test fails if a builder and its file drift; run with
 * {@code -Drdb.fixtures.update=true} to rewrite them), and loaded into an engine key by key.
 */
class OldRdbVersionsTest {
    private static final long FAR_MS = 4102444800000L;
    private static final int FAR_S = 2000000000;

    /** Fixture file name to its bytes, in the layout of the Redis version the name gives. */
    static Map<String, byte[]> fixtures() {
        Map<String, byte[]> f = new LinkedHashMap<>();
        // Redis 2.4: RDB 4, seconds expiry, zipmap hashes, ziplist lists, no checksum
        f.put("redis-2.4-v4.rdb", new RdbFileBuilder(4).selectDb(0)
                .string("s", "v").expireAtSeconds(FAR_S).string("ttl", "1")
                .entry(Rdb.TYPE_HASH_ZIPMAP, "zipmap", rdbString(zipmap(0, "f", "v", "n", "12")))
                .entry(Rdb.TYPE_LIST_ZIPLIST, "ziplist", rdbString(ziplist("a", 1L, "b", -300L)))
                .entry(Rdb.TYPE_SET_INTSET, "intset", rdbString(intset(2, -5, 1, 7)))
                .entry(Rdb.TYPE_ZSET_ZIPLIST, "zzl", rdbString(ziplist("m", "1.5", "n", 2L)))
                .entry(Rdb.TYPE_LIST, "linked", linkedList("x", "y", "z"))
                .entry(Rdb.TYPE_SET, "set", strings(2, "p", "q"))
                .entry(Rdb.TYPE_ZSET, "zset", zsetV1("a", "1", "b", "inf", "c", "-2.5"))
                .entry(Rdb.TYPE_HASH, "hash", strings(2, "k1", "v1", "k2", "v2"))
                .selectDb(3).string("db3", "x").end());
        // Redis 2.6 / 2.8: RDB 6, millisecond expiry, ziplist hashes, CRC-64
        f.put("redis-2.8-v6.rdb", new RdbFileBuilder(6).selectDb(0)
                .expireAtMillis(FAR_MS).string("ttl", "1")
                .entry(Rdb.TYPE_HASH_ZIPLIST, "hzl", rdbString(ziplist("f", "v", "n", 12L)))
                .entry(Rdb.TYPE_SET_INTSET, "intset64", rdbString(intset(8, -1, 5000000000L)))
                .end());
        // Redis 3.2: RDB 7, AUX fields, RESIZEDB, quicklists of ziplists
        f.put("redis-3.2-v7.rdb", new RdbFileBuilder(7).aux("redis-ver", "3.2.12").aux("redis-bits", "64")
                .aux("ctime", "1500000000").aux("used-mem", "500000").selectDb(0).resizeDb(2, 0)
                .entry(Rdb.TYPE_LIST_QUICKLIST, "ql", quicklistV1(ziplist("a", "b"), ziplist(3L, "d")))
                .entry(Rdb.TYPE_ZSET_ZIPLIST, "zzl", rdbString(ziplist("m", "-1", "n", "0.25")))
                .end());
        // Redis 4.0: RDB 8, binary zset scores, LRU idle, aof-preamble
        f.put("redis-4.0-v8.rdb", new RdbFileBuilder(8).aux("redis-ver", "4.0.14").aux("aof-preamble", "0")
                .selectDb(0).resizeDb(2, 1).idle(100).entry(Rdb.TYPE_ZSET_2, "z2", zset2("a", 1.5, "b", -0.0))
                .expireAtMillis(FAR_MS).freq(7).string("s", "v").end());
        // Redis 6.2: RDB 9
        f.put("redis-6.2-v9.rdb", new RdbFileBuilder(9).aux("redis-ver", "6.2.14").selectDb(0).resizeDb(3, 0)
                .entry(Rdb.TYPE_HASH_ZIPLIST, "h", rdbString(ziplist("f", "v")))
                .entry(Rdb.TYPE_LIST_QUICKLIST, "l", quicklistV1(ziplist(1L, 2L, 3L)))
                .entry(Rdb.TYPE_SET_INTSET, "s", rdbString(intset(4, 100000, 200000)))
                .end());
        // Redis 7.2: RDB 11, sets as listpacks
        f.put("redis-7.2-v11.rdb", new RdbFileBuilder(11).aux("redis-ver", "7.2.4").selectDb(0).resizeDb(1, 0)
                .entry(Rdb.TYPE_SET_LISTPACK, "lpset", rdbString(new ListpackWriter().append(b("a"))
                        .append(b("b")).appendInteger(7).toBytes()))
                .end());
        return f;
    }

    /** What each key of each fixture reads back as (db:key to a command's reply). */
    private static Map<String, String> expected(String fixture) {
        Map<String, String> e = new LinkedHashMap<>();
        switch (fixture) {
            case "redis-2.4-v4.rdb" -> {
                e.put("0:s", "GET \"v\"");
                e.put("0:ttl", "PEXPIRETIME (integer) 2000000000000");
                e.put("0:zipmap", "HGETALL [\"f\", \"v\", \"n\", \"12\"]");
                e.put("0:ziplist", "LRANGE [\"a\", \"1\", \"b\", \"-300\"]");
                e.put("0:intset", "SMEMBERS [\"-5\", \"1\", \"7\"]");
                e.put("0:zzl", "ZRANGE [\"m\", \"1.5\", \"n\", \"2\"]");
                e.put("0:linked", "LRANGE [\"x\", \"y\", \"z\"]");
                e.put("0:set", "SMEMBERS [\"p\", \"q\"]");
                e.put("0:zset", "ZRANGE [\"c\", \"-2.5\", \"a\", \"1\", \"b\", \"inf\"]");
                e.put("0:hash", "HGETALL [\"k1\", \"v1\", \"k2\", \"v2\"]");
                e.put("3:db3", "GET \"x\"");
            }
            case "redis-2.8-v6.rdb" -> {
                e.put("0:ttl", "PEXPIRETIME (integer) 4102444800000");
                e.put("0:hzl", "HGETALL [\"f\", \"v\", \"n\", \"12\"]");
                e.put("0:intset64", "SMEMBERS [\"-1\", \"5000000000\"]");
            }
            case "redis-3.2-v7.rdb" -> {
                e.put("0:ql", "LRANGE [\"a\", \"b\", \"3\", \"d\"]");
                e.put("0:zzl", "ZRANGE [\"m\", \"-1\", \"n\", \"0.25\"]");
            }
            case "redis-4.0-v8.rdb" -> {
                e.put("0:z2", "ZRANGE [\"b\", \"0\", \"a\", \"1.5\"]");
                e.put("0:s", "PEXPIRETIME (integer) 4102444800000");
            }
            case "redis-6.2-v9.rdb" -> {
                e.put("0:h", "HGETALL [\"f\", \"v\"]");
                e.put("0:l", "LRANGE [\"1\", \"2\", \"3\"]");
                e.put("0:s", "SMEMBERS [\"100000\", \"200000\"]");
            }
            case "redis-7.2-v11.rdb" -> e.put("0:lpset", "SMEMBERS [\"7\", \"a\", \"b\"]");
            default -> throw new IllegalArgumentException(fixture);
        }
        return e;
    }

    private static String read(Engine engine, String dbKey, String command) {
        String[] parts = dbKey.split(":", 2);
        engine.execute("SELECT", parts[0]);
        String key = parts[1];
        return command + " " + switch (command) {
            case "GET" -> engine.execute("GET", key);
            case "PEXPIRETIME" -> engine.execute("PEXPIRETIME", key);
            case "HGETALL" -> engine.execute("HGETALL", key);
            case "LRANGE" -> engine.execute("LRANGE", key, "0", "-1");
            case "SMEMBERS" -> engine.execute("SORT", key, "ALPHA");
            case "ZRANGE" -> engine.execute("ZRANGE", key, "0", "-1", "WITHSCORES");
            default -> throw new IllegalArgumentException(command);
        };
    }

    @Test
    void fixtureFilesAreWhatTheirBuildersMake() throws IOException {
        boolean update = Boolean.getBoolean("rdb.fixtures.update");
        for (Map.Entry<String, byte[]> f : fixtures().entrySet()) {
            if (update) {
                Files.write(Path.of("src/test/resources/rdb").resolve(f.getKey()), f.getValue());
                continue;
            }
            try (InputStream in = getClass().getResourceAsStream("/rdb/" + f.getKey())) {
                assertNotNull(in, f.getKey() + " is missing: run with -Drdb.fixtures.update=true");
                assertArrayEquals(f.getValue(), in.readAllBytes(), f.getKey());
            }
        }
    }

    @Test
    void everyOldVersionLoadsKeyByKey() throws Exception {
        for (String name : fixtures().keySet()) {
            byte[] file = RdbFileReaderTest.resource(name);
            try (Engine engine = Engine.open()) {
                RdbLoader.Result r = engine.loop().submit(() -> RdbLoader.load(engine,
                        new ByteArrayInputStream(file), name)).get();
                assertEquals(file.length, r.bytesRead(), name);
                Map<String, String> expected = expected(name);
                long keys = expected.keySet().stream().distinct().count();
                assertEquals(keys, r.keysLoaded(), name);
                for (Map.Entry<String, String> e : expected.entrySet()) {
                    String command = e.getValue().substring(0, e.getValue().indexOf(' '));
                    assertEquals(e.getValue(), read(engine, e.getKey(), command), name + " " + e.getKey());
                }
            }
        }
    }

    @Test
    void idleFromAVersion8FileIsApplied() throws Exception {
        try (Engine engine = Engine.open()) {
            byte[] file = RdbFileReaderTest.resource("redis-4.0-v8.rdb");
            engine.loop().submit(() -> RdbLoader.load(engine, new ByteArrayInputStream(file), "v8")).get();
            long idle = ((dev.cinnabar.core.resp.RespValue.Integer) engine.execute("OBJECT", "IDLETIME", "z2")).value();
            assertEquals(100, idle, 2);
        }
    }

    /** {@code count} (members, or field-value pairs), then each string. */
    private static byte[] strings(int count, String... items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(rdbLength(count));
        for (String s : items) {
            out.writeBytes(rdbString(b(s)));
        }
        return out.toByteArray();
    }

    /** RDB_TYPE_ZSET_2: a count, then member and 8-byte little-endian double. */
    private static byte[] zset2(Object... membersAndScores) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RdbWriter w = new RdbWriter(bytes, false);
        w.writeLength(membersAndScores.length / 2);
        for (int i = 0; i < membersAndScores.length; i += 2) {
            w.writeString(b((String) membersAndScores[i]));
            w.writeBinaryDouble((Double) membersAndScores[i + 1]);
        }
        w.flush();
        return bytes.toByteArray();
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }
}
