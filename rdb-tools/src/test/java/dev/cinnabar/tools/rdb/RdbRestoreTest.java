// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.cinnabar.tools.rdb.RdbDiffTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RdbRestoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void restoresIntoARealRedisWithTheSameDigestAndChecksTheCount() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path dump = tmp.resolve("dump.rdb");
        String digest;
        try (RealRedis r = RealRedis.startOrSkip(src)) {
            r.call("DEBUG", "POPULATE", "2000", "k", "20");
            r.call("RPUSH", "list", "a", "b", "c");
            r.call("HSET", "h", "f", "v");
            r.call("ZADD", "z", "1", "m", "-inf", "n");
            r.call("SADD", "s", "1", "2");
            r.call("SET", "big", "x".repeat(100_000));
            r.call("SET", "ttl", "v", "PX", "100000000");
            r.call("SELECT", "4");
            r.call("SET", "in4", "v");
            r.call("SELECT", "0");
            digest = r.call("DEBUG", "DIGEST");
            Files.copy(r.save(), dump);
        }
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        try (RealRedis t = RealRedis.startOrSkip(dst)) {
            String target = "127.0.0.1:" + t.port();
            RdbDiffTest.Run run = run("restore", dump.toString(), "--to", target, "--json", "--window", "64");
            assertEquals(0, run.code(), run.out() + run.err());
            JsonNode rep = JSON.readTree(run.out());
            assertEquals(2007, rep.get("keys_sent").asLong());
            assertTrue(rep.get("count_ok").asBoolean());
            assertEquals(digest, t.call("DEBUG", "DIGEST"));
            assertTrue(Long.parseLong(t.call("PTTL", "ttl").substring(1)) > 99_000_000L);
            assertEquals(0, run("diff", dump.toString(), "redis://" + target).code());

            // again without --replace: BUSYKEY for every key, counted and listed
            run = run("restore", dump.toString(), "--to", target, "--json");
            assertEquals(3, run.code());
            rep = JSON.readTree(run.out());
            assertEquals(2007, rep.get("errors").asLong());
            assertTrue(rep.get("error_samples").get(0).get("error").asText().startsWith("BUSYKEY"));
            run = run("restore", dump.toString(), "--to", target, "--replace", "--rate", "1000000");
            assertEquals(0, run.code(), run.out());

            t.call("FLUSHALL");
            run = run("restore", dump.toString(), "--to", target, "--key", "k:1*", "--db", "0", "--json");
            assertEquals(0, run.code(), run.out());
            assertEquals(1111, JSON.readTree(run.out()).get("keys_sent").asLong());
            assertEquals(":1111", t.call("DBSIZE"));

            // --resume-from: the records before the offset are skipped
            t.call("FLUSHALL");
            long size = Files.size(dump);
            run = run("restore", dump.toString(), "--to", target, "--resume-from", Long.toString(size / 2), "--json");
            long sent = JSON.readTree(run.out()).get("keys_sent").asLong();
            assertTrue(sent > 0 && sent < 2007, run.out());
        }
        assertEquals(2, run("restore", dump.toString(), "--to", "127.0.0.1:1").code());
        assertEquals(2, run("restore", dump.toString(), "--to", "nonsense").code());
    }
    /** XINFO STREAM FULL without the consumers' seen-time (commands set it to when they ran, RESTORE keeps it). */
    private static String streamFull(RealRedis r, String key) throws Exception {
        String[] lines = r.call("XINFO", "STREAM", key, "FULL").split("\n");
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].equals("seen-time")) {
                i++;
                continue;
            }
            s.append(lines[i]).append('\n');
        }
        return s.toString();
    }

    private static java.util.List<String> keys(RealRedis r) throws Exception {
        java.util.List<String> keys = new java.util.ArrayList<>(java.util.List.of(r.call("KEYS", "*").split("\n")));
        keys.removeIf(String::isEmpty);
        java.util.Collections.sort(keys);
        return keys;
    }

    @Test
    void valuesOverMaxRestoreBytesGoAsCommandsWithTheSameValues() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path dump = tmp.resolve("dump.rdb");
        java.util.Map<String, String> digests = new java.util.TreeMap<>();
        java.util.Map<String, String> streams = new java.util.TreeMap<>();
        try (RealRedis r = RealRedis.startOrSkip(src)) {
            r.fillAllTypes();
            StringBuilder big = new StringBuilder();
            for (int i = 0; big.length() < 2_500_000; i++) {
                big.append(i).append(',');
            }
            r.call("SET", "bigstring", big.toString());
            r.call("PEXPIREAT", "biglist", "4102444800000");
            for (int i = 0; i < 300; i++) {
                r.call("XADD", "bigstream", "*", "n", Integer.toString(i), "pad", "y".repeat(i % 7));
            }
            r.call("XDEL", "bigstream", r.call("XRANGE", "bigstream", "-", "+", "COUNT", "1").split("\n")[0]);
            r.call("XGROUP", "CREATE", "bigstream", "g1", "0");
            r.call("XGROUP", "CREATE", "bigstream", "g2", "$");
            r.call("XREADGROUP", "GROUP", "g1", "c1", "COUNT", "100", "STREAMS", "bigstream", ">");
            r.call("XREADGROUP", "GROUP", "g1", "c2", "COUNT", "20", "STREAMS", "bigstream", ">");
            r.call("XACK", "bigstream", "g1", r.call("XRANGE", "bigstream", "-", "+", "COUNT", "2").split("\n")[0]);
            r.call("XGROUP", "CREATECONSUMER", "bigstream", "g2", "idle");
            r.call("XADD", "empty-stream", "MAXLEN", "0", "*", "a", "b");
            r.call("XGROUP", "CREATE", "empty-stream", "g", "$");
            for (String k : keys(r)) {
                digests.put(k, r.call("DEBUG", "DIGEST-VALUE", k));
                if (r.call("TYPE", k).equals("+stream")) {
                    streams.put(k, streamFull(r, k));
                }
            }
            Files.copy(r.save(), dump);
        }
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        try (RealRedis t = RealRedis.startOrSkip(dst)) {
            String target = "127.0.0.1:" + t.port();
            // 1 byte: every value goes as commands
            RdbDiffTest.Run run = run("restore", dump.toString(), "--to", target, "--json", "--max-restore-bytes", "1");
            assertEquals(0, run.code(), run.out() + run.err());
            JsonNode rep = JSON.readTree(run.out());
            // the keys of db 0 and db5 in db 5
            assertEquals(digests.size() + 1, rep.get("sent_as_commands").asLong(), run.out());
            assertTrue(rep.get("count_ok").asBoolean(), run.out());
            assertEquals(digests.keySet(), new java.util.TreeSet<>(keys(t)));
            for (String k : digests.keySet()) {
                assertEquals(digests.get(k), t.call("DEBUG", "DIGEST-VALUE", k), k);
            }
            for (String k : streams.keySet()) {
                assertEquals(streams.get(k), streamFull(t, k), k);
            }
            assertEquals(":4102444800000", t.call("PEXPIRETIME", "biglist"));
            assertTrue(Long.parseLong(t.call("PTTL", "ttl").substring(1)) > 99_000_000L);
            t.call("SELECT", "5");
            assertEquals("x", t.call("GET", "db5"));
            t.call("SELECT", "0");

            // without --replace: each key exists, found before any command is sent
            run = run("restore", dump.toString(), "--to", target, "--json", "--max-restore-bytes", "1");
            assertEquals(3, run.code(), run.out());
            rep = JSON.readTree(run.out());
            assertEquals(digests.size() + 1, rep.get("errors").asLong(), run.out());
            assertTrue(rep.get("error_samples").get(0).get("error").asText().startsWith("BUSYKEY"), run.out());

            // --replace: a DEL first; a threshold between the sizes mixes RESTORE and commands
            t.call("RPUSH", "bigstring-was-not-a-list", "x");
            t.call("DEL", "bigstring-was-not-a-list");
            t.call("DEL", "bigstring");
            t.call("RPUSH", "bigstring", "wrong", "type");
            run = run("restore", dump.toString(), "--to", target, "--json", "--replace", "--max-restore-bytes", "2000");
            assertEquals(0, run.code(), run.out());
            rep = JSON.readTree(run.out());
            long asCommands = rep.get("sent_as_commands").asLong();
            assertTrue(asCommands > 0 && asCommands < digests.size(), run.out());
            for (String k : digests.keySet()) {
                assertEquals(digests.get(k), t.call("DEBUG", "DIGEST-VALUE", k), k);
            }
            for (String k : streams.keySet()) {
                assertEquals(streams.get(k), streamFull(t, k), k);
            }
        }
    }

    /**
     * A module value goes as its stored bytes (it has no command form), whatever --max-restore-bytes says: the
     * server decides; one without the module refuses that key, and the other keys load.
     */
    @Test
    void aModuleValueGoesAsItsStoredBytesAndTheServerJudgesIt() throws Exception {
        byte[] records = {7, 1, 'm', (byte) 0x81, 0x12, 0x34, 0x56, 0x78, (byte) 0x9a, (byte) 0xbc, (byte) 0xde,
                (byte) 0xf0, 2, 5, 5, 2, 'a', 'b', 0, 0, 1, 's', 1, 'v'};
        Path file = tmp.resolve("module.rdb");
        Files.write(file, RdbCheckerTest.file(records));
        try (RealRedis t = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("t")))) {
            RdbDiffTest.Run run = run("restore", file.toString(), "--to", "127.0.0.1:" + t.port(), "--json",
                    "--max-restore-bytes", "1");
            assertEquals(3, run.code(), run.out() + run.err());
            JsonNode rep = JSON.readTree(run.out());
            assertEquals(1, rep.get("errors").asLong(), run.out());
            JsonNode sample = rep.get("error_samples").get(0);
            assertEquals("\"m\"", sample.get("key").asText());
            assertEquals("ERR Bad data format", sample.get("error").asText());
            assertEquals("v", t.call("GET", "s"), "the string went as commands");
        }
    }
}
