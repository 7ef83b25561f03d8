// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RdbDiffTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new RdbCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static void fill(RealRedis r) throws Exception {
        r.call("SET", "s", "hello");
        r.call("SET", "n", "12345");
        r.call("HSET", "h", "a", "1", "b", "2", "c", "3");
        r.call("SADD", "ints", "1", "2", "3", "100");
        r.call("SADD", "strs", "x", "y", "z");
        r.call("ZADD", "z", "1.5", "a", "-2", "b", "inf", "c");
        r.call("RPUSH", "l", "1", "2", "3");
        r.call("SET", "ttl", "v", "EX", "100000");
        r.call("SELECT", "1");
        r.call("SET", "other-db", "1");
        r.call("SELECT", "0");
    }

    private static Path saveAs(RealRedis r, Path to) throws Exception {
        Files.copy(r.save(), to, StandardCopyOption.REPLACE_EXISTING);
        return to;
    }

    @Test
    void sameValuesInOtherEncodingsAreEqualAndEveryKindOfDifferenceIsFound() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("r"));
        try (RealRedis r = RealRedis.startOrSkip(dir)) {
            fill(r);
            Path a = saveAs(r, tmp.resolve("a.rdb"));
            // the same data re-encoded: hashtable hash, hashtable sets, skiplist zset
            r.call("CONFIG", "SET", "hash-max-listpack-entries", "0");
            r.call("CONFIG", "SET", "set-max-intset-entries", "0");
            r.call("CONFIG", "SET", "zset-max-listpack-entries", "0");
            r.call("DEBUG", "RELOAD");
            assertEquals("hashtable", r.call("OBJECT", "ENCODING", "h"));
            Path b = saveAs(r, tmp.resolve("b.rdb"));
            Run run = run("diff", a.toString(), b.toString());
            assertEquals(0, run.code(), run.out() + run.err());
            assertTrue(run.out().contains("IDENTICAL"), run.out());

            r.call("HSET", "h", "b", "changed");
            r.call("DEL", "l");
            r.call("SET", "added", "1");
            r.call("EXPIRE", "ttl", "50000");
            r.call("PEXPIRE", "s", "100000000");
            Path c = saveAs(r, tmp.resolve("c.rdb"));
            run = run("diff", a.toString(), c.toString(), "--json");
            assertEquals(3, run.code(), run.out() + run.err());
            JsonNode d = JSON.readTree(run.out());
            assertEquals(1, d.get("only_in_a").get("count").asLong());
            assertEquals("\"l\"", d.get("only_in_a").get("samples").get(0).get("key").asText());
            assertEquals(1, d.get("only_in_b").get("count").asLong());
            assertEquals(1, d.get("different_value").get("count").asLong());
            assertEquals("\"h\"", d.get("different_value").get("samples").get(0).get("key").asText());
            assertEquals(2, d.get("different_ttl").get("count").asLong());
            assertEquals(5, d.get("same").asLong(), "n, ints, strs, z, other-db");

            // against the live server that wrote c: identical; a filter narrows the comparison
            run = run("diff", c.toString(), "redis://127.0.0.1:" + r.port());
            assertEquals(0, run.code(), run.out() + run.err());
            run = run("diff", a.toString(), "redis://127.0.0.1:" + r.port(), "--key", "[zn]*", "--db", "0");
            assertEquals(0, run.code(), run.out() + run.err());
            assertEquals(2, run("diff", a.toString(), tmp.resolve("nope.rdb").toString()).code());
            assertEquals(2, run("diff", a.toString(), "redis://127.0.0.1:1").code());
            byte[] bytes = Files.readAllBytes(a);
            Files.write(tmp.resolve("torn.rdb"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
            assertEquals(1, run("diff", a.toString(), tmp.resolve("torn.rdb").toString()).code());
        }
    }
    @Test
    void sidesSortedThroughTemporaryFilesGiveTheSameAnswer() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("r"));
        try (RealRedis r = RealRedis.startOrSkip(dir)) {
            r.call("DEBUG", "POPULATE", "500", "k", "10");
            fill(r);
            Path a = saveAs(r, tmp.resolve("a.rdb"));
            r.call("SET", "k:7", "changed");
            r.call("DEL", "k:300", "k:301");
            r.call("SET", "k:new", "1");
            r.call("EXPIRE", "k:9", "100000");
            Path b = saveAs(r, tmp.resolve("b.rdb"));
            Run inMemory = run("diff", a.toString(), b.toString(), "--json", "--samples", "1000");
            assertEquals(3, inMemory.code(), inMemory.out() + inMemory.err());
            JsonNode m = JSON.readTree(inMemory.out());
            assertEquals(0, m.get("sort_runs").get("a").asInt());
            // --sort-memory 0: one run per key, more runs than one merge takes, so groups are merged first
            Path temp = Files.createDirectories(tmp.resolve("sort"));
            Run spilled = run("diff", a.toString(), b.toString(), "--json", "--samples", "1000", "--sort-memory", "0",
                    "--temp-dir", temp.toString());
            assertEquals(3, spilled.code(), spilled.out() + spilled.err());
            JsonNode s = JSON.readTree(spilled.out());
            assertTrue(s.get("sort_runs").get("a").asInt() > SortedKeys.FAN_IN, spilled.out());
            for (String kind : new String[] {"only_in_a", "only_in_b", "different_value", "different_ttl"}) {
                assertEquals(m.get(kind), s.get(kind), kind);
            }
            assertEquals(2, s.get("only_in_a").get("count").asLong());
            assertEquals("\"k:300\"", s.get("only_in_a").get("samples").get(0).get("key").asText(), "in key order");
            assertEquals(m.get("same"), s.get("same"));
            try (var left = Files.list(temp)) {
                assertEquals(0, left.count(), "temporary runs removed");
            }
            // a server's side sorted the same way: identical to the file it saved
            assertEquals(0, run("diff", "redis://127.0.0.1:" + r.port(), b.toString(), "--sort-memory", "0",
                    "--temp-dir", temp.toString()).code());
        }
    }
}
