// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RdbImportTest {
    @TempDir
    Path tmp;

    private static int run(StringWriter err, String... args) {
        CommandLine cl = new CommandLine(new RdbCommand());
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    /** DEBUG DIGEST of each database of a real server started on {@code rdb}. */
    private List<String> digestsOf(Path rdb, String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.copy(rdb, dir.resolve("dump.rdb"));
        try (RealRedis redis = RealRedis.startOrSkip(dir)) {
            String d0 = redis.call("DEBUG", "DIGEST");
            String size0 = redis.call("DBSIZE");
            redis.call("SELECT", "5");
            return List.of(d0, size0, redis.call("DEBUG", "DIGEST"), redis.call("DBSIZE"));
        }
    }

    private Path realDump() throws Exception {
        try (RealRedis redis = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("source")))) {
            redis.fillAllTypes();
            redis.call("ZADD", "zodd", "inf", "a", "-inf", "b", "0.1", "c", "1e300", "d", "-0.000123", "e");
            redis.call("PEXPIREAT", "zodd", Long.toString(System.currentTimeMillis() + 50_000_000L));
            assertEquals(List.of(), redis.pipe(("*3\r\n$3\r\nSET\r\n$7\r\nraw\u00ffkey\r\n$2\r\n\u00fe\u00ff\r\n"
                    + "*4\r\n$4\r\nHSET\r\n$2\r\nbh\r\n$1\r\n\u0080\r\n$1\r\n\u00c0\r\n").getBytes(ISO_8859_1)));
            return redis.save();
        }
    }

    @Test
    void rdbToJsonlToRdbKeepsEveryDigest() throws Exception {
        Path dump = realDump();
        StringWriter err = new StringWriter();
        for (String format : List.of("jsonl", "json")) {
            Path json = tmp.resolve("dump." + format);
            assertEquals(0, run(err, "convert", dump.toString(), "--to", format, "--out", json.toString()), err::toString);
            Path back = tmp.resolve("back-" + format + ".rdb");
            assertEquals(0, run(err, "import", json.toString(), "--to", back.toString()), err::toString);
            assertEquals(0, run(err, "check", back.toString()), err::toString);
            List<String> original = digestsOf(dump, "original-" + format);
            assertFalse(original.get(0).startsWith("0000000000"), "db 0 is not empty");
            assertEquals(original, digestsOf(back, "imported-" + format), format);
        }
        assertTrue(err.toString().contains("imported"), err::toString);
    }

    @Test
    void streamsAreImported() throws Exception {
        Path dump;
        try (RealRedis redis = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("source")))) {
            redis.call("SET", "s", "v");
            redis.call("XADD", "x", "1-1", "f", "v");
            dump = redis.save();
        }
        Path json = tmp.resolve("d.jsonl");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "convert", dump.toString(), "--to", "jsonl", "--out", json.toString()));
        assertEquals(0, run(err, "import", json.toString(), "--to", tmp.resolve("o.rdb").toString()));
        assertTrue(err.toString().contains("imported 2 keys") && !err.toString().contains("skipped"), err::toString);
    }

    @Test
    void inputOffTheSchemaSaysWhereAndWritesNothing() throws Exception {
        Path out = tmp.resolve("o.rdb");
        for (String bad : List.of(
                "{\"db\":0,\"key\":\"k\",\"type\":\"string\",\"expire_at_ms\":null,\"value\":\"v\"}\n{\"db\":0,\"key\":",
                "{\"db\":0,\"key\":\"k\",\"type\":\"zset\",\"expire_at_ms\":null,\"value\":[[\"m\",\"x\"]]}\n",
                "{\"db\":0,\"key\":{\"base64\":\"!!\"},\"type\":\"string\",\"expire_at_ms\":null,\"value\":\"v\"}\n",
                "{\"value\":\"v\",\"db\":0,\"key\":\"k\",\"type\":\"string\"}\n",
                "{\"db\":99,\"key\":\"k\",\"type\":\"string\",\"expire_at_ms\":null,\"value\":\"v\"}\n",
                "[{\"db\":0,\"key\":\"k\",\"type\":\"string\",\"expire_at_ms\":null,\"value\":\"v\"}")) {
            Path in = tmp.resolve("bad.jsonl");
            Files.writeString(in, bad);
            StringWriter err = new StringWriter();
            assertEquals(ExitCodes.CORRUPT, run(err, "import", in.toString(), "--to", out.toString()), bad);
            assertTrue(err.toString().contains("line "), err::toString);
            assertFalse(Files.exists(out), bad);
        }
        StringWriter err = new StringWriter();
        assertEquals(ExitCodes.USAGE_OR_IO, run(err, "import", tmp.resolve("missing.json").toString(), "--to", out.toString()));
    }
}
