// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static dev.cinnabar.tools.rdb.RdbDiffTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RdbFiltersAndFormatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The error bound of the csv-memory estimate against a real Redis 7.0's MEMORY USAGE of the same key, on
     * the keys below (strings of every encoding, listpack and hashtable hashes/sets/zsets, quicklists).
     */
    static final double MEMORY_ERROR_BOUND = 0.25;

    @TempDir
    Path tmp;

    private static void fill(RealRedis r) throws Exception {
        r.call("SET", "user:1", "alice");
        r.call("SET", "user:22", "12345");
        r.call("SET", "user:big", "x".repeat(5000));
        r.call("SET", "session:1", "s", "PX", "1");
        r.call("SET", "session:2", "s", "EX", "100000");
        r.call("RPUSH", "queue:a", "1", "2", "3");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            r.call("HSET", "hash:big", "field" + i, "value" + i);
            r.call("SADD", "set:big", "member" + i);
            r.call("ZADD", "zset:big", Integer.toString(i), "m" + i);
            r.call("RPUSH", "list:big", "item" + i);
        }
        r.call("HSET", "hash:small", "a", "1");
        r.call("SADD", "set:ints", "1", "2", "3");
        r.call("ZADD", "zset:small", "1", "a");
        r.call("SELECT", "2");
        r.call("SET", "user:other-db", "v");
        r.call("SELECT", "0");
        Thread.sleep(5);
    }

    @Test
    void filtersConvertToAofAndMemoryCsv() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("r"));
        Path dump = tmp.resolve("dump.rdb");
        Map<String, Long> memoryUsage = new HashMap<>();
        try (RealRedis r = RealRedis.startOrSkip(dir)) {
            fill(r);
            // DEBUG SET-ACTIVE-EXPIRE 0 keeps session:1 in the dump although it is expired
            r.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
            Files.copy(r.save(), dump);
            for (String k : new String[] {"user:1", "user:22", "user:big", "queue:a", "hash:big", "set:big", "zset:big",
                    "list:big", "hash:small", "set:ints", "zset:small", "session:2"}) {
                memoryUsage.put(k, Long.parseLong(r.call("MEMORY", "USAGE", k).substring(1)));
            }
        }
        // --key-regex and --expired on inspect
        RdbDiffTest.Run run = run("inspect", dump.toString(), "--json", "--key-regex", "^user:[0-9]+$");
        assertEquals(0, run.code(), run.err());
        assertEquals(2, JSON.readTree(run.out()).get("keys").asLong());
        run = run("inspect", dump.toString(), "--json", "--key", "session:*", "--expired", "exclude");
        assertEquals(1, JSON.readTree(run.out()).get("keys").asLong());
        assertEquals(2, run("inspect", dump.toString(), "--key-regex", "([").code());

        // on convert
        run = run("convert", dump.toString(), "--to", "jsonl", "--key-regex", "^user:", "--db", "0");
        assertEquals(0, run.code(), run.err());
        Set<String> keys = new HashSet<>();
        for (String line : run.out().split("\n")) {
            keys.add(JSON.readTree(line).get("key").asText());
        }
        assertEquals(Set.of("user:1", "user:22", "user:big"), keys);
        run = run("convert", dump.toString(), "--to", "jsonl", "--key", "session:*", "--expired", "exclude");
        assertEquals(1, run.out().split("\n").length, run.out());
        run = run("convert", dump.toString(), "--to", "jsonl", "--type", "zset");
        assertEquals(2, run.out().split("\n").length, run.out());

        // --to aof: a directory a real redis loads to the same data
        Path aofParent = Files.createDirectories(tmp.resolve("aof"));
        run = run("convert", dump.toString(), "--to", "aof", "--out", aofParent.resolve("appendonlydir").toString(),
                "--expired", "exclude");
        assertEquals(0, run.code(), run.err());
        assertEquals(2, run("convert", dump.toString(), "--to", "aof").code(), "needs --out");
        try (RealRedis loaded = RealRedis.startOrSkip(aofParent, "--appendonly", "yes")) {
            assertEquals(":300", loaded.call("HLEN", "hash:big"));
            assertEquals("alice", loaded.call("GET", "user:1"));
            loaded.call("SELECT", "2");
            assertEquals("v", loaded.call("GET", "user:other-db"));
        }

        // --to csv-memory, against MEMORY USAGE of the real server
        run = run("convert", dump.toString(), "--to", "csv-memory");
        assertEquals(0, run.code(), run.err());
        String[] lines = run.out().split("\n");
        assertEquals(MemoryCsvWriter.HEADER, lines[0]);
        int checked = 0;
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",");
            Long real = memoryUsage.get(f[2]);
            if (real == null) {
                continue;
            }
            long estimate = Long.parseLong(f[3]);
            assertTrue(Math.abs(estimate - real) <= MEMORY_ERROR_BOUND * real,
                    f[2] + ": estimate " + estimate + ", MEMORY USAGE " + real + " (" + lines[i] + ")");
            checked++;
        }
        assertEquals(memoryUsage.size(), checked);
        assertTrue(run.out().contains("0,hash,hash:big,"), run.out());
        assertTrue(run.out().contains(",hashtable,300,"), run.out());
    }

    @Test
    void csvQuoting() {
        assertEquals("plain", MemoryCsvWriter.csv("plain"));
        assertEquals("\"a,b\"", MemoryCsvWriter.csv("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", MemoryCsvWriter.csv("say \"hi\""));
    }
}
