// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cinnabar.core.Engine;
import dev.cinnabar.core.rdb.RdbLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The RDB 12 (Redis 7.4) fixtures built by engine-core's {@code Rdb12Fixtures} (copies under
 * src/test/resources/rdb): check counts their field TTLs, convert shows them, import and RDB → RDB report
 * them dropped.
 */
class Rdb12ToolsTest {
    private static final String MAIN = "redis-7.4-v12.rdb";
    private static final String CLUSTER = "redis-7.4-v12-cluster.rdb";
    private static final long T1 = 4102444800000L;

    @TempDir
    Path tmp;

    private Path fixture(String name) throws Exception {
        Path p = tmp.resolve(name);
        Files.write(p, OldVersionsCheckTest.resource(name));
        return p;
    }

    @Test
    void theCopiesAreEngineCoresFixtures() throws Exception {
        for (String name : new String[] {MAIN, CLUSTER}) {
            Path original = Path.of("../engine-core/src/test/resources/rdb", name);
            if (Files.exists(original)) {
                assertArrayEquals(Files.readAllBytes(original), OldVersionsCheckTest.resource(name), name);
            }
        }
    }

    @Test
    void checkCountsFieldTtlsPerEncoding() throws Exception {
        RdbCheckReport r = RdbCheckerTest.check(OldVersionsCheckTest.resource(MAIN));
        assertTrue(r.ok(), () -> String.valueOf(r.failure()));
        assertEquals(12, r.rdbVersion());
        assertEquals(11, r.keys());
        RdbCheckReport.FieldTtlStats ttls = r.fieldTtls();
        assertEquals(12, ttls.fields());
        assertEquals(7, ttls.keys());
        assertEquals(4, ttls.alreadyExpired());
        assertEquals(Map.of("hash/listpackex", 7L, "hash/hashtable", 5L), ttls.byEncoding());
        assertEquals(Map.of("hash/listpackex", 5L, "hash/hashtable", 3L, "hash/listpack", 1L, "set/listpack", 1L,
                "string/string", 1L), r.databases().get(0L).byEncoding());

        Run text = cli("check", fixture(MAIN).toString());
        assertEquals(0, text.exit, text.err);
        assertTrue(text.out.contains("hash fields with a TTL (Redis 7.4): 12 in 7 keys (4 already expired)"), text.out);
        Run json = cli("check", fixture(MAIN).toString(), "--json");
        JsonNode ttlJson = new ObjectMapper().readTree(json.out).get("hash_field_ttls");
        assertEquals(12, ttlJson.get("fields").asLong());
        assertEquals(5, ttlJson.get("by_encoding").get("hash/hashtable").asLong());
    }

    @Test
    void inspectReportsFieldTtls() throws Exception {
        Run json = cli("inspect", fixture(MAIN).toString(), "--json");
        assertEquals(0, json.exit, json.err);
        assertEquals(12, new ObjectMapper().readTree(json.out).get("hash_field_ttls").get("fields").asLong());
    }

    @Test
    void slotInfoOfAClusterNodeIsReadPast() throws Exception {
        RdbCheckReport r = RdbCheckerTest.check(OldVersionsCheckTest.resource(CLUSTER));
        assertTrue(r.ok(), () -> String.valueOf(r.failure()));
        assertEquals(2, r.keys());
    }

    @Test
    void jsonCarriesEachFieldsTtlAndImportDropsItWithAReport() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbJsonWriter writer = new RdbJsonWriter(out, true);
        assertTrue(RdbChecker.check(fixture(MAIN), writer).ok());
        writer.finish();
        String jsonl = out.toString(UTF_8);
        ObjectMapper mapper = new ObjectMapper();
        JsonNode lp = null;
        JsonNode ht = null;
        for (String line : jsonl.split("\n")) {
            JsonNode k = mapper.readTree(line);
            if (k.get("key").asText().equals("hfe:lp")) {
                lp = k;
            } else if (k.get("key").asText().equals("hfe:ht")) {
                ht = k;
            }
        }
        assertEquals("[[\"f1\",\"v1\"," + T1 + "],[\"f2\",\"v2\"," + (T1 + 500) + "],[\"f3\",\"v3\"]]",
                String.valueOf(lp.get("value")));
        assertEquals("hash", ht.get("type").asText());
        assertEquals(3, ht.get("value").size());
        for (JsonNode pair : ht.get("value")) {
            String field = pair.get(0).asText();
            assertEquals(field.equals("b") ? 2 : 3, pair.size(), field);
        }

