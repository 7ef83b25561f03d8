// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.cinnabar.tools.rdb.RdbImportStreamingTest.importWith;
import static dev.cinnabar.tools.rdb.RdbImportStreamingTest.run;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rdb import} of a stream past the spill threshold (lowered here): written from a {@link StreamSpill},
 * never held by the engine, the file loading in a real redis-server 7.0 with the original's digest, XINFO
 * STREAM FULL and XLEN, and byte for byte what the engine path writes; bad input refused as the engine path
 * refuses it, with nothing written.
 */
class StreamSpillImportTest {
    @TempDir
    Path tmp;


    private List<String> leftovers() throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("temp-")).toList();
        }
    }

    /** DEBUG DIGEST, and per stream DEBUG DIGEST-VALUE, XLEN and XINFO STREAM FULL (without the node counts). */
    private Map<String, String> view(Path rdb, String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.copy(rdb, dir.resolve("dump.rdb"));
        Map<String, String> v = new LinkedHashMap<>();
        try (RealRedis r = RealRedis.startOrSkip(dir)) {
            v.put("digest", r.call("DEBUG", "DIGEST"));
            for (String s : List.of("big", "small")) {
                v.put(s + " digest", r.call("DEBUG", "DIGEST-VALUE", s));
                v.put(s + " xlen", r.call("XLEN", s));
                // the original's nodes keep its XDEL'd entries as tombstones; the import has none
                v.put(s + " full", r.call("XINFO", "STREAM", s, "FULL", "COUNT", "0")
                        .replaceFirst("radix-tree-keys\n:\\d+\nradix-tree-nodes\n:\\d+\n", ""));
            }
        }
        return v;
    }

    @Test
    void aBigStreamIsWrittenDirectlyAndLoadsInRedisAsTheOriginal() throws Exception {
        Path dump;
        try (RealRedis r = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("source")))) {
            // field sets: the master's (a, b), others (a, c; one long field), integer and long values
            r.call("EVAL", "for i=1,4000 do "
                    + "if i % 5 == 0 then redis.call('XADD','big', i..'-'..(i % 4), 'a', i, 'c', 'x'..i) "
                    + "elseif i % 97 == 0 then "
                    + "redis.call('XADD','big', i..'-'..(i % 4), 'long', string.rep('v', i % 900)) "
                    + "else redis.call('XADD','big', i..'-'..(i % 4), 'a', 'va'..(i % 13), 'b', i * 1000) end end",
                    "0");
            r.call("XGROUP", "CREATE", "big", "g1", "0");
            r.call("XREADGROUP", "GROUP", "g1", "alice", "COUNT", "300", "STREAMS", "big", ">");
            r.call("XREADGROUP", "GROUP", "g1", "bob", "COUNT", "200", "STREAMS", "big", ">");
            r.call("XACK", "big", "g1", "3-3", "4-0");
            r.call("XGROUP", "CREATE", "big", "g2", "2000-0", "ENTRIESREAD", "1999");
            r.call("XGROUP", "CREATECONSUMER", "big", "g2", "carol");
            // deleted entries, some of them pending
            r.call("EVAL", "for i=7,4000,11 do redis.call('XDEL','big', i..'-'..(i % 4)) end", "0");
            r.call("XADD", "small", "1-1", "k", "v");
            dump = r.save();
        }
        Path json = tmp.resolve("dump.jsonl");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "convert", dump.toString(), "--to", "jsonl", "--out", json.toString()),
                err::toString);
        Path direct = tmp.resolve("direct.rdb");
        try (InputStream in = Files.newInputStream(json)) {
            assertEquals(1, importWith(in, direct, 1000).spilled());
        }
        assertEquals(List.of(), leftovers());
        assertEquals(0, run(err, "check", direct.toString()), err::toString);
        Map<String, String> original = view(dump, "original");
        assertTrue(original.get("big xlen").equals(":3636"), original::toString);
        assertEquals(original, view(direct, "direct"));

        // the engine path writes the same bytes
        Path loaded = tmp.resolve("loaded.rdb");
        try (InputStream in = Files.newInputStream(json)) {
            assertEquals(0, importWith(in, loaded, Long.MAX_VALUE).spilled());
        }
        assertEquals(-1, Files.mismatch(direct, loaded));
    }

    private static String stream(int entries, int outOfOrderAt, String counters) {
        StringBuilder json = new StringBuilder("{\"db\":0,\"key\":\"s\",\"type\":\"stream\",\"expire_at_ms\":null,"
                + "\"value\":{\"entries\":[");
        for (int i = 1; i <= entries; i++) {
            long ms = i == outOfOrderAt ? 3 : i;
            json.append(i == 1 ? "" : ",").append("{\"id\":\"").append(ms).append("-0\",\"fields\":[[\"f\",\"")
                    .append(i).append("\"]]}");
        }
        return json.append("]").append(counters).append(",\"groups\":[]}}\n").toString();
    }

    @Test
    void badStreamsAreRefusedAsTheEnginePathRefusesThemWithNothingWritten() throws Exception {
        Path out = tmp.resolve("o.rdb");
        for (String bad : List.of(
                stream(50, 30, ",\"last_id\":\"50-0\""),
                stream(50, 0, ",\"last_id\":\"40-0\""),
                stream(50, 0, ",\"last_id\":\"60-0\",\"entries_added\":49"),
                stream(50, 0, ",\"last_id\":\"60-0\",\"max_deleted_id\":\"70-0\",\"entries_added\":50"))) {
            JsonDumpImporter.BadInputException direct = assertThrows(JsonDumpImporter.BadInputException.class,
                    () -> importWith(new ByteArrayInputStream(bad.getBytes(UTF_8)), out, 10));
            JsonDumpImporter.BadInputException engine = assertThrows(JsonDumpImporter.BadInputException.class,
                    () -> importWith(new ByteArrayInputStream(bad.getBytes(UTF_8)), out, Long.MAX_VALUE));
            assertEquals(engine.getMessage(), direct.getMessage());
            assertFalse(Files.exists(out));
            assertEquals(List.of(), leftovers());
        }
        // and through the command
        Path in = tmp.resolve("bad.jsonl");
        Files.writeString(in, stream(20_000, 15_000, ""));
        StringWriter err = new StringWriter();
        assertEquals(ExitCodes.CORRUPT, run(err, "import", in.toString(), "--to", out.toString()));
        assertTrue(err.toString().contains("equal or smaller than the target stream top item"), err::toString);
        assertFalse(Files.exists(out));
        assertEquals(List.of(), leftovers());
    }
}
