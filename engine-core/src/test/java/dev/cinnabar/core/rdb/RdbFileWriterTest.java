// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.persistence.KeyspaceImage;
import dev.cinnabar.core.resp.RespValue;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RdbFileWriterTest {
    private static <T> T onEngine(Engine engine, Callable<T> task) throws Exception {
        return engine.loop().submit(task).get();
    }

    /** The whole file of {@code engine} as {@link RdbFileWriter} writes it. */
    static byte[] save(Engine engine, Map<String, String> aux, List<byte[]> functions, boolean compress,
            boolean checksum, RdbFileWriter.KeyUsage usage) throws Exception {
        KeyspaceImage image = onEngine(engine, engine::snapshot);
        try (image) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            new RdbFileWriter(bytes, compress, checksum, usage, System.currentTimeMillis())
                    .write(image, aux, functions);
            return bytes.toByteArray();
        }
    }

    @Test
    void aFileRedisWroteIsWrittenBackByteForByte() throws Exception {
        byte[] redis = RdbFileReaderTest.resource("redis-7.0.15-one-key-per-db.rdb");
        try (Engine engine = Engine.open()) {
            RdbLoader.Result loaded = onEngine(engine,
                    () -> RdbLoader.load(engine, new ByteArrayInputStream(redis), "redis.rdb"));
            byte[] ours = save(engine, loaded.auxFields(), List.of(), true, true, RdbFileWriter.KeyUsage.NONE);
            assertEquals(HexFormat.of().formatHex(redis), HexFormat.of().formatHex(ours));
        }
    }

    @Test
    void standardAuxFieldsAreRedis7sInItsOrder() {
        try (Engine engine = Engine.open()) {
            Map<String, String> aux = RdbFileWriter.standardAux(engine, true);
            assertEquals(List.of("redis-ver", "redis-bits", "ctime", "used-mem", "aof-base"),
                    new ArrayList<>(aux.keySet()));
            assertEquals("7.0.15", aux.get("redis-ver"));
            assertEquals("64", aux.get("redis-bits"));
            assertEquals("1", aux.get("aof-base"));
            long ctime = Long.parseLong(aux.get("ctime"));
            assertTrue(Math.abs(ctime - System.currentTimeMillis() / 1000) <= 5);
        }
    }

    @Test
    void roundTripOfEveryPersistedTypeThroughTheLoader() throws Exception {
        try (Engine source = Engine.open(); Engine target = Engine.open()) {
            source.execute("SET", "s", "v");
            source.execute("SET", "int", "-123456");
            source.execute("SET", "big", "x".repeat(5000));
            source.execute("SET", "empty", "");
            source.execute("SET", "ttl", "1", "PX", "100000");
            source.execute("HSET", "h", "f", "v", "g", "w");
            source.execute("SADD", "set", "a", "b", "1");
            source.execute("SADD", "iset", "1", "2", "3");
            source.execute("ZADD", "z", "1.5", "a", "-2", "b");
            for (int i = 0; i < 300; i++) {
                source.execute("HSET", "bighash", "f" + i, "v" + i);
                source.execute("SADD", "bigset", "m" + i);
                source.execute("ZADD", "bigz", String.valueOf(i), "m" + i);
            }
            source.execute("SELECT", "7");
            source.execute("SET", "in7", "x");
            Map<String, String> aux = RdbFileWriter.standardAux(source, false);
            byte[] file = save(source, aux, List.of("#!lua name=l\n".getBytes(UTF_8)), true, true,
                    RdbFileWriter.KeyUsage.NONE);
            RdbLoader.Result r = onEngine(target,
                    () -> RdbLoader.load(target, new ByteArrayInputStream(file), "ours.rdb"));
            assertEquals(13, r.keysLoaded());
            assertEquals(aux, r.auxFields());
            assertEquals("#!lua name=l\n", new String(target.functionLibraries().get(0), UTF_8));
            for (String key : List.of("s", "int", "big", "empty", "ttl", "h", "set", "iset", "z", "bighash", "bigset",
                    "bigz")) {
                assertEquals(dump(source, 0, key), dump(target, 0, key), key);
            }
            assertEquals(dump(source, 7, "in7"), dump(target, 7, "in7"));
            target.execute("SELECT", "0");
            long ttl = ((RespValue.Integer) target.execute("PTTL", "ttl")).value();
            assertTrue(ttl > 90_000 && ttl <= 100_000, "ttl " + ttl);
        }
    }

    @Test
    void anImageClosedBeforeItsVisitEndsIsNeverWrittenAsAWholeFile() throws Exception {
        try (Engine engine = Engine.open()) {
            engine.execute("SET", "k", "v");
            KeyspaceImage image = onEngine(engine, engine::snapshot);
            image.close();
            RdbFileWriter writer = new RdbFileWriter(new ByteArrayOutputStream(), true, true);
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> writer.write(image, Map.of(), List.of()));
        }
    }

    @Test
    void checksumOffWritesEightZeroBytes() throws Exception {
        try (Engine engine = Engine.open()) {
            engine.execute("SET", "k", "v");
            byte[] file = save(engine, new LinkedHashMap<>(), List.of(), true, false, RdbFileWriter.KeyUsage.NONE);
            byte[] tail = java.util.Arrays.copyOfRange(file, file.length - 9, file.length);
            assertArrayEquals(new byte[] {(byte) 0xff, 0, 0, 0, 0, 0, 0, 0, 0}, tail);
        }
    }

    @Test
    void idleOrFreqRecordsFollowTheEvictionPolicy() throws Exception {
        assertEquals(RdbFileWriter.KeyUsage.LRU_IDLE, RdbFileWriter.KeyUsage.forPolicy("allkeys-lru"));
        assertEquals(RdbFileWriter.KeyUsage.LRU_IDLE, RdbFileWriter.KeyUsage.forPolicy("volatile-lru"));
        assertEquals(RdbFileWriter.KeyUsage.LFU_FREQ, RdbFileWriter.KeyUsage.forPolicy("allkeys-lfu"));
        assertEquals(RdbFileWriter.KeyUsage.NONE, RdbFileWriter.KeyUsage.forPolicy("noeviction"));
        assertEquals(RdbFileWriter.KeyUsage.NONE, RdbFileWriter.KeyUsage.forPolicy("volatile-ttl"));
        try (Engine engine = Engine.open()) {
            engine.execute("SET", "k", "v");
            RdbFileReaderTest.Recorder lru = new RdbFileReaderTest.Recorder();
            new RdbFileReader(new ByteArrayInputStream(save(engine, Map.of(), List.of(), true, true,
                    RdbFileWriter.KeyUsage.LRU_IDLE)), engine.types()).read(lru);
            assertTrue(lru.events.stream().anyMatch(e -> e.startsWith("entry db0 k=v type 0 expire -1 idle 0 freq -1")),
                    lru.events.toString());
            RdbFileReaderTest.Recorder lfu = new RdbFileReaderTest.Recorder();
            new RdbFileReader(new ByteArrayInputStream(save(engine, Map.of(), List.of(), true, true,
                    RdbFileWriter.KeyUsage.LFU_FREQ)), engine.types()).read(lfu);
            assertTrue(lfu.events.stream().anyMatch(e -> e.contains("idle -1 freq 5")), lfu.events.toString());
        }
    }

    private static String dump(Engine e, int db, String key) {
        e.execute("SELECT", String.valueOf(db));
        String type = e.execute("TYPE", key).toString();
        return type + "=" + switch (type) {
            case "string" -> e.execute("GET", key);
            case "hash" -> sortedPairs(e.execute("HGETALL", key));
            case "list" -> e.execute("LRANGE", key, "0", "-1");
            case "set" -> e.execute("SORT", key, "ALPHA");
            case "zset" -> e.execute("ZRANGE", key, "0", "-1", "WITHSCORES");
            default -> "?";
        } + " " + e.execute("OBJECT", "ENCODING", key);
    }

    private static List<String> sortedPairs(RespValue v) {
        List<RespValue> items = ((RespValue.Array) v).items();
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < items.size(); i += 2) {
            pairs.add(items.get(i) + "=" + items.get(i + 1));
        }
        pairs.sort(null);
        return pairs;
    }
}
