// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli;

import dev.cinnabar.core.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.cinnabar.cli.ShellRunner.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cinnabar shell --rdb FILE} and {@code --aof PATH}: a file's data answered read-only, with no server. */
class ShellFileModesTest {
    private static final String READS = "get s\nlrange l 0 -1\nhget h f\nttl s\nset s changed\neval \"return 1\" 0\n"
            + "save\ndbsize\nget s\n";
    private static final String EXPECTED = "\"v\"\n1) \"a\"\n2) \"b\"\n\"1\"\n(integer) -1\n";

    private static void write(Engine engine) {
        engine.execute("SET", "s", "v");
        engine.execute("RPUSH", "l", "a", "b");
        engine.execute("HSET", "h", "f", "1");
    }

    @Test
    void anRdbFileWrittenByTheEngineAnswersReadsAndRefusesWrites(@TempDir Path dir) throws Exception {
        try (Engine engine = Engine.open(Map.of("save", "", "dir", dir.toString()))) {
            write(engine);
            engine.execute("SAVE");
        }
        Path rdb = dir.resolve("dump.rdb");
        Unchanged before = Unchanged.of(rdb);
        ShellRunner.Result r = run(READS, "--no-raw", "--rdb", rdb.toString());
        assertTrue(r.out().startsWith(EXPECTED), r.out() + r.err());
        assertRefusals(r.out(), "dump.rdb");
        before.check(rdb);
        assertEquals(List.of("dump.rdb"), names(dir));
        // a read-only script that tries to write is refused by the engine itself
        String script = run("eval_ro \"return redis.call('set', 's', 'x')\" 0\nget s\n", "--rdb", rdb.toString()).out();
        assertTrue(script.endsWith("\nv\n") && script.contains("ERR"), script);
    }

    @Test
    void anAofDirectoryWrittenByTheEngineAnswersReadsAndRefusesWrites(@TempDir Path dir) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of("save", "", "dir", dir.toString(), "appendonly", "yes",
                "appendfsync", "always"));
        try (Engine engine = Engine.open(settings)) {
            write(engine);
        }
        Path aofDir = dir.resolve("appendonlydir");
        List<Unchanged> before = Unchanged.all(aofDir);
        ShellRunner.Result r = run(READS, "--no-raw", "--aof", aofDir.toString());
        assertTrue(r.out().startsWith(EXPECTED), r.out() + r.err());
        assertRefusals(r.out(), "appendonlydir");
        for (Unchanged u : before) {
            u.check(u.file);
        }
        assertEquals(before.size(), names(aofDir).size());
        // a single file of the directory (here the incremental one, plain commands) opens too
        Path incr;
        try (Stream<Path> files = Files.list(aofDir)) {
            incr = files.filter(p -> p.toString().endsWith(".incr.aof")).findFirst().orElseThrow();
        }
        assertEquals("v\n", run("", "--aof", incr.toString(), "GET", "s").out());
    }

    @Test
    void filesWrittenByARealRedisServerOpenToo() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.startOrSkip()) {
            String port = Integer.toString(redis.port());
            // Redis 7.0 does not let CONFIG SET change dir: the files go where the server was started
            Path dir = Path.of(run("", "-p", port, "CONFIG", "GET", "dir").out().split("\n")[1]);
            run("SET s v\nRPUSH l a b\nHSET h f 1\nSAVE\nCONFIG SET appendonly yes\n", "-p", port);
            long deadline = System.currentTimeMillis() + 10_000;
            while (!run("", "-p", port, "INFO", "persistence").out().contains("aof_rewrite_in_progress:0\r\n"
                    + "aof_rewrite_scheduled:0") || !Files.isDirectory(dir.resolve("appendonlydir"))) {
                assertTrue(System.currentTimeMillis() < deadline, "the AOF rewrite did not finish");
                Thread.sleep(20);
            }
            Thread.sleep(100);
            run("", "-p", port, "SET", "after", "rewrite");
            assertTrue(run(READS, "--no-raw", "--rdb", dir.resolve("dump.rdb").toString()).out().startsWith(EXPECTED));
            ShellRunner.Result aof = run(READS + "get after\n", "--no-raw", "--aof", dir.resolve("appendonlydir").toString());
            assertTrue(aof.out().startsWith(EXPECTED), aof.out() + aof.err());
            assertTrue(aof.out().endsWith("\"rewrite\"\n"), aof.out());
        }
    }

    @Test
    void aMissingFileOrTwoSourcesAreRefused(@TempDir Path dir) {
        ShellRunner.Result r = run("", "--rdb", dir.resolve("none.rdb").toString(), "PING");
        assertEquals(Cli.FAILURE, r.code());
        assertTrue(r.err().contains("No such RDB file"), r.err());
        assertEquals(Cli.USAGE, run("", "--rdb", "a.rdb", "--aof", "b", "PING").code());
        assertEquals(Cli.USAGE, run("", "--rdb", "a.rdb", "-p", "1", "PING").code());
    }

    private static void assertRefusals(String out, String name) {
        String[] lines = out.split("\n");
        String refused = "(error) READONLY " + name + " is open read-only: ";
        assertTrue(lines[5].startsWith(refused + "'set'"), out);
        assertTrue(lines[6].startsWith(refused + "'eval'"), out);
        assertTrue(lines[7].startsWith(refused + "'save'"), out);
        assertEquals("(integer) 3", lines[8]);
        assertEquals("\"v\"", lines[9]);
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A file's bytes and modification time, to check that opening it changed neither. */
    private record Unchanged(Path file, byte[] bytes, FileTime mtime) {
        static Unchanged of(Path file) throws Exception {
            return new Unchanged(file, Files.readAllBytes(file), Files.getLastModifiedTime(file));
        }

        static List<Unchanged> all(Path dir) throws Exception {
            try (Stream<Path> files = Files.list(dir)) {
                return files.map(p -> {
                    try {
                        return of(p);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
            }
        }

        void check(Path path) throws Exception {
            assertArrayEquals(bytes, Files.readAllBytes(path), path.toString());
            assertEquals(mtime, Files.getLastModifiedTime(path), path.toString());
        }
    }
}
