// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Redis 7.0 dump holding one list of 2,000,000 elements, converted to RDB 10, 11 and an AOF base: the values
 * go across as stored (the report's {@code values_copied}), never decoded whole, and the RDB 10 and AOF outputs
 * load in redis-server 7.0 with the source's DEBUG DIGEST (the RDB 11 one passes the checker). Filters and expiries still apply key by key.
 */
class RawCopyConvertTest {
    private static final int BIG = 2_000_000;

    @TempDir
    static Path tmp;

    private static Path source;
    private static String sourceDigest;

    @BeforeAll
    static void bigListDump() throws Exception {
        try (RealRedis redis = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("source")))) {
            redis.call("EVAL", "local batch = {} for i = 1, 1000 do batch[i] = 0 end "
                    + "for i = 1, tonumber(ARGV[1]), 1000 do "
                    + "for j = 1, 1000 do batch[j] = 'element:' .. (i + j - 1) end "
                    + "redis.call('RPUSH', KEYS[1], unpack(batch)) end return 1", "1", "biglist",
                    Integer.toString(BIG));
            redis.call("SET", "volatile", "v", "PX", "3600000");
            redis.call("HSET", "small", "f", "1", "g", "2");
            redis.call("SELECT", "3");
            redis.call("SADD", "other", "a", "b", "1");
            redis.call("SELECT", "0");
            assertEquals(":" + BIG, redis.call("LLEN", "biglist"));
            source = redis.save();
            sourceDigest = redis.call("DEBUG", "DIGEST");
        }
    }

    private static Map<?, ?> convertJson(String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new RdbCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        assertEquals(0, cl.execute(args), out + " " + err);
        return new ObjectMapper().readValue(out.toString(), Map.class);
    }

    private static void loadsWithTheSourceDigest(Path file, String name, int version) throws Exception {
        assertEquals(String.format("REDIS%04d", version), new String(Files.readAllBytes(file), 0, 9, US_ASCII));
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.copy(file, dir.resolve("dump.rdb"));
        try (RealRedis redis = RealRedis.startOrSkip(dir)) {
            assertEquals(sourceDigest, redis.call("DEBUG", "DIGEST"));
            assertEquals(":" + BIG, redis.call("LLEN", "biglist"));
            assertEquals("element:" + BIG, redis.call("LINDEX", "biglist", "-1"));
        }
    }

    @Test
    void version10And11CopyEveryValueAsStored() throws Exception {
        for (int version : new int[] {10, 11}) {
            Path out = tmp.resolve("v" + version + ".rdb");
            Map<?, ?> json = convertJson("convert", source.toString(), "--to", "rdb", "--rdb-version",
                    Integer.toString(version), "--out", out.toString(), "--json");
            assertEquals(4, json.get("values_copied"));
            assertEquals(4, json.get("keys"));
            assertEquals(Map.of(), json.get("reencoded"));
            assertEquals(true, json.get("lossless"));
            RdbCheckReport check = RdbChecker.check(out);
            assertTrue(check.ok(), String.valueOf(check.failure()));
            assertEquals(3L, check.databases().get(0L).keys());
            if (version == 10) {
                // redis-server 7.0 reads RDB 10 at most: the RDB 11 output is verified by the checker only
                loadsWithTheSourceDigest(out, "l" + version, version);
            }
        }
    }

    @Test
    void aFilterStillChoosesKeyByKey() throws Exception {
        Path out = tmp.resolve("filtered.rdb");
        Map<?, ?> json = convertJson("convert", source.toString(), "--to", "rdb", "--key", "big*", "--out",
                out.toString(), "--json");
        assertEquals(1, json.get("values_copied"));
        assertEquals(1, json.get("keys"));
        Path dir = Files.createDirectories(tmp.resolve("lf"));
        Files.copy(out, dir.resolve("dump.rdb"));
        try (RealRedis redis = RealRedis.startOrSkip(dir)) {
            assertEquals(":1", redis.call("DBSIZE"));
            assertEquals(":" + BIG, redis.call("LLEN", "biglist"));
        }
    }

    @Test
    void theAofBaseIsCopiedAsStoredToo() throws Exception {
        Path dir = tmp.resolve("aof").resolve("appendonlydir");
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new RdbCommand());
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        assertEquals(0, cl.execute("convert", source.toString(), "--to", "aof", "--out", dir.toString()),
                err.toString());
        try (RealRedis redis = RealRedis.startOrSkip(dir.getParent(), "--appendonly", "yes")) {
            assertEquals(sourceDigest, redis.call("DEBUG", "DIGEST"));
        }
    }
}
