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
}
