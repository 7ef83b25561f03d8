// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streams through {@code rdb convert --to resp}: per key, the same commands, byte for byte, as a real Redis
 * 7.0's own AOF rewrite (aof-use-rdb-preamble no) of the same data; piped into a fresh Redis they give every
 * stream the DEBUG DIGEST-VALUE, TTL and XINFO STREAM FULL it had, except what no command sets (consumers'
 * seen-time) and the pending entries of deleted entries (XCLAIM drops them, as after Redis's own rewrite).
 */
class StreamRespConvertTest {
    private static final List<String> STREAMS = List.of("s:big", "s:groups", "s:empty", "s:trimmed", "s:bin", "s:ttl");

    @TempDir
    Path tmp;

    private static byte[] resp(Path dump) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbRespWriter w = new RdbRespWriter(out);
        RdbCheckReport r = RdbChecker.check(dump, w);
        w.finish();
        assertTrue(r.ok(), () -> String.valueOf(r.failure()));
        assertEquals(0, w.keysSkipped());
        assertEquals(STREAMS.size() + 1, w.keysWritten());
        return out.toByteArray();
    }

    /** The commands of a RESP file grouped by the key they write (SELECT left out), in order. */
    private static Map<String, List<List<String>>> byKey(byte[] resp) throws IOException {
        Map<String, List<List<String>>> keys = new TreeMap<>();
        InputStream in = new ByteArrayInputStream(resp);
        while (true) {
            String head = line(in);
            if (head == null) {
                return keys;
            }
            assertTrue(head.startsWith("*"), head);
            List<String> argv = new ArrayList<>();
            for (int n = Integer.parseInt(head.substring(1)); n > 0; n--) {
                int len = Integer.parseInt(line(in).substring(1));
                argv.add(new String(in.readNBytes(len), ISO_8859_1));
                in.readNBytes(2);
            }
            if (argv.get(0).equalsIgnoreCase("SELECT")) {
                continue;
            }
            String key = argv.get(0).equals("XGROUP") ? argv.get(2) : argv.get(1);
            keys.computeIfAbsent(key, k -> new ArrayList<>()).add(argv);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                return s.isEmpty() ? null : s.toString();
            }
            if (c != '\r') {
                s.append((char) c);
            }
        }
        return s.toString();
    }

    /** What a server says of each stream: its digest, TTL and XINFO STREAM FULL with seen-times masked. */
    private static Map<String, String> view(RealRedis r) throws IOException {
        Map<String, String> v = new HashMap<>();
        for (String s : STREAMS) {
            v.put(s + " digest", r.call("DEBUG", "DIGEST-VALUE", s));
            v.put(s + " ttl", r.call("PEXPIRETIME", s));
            v.put(s, r.call("XINFO", "STREAM", s, "FULL", "COUNT", "0").replaceAll("seen-time\n:?[0-9]+\n", "seen-time\n*\n"));
        }
        return v;
    }

    @Test
    void streamsAreTheCommandsOfRedisOwnRewriteAndComeBackWhole() throws Exception {
        Path dump = StreamRoundTripTest.realStreamDump(tmp);
        byte[] ours = resp(dump);

        Path dir = Files.createDirectories(tmp.resolve("original"));
        Files.copy(dump, dir.resolve("dump.rdb"));
        byte[] theirs;
        Map<String, String> original;
        try (RealRedis r = RealRedis.startOrSkip(dir, "--aof-use-rdb-preamble", "no")) {
            r.call("CONFIG", "SET", "appendonly", "yes");
            r.awaitInfo("aof_rewrites", "1");
            r.awaitInfo("aof_rewrite_in_progress", "0");
            Path base;
            try (Stream<Path> files = Files.list(dir.resolve("appendonlydir"))) {
                base = files.filter(p -> p.getFileName().toString().endsWith(".base.aof")).findFirst().orElseThrow();
            }
            theirs = Files.readAllBytes(base);
            // Redis 7.0's XCLAIM drops a pending entry whose stream entry was deleted: what any rewrite gives
            r.call("XCLAIM", "s:groups", "g1", "alice", "0", "3-0");
            original = view(r);
        }
        assertEquals(byKey(theirs), byKey(ours));

        try (RealRedis fresh = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("fresh")))) {
            assertEquals(List.of(), fresh.pipe(ours));
            Map<String, String> piped = view(fresh);
            for (String k : original.keySet()) {
                assertEquals(original.get(k), piped.get(k), k);
            }
            assertEquals("string", fresh.call("GET", "plain"));
        }
        String groups = original.get("s:groups");
        assertTrue(groups.contains("carol") && groups.contains("1700000000000"), groups);
    }

    /**
     * A file of RDB type 15 (Redis 5 and 6, here made by {@code convert --to rdb --rdb-version 9}) lacks the 7.0
     * counters: the commands leave them as Redis 7.0 sets them when it loads that file.
     */
    @Test
    void streamsOfRdb9ComeBackAsRedisLoadsThem() throws Exception {
        Path dump = StreamRoundTripTest.realStreamDump(tmp);
        Path dir = Files.createDirectories(tmp.resolve("v9"));
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new RdbCommand());
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        assertEquals(ExitCodes.PARTIAL, cl.execute("convert", dump.toString(), "--to", "rdb", "--rdb-version", "9",
                "--out", dir.resolve("dump.rdb").toString()), err::toString);
        byte[] ours = resp(dir.resolve("dump.rdb"));
        Map<String, String> loaded;
        try (RealRedis r = RealRedis.startOrSkip(dir)) {
            r.call("XCLAIM", "s:groups", "g1", "alice", "0", "3-0");
            loaded = view(r);
        }
        // Redis 7.0 loading an empty type 15 stream records the maximum id as its first one (streamGetEdgeID of
        // an empty stream); no command sets that, and a stream built by commands says 0-0
        String maxFirst = "recorded-first-entry-id\n18446744073709551615-18446744073709551615\n";
        assertTrue(loaded.get("s:empty").contains(maxFirst), loaded.get("s:empty"));
        loaded.put("s:empty", loaded.get("s:empty").replace(maxFirst, "recorded-first-entry-id\n0-0\n"));
        try (RealRedis fresh = RealRedis.startOrSkip(Files.createDirectories(tmp.resolve("fresh")))) {
            assertEquals(List.of(), fresh.pipe(ours));
            Map<String, String> piped = view(fresh);
            for (String k : loaded.keySet()) {
                assertEquals(loaded.get(k), piped.get(k), k);
            }
        }
    }

    @Test
    void theCommandFiltersStreamsAndSaysNothingIsSkipped() throws Exception {
        Path dump = StreamRoundTripTest.realStreamDump(tmp);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new RdbCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute("convert", dump.toString(), "--to", "resp", "--key", "s:t*"), err::toString);
        assertTrue(err.toString().startsWith("converted 2 keys, filtered out 5"), err.toString());
        Map<String, List<List<String>>> keys = byKey(out.toString().getBytes(UTF_8));
        assertEquals(List.of("s:trimmed", "s:ttl"), new ArrayList<>(keys.keySet()));
        List<String> last = keys.get("s:ttl").get(keys.get("s:ttl").size() - 1);
        assertEquals("PEXPIREAT", last.get(0));
    }
}
