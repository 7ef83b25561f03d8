// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cinnabar.core.rdb.RdbEntry;
import dev.cinnabar.core.rdb.RdbFileReader;
import dev.cinnabar.core.rdb.RdbVisitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The salvage invariant on dumps made afresh by a real redis-server (so key order, which follows Redis's
 * per-process hash seed, differs every time): each dump is damaged at several random places (flipped
 * bytes, overwritten and zeroed runs, inserted and deleted bytes, a truncation), salvaged, and then every key
 * of the intact file whose record lies outside the damage must come back with its value, expiry and
 * database, every key that does not come back must lie in a reported lost range, and the output must be a
 * valid RDB (which redis-check-rdb passes and redis-server 7.0 loads, for the first copy of each dump).
 * Reported ranges that reach beyond the damage (records outside it reported lost: less recovered than could
 * be, but nothing lost silently) are counted, and fail only with {@code -Dsweep.strict=true}.
 *
 * <p>The committed run is small and seeded; a big sweep runs by hand (see docs/tools.md, "rdb salvage"):
 * {@code mvn -o -q -pl rdb-tools -am test -Dtest=RdbSalvageSweepTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dsweep.dumps=40 -Dsweep.cases=10 -Dsweep.seed=1}. Every failing case is written to
 * {@code target/salvage-sweep-failures} (the intact dump, the damaged copy, what went wrong) to replay it.
 */
class RdbSalvageSweepTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Keys outside the damage that a reported range took along: reported, but not recovered. */
    private long keptInLostRanges;
    /** Reported ranges that meet neither the damage nor a record it touched. */
    private long rangesAwayFromDamage;

    /** One record of the intact file: where it is, and what must come back. */
    record Rec(long db, long start, long end, ValueDigest.Fingerprint value, long expireAt, long selectAt) {
    }

    /** A damage in the intact file's coordinates: kind, offset, length (inserted/removed bytes for insert/delete). */
    record Damage(String kind, int at, int length, byte[] bytes) {
        /** Bytes of the intact file it changes: [at, at + length), nothing for an insertion. */
        int touchedEnd() {
            return kind.equals("insert") ? at : at + length;
        }

        int shift() {
            return switch (kind) {
                case "insert" -> length;
                case "delete" -> -length;
                default -> 0;
            };
        }

        @Override
        public String toString() {
            return kind + "@" + at + "+" + length;
        }
    }

    /**
     * The fixed dump of {@link RdbSalvageTest} (the same bytes every run) under seeded random damage: every
     * failure replays, so the invariant is asserted.
     */
    @Test
    void fixedDumpDamagedAtRandomPlaces() throws Exception {
        Path dump = tmp.resolve("fixed.rdb");
        try (InputStream in = RdbSalvageSweepTest.class.getResourceAsStream("/salvage/dump-7.0.rdb")) {
            Files.copy(in, dump);
        }
        List<String> failures = new ArrayList<>();
        try (ToolEngine tool = new ToolEngine(null)) {
            sweep(tool, dump, new Random(20261203L), 12, 3, 20261203L, -1, failures);
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " damaged copies broke the salvage invariant:\n" + String.join("\n", failures));
        }
    }

    /**
     * Fresh dumps (their key order differs at every run, so a rare failure would not replay): a committed run
     * asserts what must never happen on any file — a crash, an output that is not a valid RDB, that
     * redis-check-rdb refuses or redis-server 7.0 does not load whole — and prints the invariant's failures;
     * a sweep by hand ({@code -Dsweep.dumps=N}) asserts the invariant too.
     */
    @Test
    void freshDumpsDamagedAtRandomPlaces() throws Exception {
        boolean byHand = System.getProperty("sweep.dumps") != null;
        int dumps = Integer.getInteger("sweep.dumps", 2);
        int cases = Integer.getInteger("sweep.cases", 6);
        int damagesPerCase = Integer.getInteger("sweep.damages", 3);
        long seed = Long.getLong("sweep.seed", 20261203L);
        List<String> failures = new ArrayList<>();
        int ran = 0;
        try (ToolEngine tool = new ToolEngine(null)) {
            for (int d = 0; d < dumps; d++) {
                Random rnd = new Random(seed * 1_000_003L + d);
                ran += sweep(tool, freshDump(rnd, d), rnd, cases, damagesPerCase, seed, d, failures);
            }
        }
        System.out.println("salvage sweep: " + failures.size() + " failing cases of " + ran + " (" + dumps
                + " fresh dumps, seed " + seed + "); " + keptInLostRanges + " keys outside the damage not recovered "
                + "but inside reported ranges; " + rangesAwayFromDamage + " reported ranges away from the damage");
        List<String> hard = byHand ? failures : failures.stream().filter(f -> f.contains(FORMAT)).toList();
        failures.forEach(f -> System.out.println("  " + f));
        if (!hard.isEmpty()) {
            fail(hard.size() + " of " + ran + " damaged copies broke the salvage invariant:\n" + String.join("\n", hard));
        }
    }

    /** Marks what is wrong with the output file itself (not with what it holds). */
    private static final String FORMAT = "[output] ";

    /** Damages {@code dump} {@code cases} times and checks each copy; the number of copies checked. */
    private int sweep(ToolEngine tool, Path dump, Random rnd, int cases, int damagesPerCase, long seed, int d,
            List<String> failures) throws Exception {
        byte[] intact = Files.readAllBytes(dump);
        Map<ByteBuffer, Rec> records = records(tool, dump);
        for (int c = 0; c < cases; c++) {
            List<Damage> damages = damages(rnd, intact.length, damagesPerCase);
            String failure = check(tool, intact, records, damages);
            if (failure == null && c == 0) {
                failure = loadsInRedis(tool, tmp.resolve("out.rdb"), d);
            }
            if (failure != null) {
                failures.add("dump " + d + " (seed " + seed + ") case " + c + " " + damages + ": " + failure);
                keep(intact, damages, failure, seed, d, c);
            }
        }
        return cases;
    }

    /** Checks one damaged copy; a description of what is wrong, null if nothing. */
    private String check(ToolEngine tool, byte[] intact, Map<ByteBuffer, Rec> records, List<Damage> damages)
            throws Exception {
        byte[] damaged = apply(intact, damages);
        Path bad = tmp.resolve("bad.rdb");
        Files.write(bad, damaged);
        Path out = tmp.resolve("out.rdb");
        Files.deleteIfExists(out);
        RdbDiffTest.Run run = RdbDiffTest.run("salvage", bad.toString(), "--to", out.toString(), "--json", "--no-progress");
        if (run.code() != 0 && run.code() != 3) {
            return FORMAT + "exit " + run.code() + ": " + run.err();
        }
        JsonNode rep = JSON.readTree(run.out());
        List<long[]> lost = new ArrayList<>();
        for (JsonNode l : rep.get("lost")) {
            lost.add(new long[] {l.get("start").asLong(), l.get("end").asLong()});
        }
        RdbCheckReport valid = RdbChecker.check(out);
        if (valid.failure() != null) {
            return FORMAT + "the output is not a valid RDB: " + valid.failure();
        }
        Map<ByteBuffer, Rec> got = records(tool, out);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<ByteBuffer, Rec> e : records.entrySet()) {
            Rec rec = e.getValue();
            boolean touched = damages.stream().anyMatch(dm -> touches(dm, rec));
            long from = map(rec.start(), damages);
            int cut = cutAt(damages);
            long to = cut >= 0 && rec.end() > cut ? damaged.length + 1L : map(rec.end(), damages);
            // a record cut off by a truncation is covered by a lost range running to the end of the file
            boolean inLost = lost.stream().anyMatch(l -> from < l[1] && l[0] < to
                    || to > damaged.length && l[1] >= damaged.length);
            Rec back = got.get(e.getKey());
            String key = RdbFileReader.quote(e.getKey().array());
            if (back == null && inLost && !touched) {
                keptInLostRanges++;
            }
            if (back == null) {
                // a damaged record that still parses comes back under another name: only the checksum tells
                if (!inLost && !(touched && run.code() == 3)) {
                    problems.add("key " + key + " at " + rec.start() + ".." + rec.end() + (touched ? " (damaged)" : "")
                            + " is missing and no lost range covers it (" + from + ".." + to + ")");
                }
            } else if (!touched && !inLost && (!back.value().equals(rec.value()) || back.expireAt() != rec.expireAt()
                    || back.db() != rec.db())) {
                problems.add("key " + key + " at " + rec.start() + ".." + rec.end() + " outside the damage came back changed");
            }
        }
        for (long[] l : lost) {
            boolean near = false;
            for (Damage dm : damages) {
                long lo = map(dm.at(), damages);
                long hi = Math.max(lo + 1, map(dm.touchedEnd(), damages) + Math.max(0, dm.shift()));
                // a lost range must meet the damage itself or a record the damage touches
                for (Rec rec : records.values()) {
                    if (touches(dm, rec)) {
                        lo = Math.min(lo, map(rec.start(), damages));
                        hi = Math.max(hi, map(rec.end(), damages));
                    }
                }
                near |= l[0] <= hi && lo <= l[1];
            }
            if (!near) {
                // records outside the damage reported lost: nothing is lost silently, but less is recovered
                // than could be; a failure with -Dsweep.strict=true (the big sweep counts them)
                rangesAwayFromDamage++;
                if (Boolean.getBoolean("sweep.strict")) {
                    problems.add("lost range " + l[0] + ".." + l[1] + " is away from every damage");
                }
            }
        }
        if (run.code() == 0 && got.size() != records.size()) {
            problems.add("exit 0 but " + got.size() + " keys of " + records.size());
        }
        return problems.isEmpty() ? null : String.join("; ", problems) + "\n    report: " + run.out().strip();
    }

    private static int cutAt(List<Damage> damages) {
        return damages.stream().filter(d -> d.kind().equals("truncate")).mapToInt(Damage::at).findFirst().orElse(-1);
    }

    /**
     * Whether {@code dm} changes {@code rec}: its bytes, or the SELECTDB that puts it in its database (a
     * database number changed into another one parses, and only the checksum tells).
     */
    /**
     * Whether real redis-server 7.0 loads the salvaged file with every key in it, and redis-check-rdb passes
     * it; a description of what is wrong, null if nothing.
     */
    private String loadsInRedis(ToolEngine tool, Path out, int index) throws Exception {
        Map<ByteBuffer, Rec> written = records(tool, out);
        String checker = RealRedis.find("redis-check-rdb");
        if (checker != null) {
            Process p = new ProcessBuilder(checker, out.toString()).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), UTF_8);
            if (p.waitFor() != 0) {
                return FORMAT + "redis-check-rdb refuses the output: " + text;
            }
        }
        Path dir = Files.createDirectories(tmp.resolve("load-" + index));
        Files.copy(out, dir.resolve("dump.rdb"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (RealRedis r = RealRedis.startOrSkip(dir)) {
            long keys = 0;
            for (String line : r.call("INFO", "keyspace").split("\\r?\\n")) {
                if (line.startsWith("db")) {
                    keys += Long.parseLong(line.replaceAll(".*keys=(\\d+).*", "$1"));
                }
            }
            return keys == written.size() ? null : FORMAT + "redis-server 7.0 loaded " + keys + " keys of the output's " + written.size();
        }
    }

    private static boolean touches(Damage dm, Rec rec) {
        return touches(dm, rec.start(), rec.end()) || rec.selectAt() >= 0 && touches(dm, rec.selectAt(), rec.selectAt() + 2);
    }

    private static boolean touches(Damage dm, long start, long end) {
        Rec rec = new Rec(0, start, end, null, 0, -1);
        if (dm.kind().equals("truncate")) {
            return rec.end() > dm.at();
        }
        if (dm.kind().equals("insert")) {
            return rec.start() < dm.at() && dm.at() < rec.end();
        }
        return rec.start() < dm.touchedEnd() && dm.at() < rec.end();
    }

    /** Where offset {@code x} of the intact file is in the damaged copy. */
    private static long map(long x, List<Damage> damages) {
        long y = x;
        for (Damage dm : damages) {
            if (dm.kind().equals("insert") && dm.at() <= x) {
                y += dm.length();
            } else if (dm.kind().equals("delete") && dm.at() < x) {
                y -= Math.min(dm.length(), x - dm.at());
            } else if (dm.kind().equals("truncate") && x > dm.at()) {
                y -= x - dm.at();
            }
        }
        return y;
    }

    /** Random, non-overlapping damages past the header; at most one truncation, the last in the file. */
    static List<Damage> damages(Random rnd, int size, int count) {
        List<Damage> out = new ArrayList<>();
        String[] kinds = {"flip", "flip", "block", "zero", "insert", "delete", "truncate"};
        int attempts = 0;
        while (out.size() < count && attempts++ < 1000) {
            String kind = kinds[rnd.nextInt(kinds.length)];
            int at = 9 + rnd.nextInt(size - 9);
            int length = switch (kind) {
                case "flip" -> 1;
                case "block", "zero" -> 2 + rnd.nextInt(63);
                case "insert", "delete" -> 1 + rnd.nextInt(32);
                default -> size - at;
            };
            length = Math.min(length, size - at);
            if (kind.equals("insert")) {
                length = Math.max(length, 1);
            }
            byte[] bytes = new byte[length];
            rnd.nextBytes(bytes);
            if (kind.equals("flip") && bytes[0] == 0) {
                bytes[0] = 1;
            }
            Damage dm = new Damage(kind, at, length, bytes);
            boolean clash = out.stream().anyMatch(o -> o.at() <= dm.at() + dm.length() + 1
                    && dm.at() <= o.at() + o.length() + 1 || (kind.equals("truncate") || o.kind().equals("truncate"))
                    && (kind.equals("truncate") && o.kind().equals("truncate") || kind.equals("truncate") && o.at() >= at
                    || o.kind().equals("truncate") && at >= o.at()));
            if (!clash) {
                out.add(dm);
            }
        }
        out.sort((a, b) -> Integer.compare(a.at(), b.at()));
        return out;
    }

    /** The damaged copy: damages applied from the last to the first, so earlier offsets stay put. */
    static byte[] apply(byte[] intact, List<Damage> damages) {
        byte[] b = intact.clone();
        for (int i = damages.size() - 1; i >= 0; i--) {
            Damage dm = damages.get(i);
            switch (dm.kind()) {
                case "flip", "block" -> {
                    for (int k = 0; k < dm.length(); k++) {
                        b[dm.at() + k] ^= dm.bytes()[k] == 0 ? 0x5a : dm.bytes()[k];
                    }
                }
                case "zero" -> Arrays.fill(b, dm.at(), dm.at() + dm.length(), (byte) 0);
                case "insert" -> {
                    byte[] n = new byte[b.length + dm.length()];
                    System.arraycopy(b, 0, n, 0, dm.at());
                    System.arraycopy(dm.bytes(), 0, n, dm.at(), dm.length());
                    System.arraycopy(b, dm.at(), n, dm.at() + dm.length(), b.length - dm.at());
                    b = n;
                }
                case "delete" -> {
                    byte[] n = new byte[b.length - dm.length()];
                    System.arraycopy(b, 0, n, 0, dm.at());
                    System.arraycopy(b, dm.at() + dm.length(), n, dm.at(), b.length - dm.at() - dm.length());
                    b = n;
                }
                default -> b = Arrays.copyOf(b, dm.at());
            }
        }
        return b;
    }

    private void keep(byte[] intact, List<Damage> damages, String failure, long seed, int d, int c) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "salvage-sweep-failures", seed + "-" + d + "-" + c));
        Files.write(dir.resolve("intact.rdb"), intact);
        Files.write(dir.resolve("damaged.rdb"), apply(intact, damages));
        Files.writeString(dir.resolve("failure.txt"), damages + "\n" + failure + "\n");
    }

    /** Every key record of an intact RDB: its database, byte range, value and expiry. */
    static Map<ByteBuffer, Rec> records(ToolEngine tool, Path rdb) throws IOException {
        Map<ByteBuffer, Rec> out = new HashMap<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(rdb))) {
            RdbFileReader reader = new RdbFileReader(in, tool.engine.types());
            long[] select = {-1};
            reader.read(new RdbVisitor() {
                @Override
                public void selectDb(long db) {
                    select[0] = reader.offset() - 2;
                }

                @Override
                public void entry(RdbEntry e) {
                    out.put(ByteBuffer.wrap(e.key()), new Rec(e.db(), e.offset(), reader.offset(),
                            EngineDigest.of(e.type(), e.value()), e.expireAtMillis(), select[0]));
                }
            });
        }
        return out;
    }

    /** A dump written by a fresh redis-server 7.0, holding every type in every encoding, filled from {@code rnd}. */
    private Path freshDump(Random rnd, int index) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("redis-" + index));
        try (RealRedis r = RealRedis.startOrSkip(dir)) {
            List<String> errors = r.pipe(fill(rnd));
            assertTrue(errors.isEmpty(), errors.toString());
            Path p = tmp.resolve("fresh-" + index + ".rdb");
            Files.copy(r.save(), p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return p;
        }
    }

    /** RESP commands filling several databases with every type and encoding Redis 7.0 saves. */
    static byte[] fill(Random rnd) {
        Resp out = new Resp();
        int[] dbs = {0, 0, 0, 1, 3};
        for (int group = 0; group < 12; group++) {
            out.cmd("SELECT", Integer.toString(dbs[rnd.nextInt(dbs.length)]));
            String p = "g" + group + ":";
            out.cmd("SET", p + "int", Long.toString(rnd.nextLong() >> rnd.nextInt(60)));
            out.cmd("SET", p + "embstr", "v" + rnd.nextInt(1_000_000));
            out.cmd("SET", p + "raw", text(rnd, 60 + rnd.nextInt(300)));
            out.cmd("SET", p + "lzf", "abcabc".repeat(50 + rnd.nextInt(400)) + text(rnd, 20));
            out.bin("SET", p + "binary", bytes(rnd, 1 + rnd.nextInt(200)));
            out.cmd("SET", p + "ttl", text(rnd, 10), "PX", Long.toString(100_000_000L + rnd.nextInt(1_000_000)));
            for (int i = 0; i < 4; i++) {
                out.cmd("SET", p + "s" + i, "value:" + rnd.nextInt(10_000_000));
            }
            out.cmd("RPUSH", p + "list", "a", text(rnd, 5), "123", "-4");
            String[] big = new String[200 + rnd.nextInt(200)];
            for (int i = 0; i < big.length; i++) {
                big[i] = "element-" + i + "-" + text(rnd, rnd.nextInt(60));
            }
            out.cmd(concat(new String[] {"RPUSH", p + "quicklist"}, big));
            out.cmd("SADD", p + "intset", "1", "2", Integer.toString(rnd.nextInt(100_000)), "-7");
            out.cmd("SADD", p + "set", "a", "b", text(rnd, 8));
            String[] members = new String[150 + rnd.nextInt(50)];
            for (int i = 0; i < members.length; i++) {
                members[i] = Integer.toString(i * 7 + rnd.nextInt(7));
            }
            out.cmd(concat(new String[] {"SADD", p + "bigintset"}, members));
            out.cmd(concat(new String[] {"SADD", p + "hashtableset"}, big));
            out.cmd("HSET", p + "hash", "f", "v", "g", Integer.toString(rnd.nextInt()));
            String[] fields = new String[2 * (140 + rnd.nextInt(40))];
            for (int i = 0; i < fields.length; i += 2) {
                fields[i] = "field" + i;
                fields[i + 1] = text(rnd, rnd.nextInt(20));
            }
            out.cmd(concat(new String[] {"HSET", p + "bighash"}, fields));
            out.cmd("HSET", p + "longvaluehash", "f", text(rnd, 100));
            out.cmd("ZADD", p + "zset", "1.5", "a", "-2", "b", Integer.toString(rnd.nextInt()), "c");
            String[] scored = new String[2 * (140 + rnd.nextInt(40))];
            for (int i = 0; i < scored.length; i += 2) {
                scored[i] = Double.toString(rnd.nextGaussian() * 1000);
                scored[i + 1] = "member" + i;
            }
            out.cmd(concat(new String[] {"ZADD", p + "bigzset"}, scored));
            for (int i = 0; i < 3 + rnd.nextInt(5); i++) {
                out.cmd("XADD", p + "stream", "*", "f", text(rnd, 6), "n", Integer.toString(i));
            }
            out.cmd("XGROUP", "CREATE", p + "stream", "grp", "0");
            out.cmd("XREADGROUP", "GROUP", "grp", "alice", "COUNT", "2", "STREAMS", p + "stream", ">");
            if (rnd.nextBoolean()) {
                out.cmd("PEXPIRE", p + "hash", Long.toString(100_000_000L + rnd.nextInt(1000)));
                out.cmd("PEXPIRE", p + "quicklist", Long.toString(100_000_000L + rnd.nextInt(1000)));
            }
        }
        out.cmd("SELECT", "0");
        out.cmd("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "100");
        out.cmd("RPUSH", "plainlist", "p".repeat(300), "small");
        return out.bytes();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static String text(Random rnd, int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) ('a' + rnd.nextInt(26)));
        }
        return s.toString();
    }

    private static byte[] bytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    /** RESP command builder (binary-safe). */
    private static final class Resp {
        private final ByteArrayOutputStream b = new ByteArrayOutputStream();

        void cmd(String... args) {
            byte[][] a = new byte[args.length][];
            for (int i = 0; i < args.length; i++) {
                a[i] = args[i].getBytes(UTF_8);
            }
            raw(a);
        }

        void bin(String command, String key, byte[] value) {
            raw(new byte[][] {command.getBytes(UTF_8), key.getBytes(UTF_8), value});
        }

        private void raw(byte[][] args) {
            b.writeBytes(("*" + args.length + "\r\n").getBytes(UTF_8));
            for (byte[] a : args) {
                b.writeBytes(("$" + a.length + "\r\n").getBytes(UTF_8));
                b.writeBytes(a);
                b.writeBytes("\r\n".getBytes(UTF_8));
            }
        }

        byte[] bytes() {
            return b.toByteArray();
        }
    }

    @Test
    void damagesMapOffsetsBack() {
        List<Damage> d = List.of(new Damage("insert", 10, 3, new byte[3]), new Damage("delete", 20, 5, new byte[5]));
        assertEquals(5, map(5, d));
        assertEquals(13, map(10, d));
        assertEquals(23, map(20, d));
        assertEquals(23, map(22, d));
        assertEquals(25, map(27, d));
    }
}