        try (Engine engine = Engine.open()) {
            JsonDumpImporter.Result r = engine.loop().submit(() -> new JsonDumpImporter(engine)
                    .load(new ByteArrayInputStream(out.toByteArray()))).get();
            assertEquals(8, r.fieldTtlsDropped());
            assertEquals(4, r.fieldsExpired());
            assertEquals(10, r.keys(), "the hash whose fields all expired creates nothing");
            assertEquals(1, r.skipped());
            assertEquals("[\"live\", \"1\", \"plain\", \"x\"]",
                    engine.loop().submit(() -> engine.execute("HGETALL", "hfe:lp:expired").toString()).get());
        }
        Path json = tmp.resolve("dump.jsonl");
        Run viaCli = cli("convert", fixture(MAIN).toString(), "--to", "jsonl", "--out", json.toString());
        assertEquals(0, viaCli.exit, viaCli.err);
        assertTrue(Files.readString(json).contains("[\"f1\",\"v1\"," + T1 + "]"), "through the filters too");
        Run imported = cli("import", json.toString(), "--to", tmp.resolve("imported.rdb").toString());
        assertEquals(ExitCodes.PARTIAL, imported.exit, imported.err);
        assertTrue(imported.err.contains("hash field TTLs dropped: 8 fields kept without their TTL"), imported.err);
    }

    @Test
    void convertingToAnOlderVersionReportsTheFieldTtlsDropped() throws Exception {
        Path out = tmp.resolve("v11.rdb");
        Run run = cli("convert", fixture(MAIN).toString(), "--to", "rdb", "--rdb-version", "11", "--out",
                out.toString());
        assertEquals(ExitCodes.PARTIAL, run.exit, run.err);
        assertTrue(run.out.contains("DROPPED field TTLs: 8 hash fields in 6 keys kept without their TTL (RDB 11 "
                + "cannot hold field TTLs"), run.out);
        assertTrue(run.out.contains("4 fields already expired were left out"), run.out);
        RdbCheckReport written = RdbCheckerTest.check(Files.readAllBytes(out));
        assertTrue(written.ok());
        assertEquals(11, written.rdbVersion());
        assertEquals(10, written.keys());
        assertEquals(0, written.fieldTtls().fields());

        Run json = cli("convert", fixture(MAIN).toString(), "--to", "rdb", "--rdb-version", "10", "--out",
                tmp.resolve("v10.rdb").toString(), "--json");
        JsonNode dropped = new ObjectMapper().readTree(json.out).get("field_ttls_dropped");
        assertEquals(8, dropped.get("fields").asLong());
        assertFalse(new ObjectMapper().readTree(json.out).get("lossless").asBoolean());
    }

    @Test
    void theEngineLoadOfAToolCountsTheSameLosses() throws Exception {
        try (Engine engine = Engine.open()) {
            byte[] file = OldVersionsCheckTest.resource(MAIN);
            RdbLoader.Result r = engine.loop().submit(() -> RdbLoader.load(engine, new ByteArrayInputStream(file),
                    MAIN)).get();
            assertEquals(new RdbLoader.FieldTtls(8, 6, 4, 1), r.fieldTtls());
        }
    }

    @Test
    void everyEngineBackedCommandReadsAVersion12File() throws Exception {
        String file = fixture(MAIN).toString();
        String[][] commands = {
            {"salvage", file, "--to", tmp.resolve("salvaged.rdb").toString()},
            {"diff", file, fixture(CLUSTER).toString()},
            {"inspect", file, "--memory"},
            {"convert", file, "--to", "aof", "--out", tmp.resolve("aof").toString()},
            {"convert", file, "--to", "csv-memory", "--out", tmp.resolve("mem.csv").toString()},
            {"convert", file, "--to", "resp", "--out", tmp.resolve("out.resp").toString()},
            {"convert", file, "--to", "sqlite", "--out", tmp.resolve("out.sqlite").toString()},
        };
        for (String[] command : commands) {
            Run run = cli(command);
            String all = run.out + run.err;
            assertFalse(all.contains("can't handle") || all.contains("CORRUPT") || all.contains("not supported"),
                    String.join(" ", command) + ": " + all);
            assertTrue(run.exit == ExitCodes.OK || run.exit == ExitCodes.PARTIAL
                    || command[0].equals("diff") && run.exit != ExitCodes.CORRUPT,
                    String.join(" ", command) + " exit " + run.exit + ": " + all);
        }
    }

    @Test
    void salvageOfAnIntactVersion12FileKeepsEveryKeyAndReportsTheFieldTtls() throws Exception {
        Path salvaged = tmp.resolve("salvaged.rdb");
        Run run = cli("salvage", fixture(MAIN).toString(), "--to", salvaged.toString(), "--json");
        assertEquals(ExitCodes.PARTIAL, run.exit, run.out + run.err);
        JsonNode report = new ObjectMapper().readTree(run.out);
        assertEquals(0, report.get("lost").size(), run.out);
        assertEquals(10, report.get("keys_salvaged").asLong());
        JsonNode dropped = report.get("field_ttls_dropped");
        assertEquals(8, dropped.get("fields").asLong());
        assertEquals(6, dropped.get("keys").asLong());
        assertEquals(4, dropped.get("fields_already_expired").asLong());
        assertEquals(1, dropped.get("keys_all_fields_expired").asLong());
        assertTrue(cli("salvage", fixture(MAIN).toString(), "--to", salvaged.toString()).out
                .contains("nothing damaged; field TTLs dropped as above"));

        // the same keys and values as the conversion to RDB 10 keeps
        Path converted = tmp.resolve("v10.rdb");
        cli("convert", fixture(MAIN).toString(), "--to", "rdb", "--rdb-version", "10", "--out", converted.toString());
        assertEquals(sortedLines(cli("convert", converted.toString(), "--to", "jsonl").out),
                sortedLines(cli("convert", salvaged.toString(), "--to", "jsonl").out));
    }

    private static List<String> sortedLines(String text) {
        return text.lines().sorted().toList();
    }

    @Test
    void salvageOfADamagedVersion12FileNeverCrashes() throws Exception {
        byte[] file = OldVersionsCheckTest.resource(MAIN);
        for (int at = 9; at < file.length; at += 7) {
            byte[] damaged = file.clone();
            damaged[at] ^= (byte) 0x5a;
            Path in = tmp.resolve("damaged-" + at + ".rdb");
            Files.write(in, damaged);
            Run run = cli("salvage", in.toString(), "--to", tmp.resolve("out-" + at + ".rdb").toString());
            assertTrue(run.exit == ExitCodes.OK || run.exit == ExitCodes.PARTIAL || run.exit == ExitCodes.CORRUPT,
                    "flip at " + at + ": exit " + run.exit + " " + run.out + run.err);
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new RdbCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
