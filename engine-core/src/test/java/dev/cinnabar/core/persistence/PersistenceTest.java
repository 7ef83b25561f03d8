// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.persistence;

import dev.cinnabar.core.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SAVE, BGSAVE, LASTSAVE, save points, MISCONF, FLUSHALL and the job slot, through commands. */
class PersistenceTest {
    @TempDir
    Path dir;

    private Engine open(String save) {
        return Engine.open(Map.of("dir", dir.toString(), "save", save));
    }

    static String info(Engine e, String field) {
        for (String line : e.execute("INFO", "persistence").toString().replace("\"", "").split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        throw new AssertionError("no INFO field " + field);
    }

    /** Polls INFO until no BGSAVE runs; the bound only stops a broken build from hanging. */
    static void awaitBgsave(Engine e) throws InterruptedException {
        for (int i = 0; i < 3000 && !info(e, "rdb_bgsave_in_progress").equals("0"); i++) {
            Thread.sleep(10);
        }
        assertEquals("0", info(e, "rdb_bgsave_in_progress"));
    }

    private long tempFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("temp-")).count();
        }
    }

    @Test
    void saveWritesAnRdbFileAndResetsTheDirtyCounter() throws Exception {
        try (Engine e = open("")) {
            e.execute("SET", "k", "v");
            assertEquals("1", info(e, "rdb_changes_since_last_save"));
            assertEquals("OK", e.execute("SAVE").toString());
            byte[] file = Files.readAllBytes(dir.resolve("dump.rdb"));
            assertArrayEquals("REDIS0010".getBytes(), java.util.Arrays.copyOf(file, 9));
            assertEquals(0, tempFiles());
            assertEquals("0", info(e, "rdb_changes_since_last_save"));
            assertEquals("1", info(e, "rdb_saves"));
            assertEquals("ok", info(e, "rdb_last_bgsave_status"));
            assertEquals(info(e, "rdb_last_save_time"), e.execute("LASTSAVE").toString().replace("(integer) ", ""));
        }
    }

    @Test
    void bgsaveWritesTheFileInTheBackgroundAndCountsItsChanges() throws Exception {
        try (Engine e = open("")) {
            for (int i = 0; i < 1000; i++) {
                e.execute("SET", "k" + i, "v" + i);
            }
            assertEquals("Background saving started", e.execute("BGSAVE").toString());
            awaitBgsave(e);
            assertEquals("ok", info(e, "rdb_last_bgsave_status"));
            assertEquals("0", info(e, "rdb_changes_since_last_save"));
            assertEquals("1", info(e, "rdb_saves"));
            assertTrue(Files.size(dir.resolve("dump.rdb")) > 1000 * 6);
            assertEquals(0, tempFiles());
        }
    }

    /** A job that holds the slot until released. */
    private static final class HeldJob implements BackgroundJob {
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean finished;

        @Override
        public void run() throws InterruptedException {
            release.await();
        }

        @Override
        public void finished(Throwable error) {
            finished = true;
        }

        @Override
        public void cancel() {
            release.countDown();
        }
    }

    private static void startHeld(Engine e, Persistence.JobKind kind, HeldJob job) throws Exception {
        assertTrue(e.loop().submit(() -> e.persistence().startJob(kind, job)).get());
    }

    @Test
    void oneBackgroundJobAtATime() throws Exception {
        try (Engine e = open("")) {
            HeldJob rdb = new HeldJob();
            startHeld(e, Persistence.JobKind.RDB, rdb);
            assertEquals("1", info(e, "rdb_bgsave_in_progress"));
            assertEquals("(error) ERR Background save already in progress", e.execute("BGSAVE").toString());
            assertEquals("(error) ERR Background save already in progress", e.execute("SAVE").toString());
            assertFalse(e.loop().submit(() -> e.persistence().startJob(Persistence.JobKind.AOF_REWRITE,
                    new HeldJob())).get());
            rdb.release.countDown();
            awaitBgsave(e);
            assertTrue(rdb.finished);
        }
    }

    @Test
    void bgsaveDuringAnAofRewriteIsRefusedOrScheduled() throws Exception {
        try (Engine e = open("")) {
            HeldJob aof = new HeldJob();
            startHeld(e, Persistence.JobKind.AOF_REWRITE, aof);
            assertEquals("(error) ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE "
                    + "SCHEDULE in order to schedule a BGSAVE whenever possible.", e.execute("BGSAVE").toString());
            assertEquals("Background saving scheduled", e.execute("BGSAVE", "SCHEDULE").toString());
            // SAVE is not blocked by an AOF rewrite
            assertEquals("OK", e.execute("SAVE").toString());
            Files.delete(dir.resolve("dump.rdb"));
            aof.release.countDown();
            // the cron starts the scheduled BGSAVE once the slot is free
            for (int i = 0; i < 3000 && !Files.exists(dir.resolve("dump.rdb")); i++) {
                Thread.sleep(10);
            }
            assertTrue(Files.exists(dir.resolve("dump.rdb")));
            assertFalse(e.persistence().bgsaveScheduled());
        }
    }

    @Test
    void bgsaveInsideMultiIsScheduled() {
        try (Engine e = open("")) {
            e.execute("MULTI");
            e.execute("BGSAVE");
            assertTrue(e.execute("EXEC").toString().contains("Background saving scheduled"));
        }
    }

    @Test
    void savePointsStartABgsave() throws Exception {
        try (Engine e = open("")) {
            long before = Long.parseLong(info(e, "rdb_last_save_time"));
            e.execute("SET", "a", "1");
            // one change, more than one second since the last save (whole seconds, as Redis)
            e.execute("CONFIG", "SET", "save", "1 1");
            for (int i = 0; i < 1000 && !Files.exists(dir.resolve("dump.rdb")); i++) {
                Thread.sleep(10);
            }
            assertTrue(Files.exists(dir.resolve("dump.rdb")));
            awaitBgsave(e);
            assertEquals("0", info(e, "rdb_changes_since_last_save"));
            assertTrue(Long.parseLong(info(e, "rdb_last_save_time")) > before);
        }
    }

    @Test
    void aFailedBgsaveDeniesWritesWithMisconfUntilASaveSucceeds() throws Exception {
        Path gone = dir.resolve("gone");
        Files.createDirectory(gone);
        try (Engine e = Engine.open(Map.of("dir", gone.toString(), "save", "3600 1"))) {
            e.execute("SET", "k", "v");
            Files.delete(gone);
            assertEquals("(error) ERR", e.execute("SAVE").toString());
            assertEquals("ok", info(e, "rdb_last_bgsave_status"));
            assertEquals("Background saving started", e.execute("BGSAVE").toString());
            awaitBgsave(e);
            assertEquals("err", info(e, "rdb_last_bgsave_status"));
            String misconf = "(error) " + Persistence.MISCONF_RDB;
            assertEquals(misconf, e.execute("SET", "k", "w").toString());
            assertEquals(misconf, e.execute("PING").toString());
            assertEquals("\"v\"", e.execute("GET", "k").toString());
            e.execute("MULTI");
            assertEquals(misconf, e.execute("SET", "x", "1").toString());
            assertEquals("(error) EXECABORT Transaction discarded because of previous errors.",
                    e.execute("EXEC").toString());
            e.execute("CONFIG", "SET", "stop-writes-on-bgsave-error", "no");
            assertEquals("OK", e.execute("SET", "k", "w").toString());
            e.execute("CONFIG", "SET", "stop-writes-on-bgsave-error", "yes");
            assertEquals(misconf, e.execute("SET", "k", "w").toString());
            // the directory comes back: a successful save clears the condition
            Files.createDirectory(gone);
            assertEquals("OK", e.execute("SAVE").toString());
            assertEquals("OK", e.execute("SET", "k", "x").toString());
        }
    }

    @Test
    void aFailedSaveLeavesThePreviousFileIntact() throws Exception {
        try (Engine e = open("")) {
            e.execute("SET", "k", "v");
            e.execute("SAVE");
            byte[] before = Files.readAllBytes(dir.resolve("dump.rdb"));
            // the temp file's name is taken by a directory: opening it fails
            Path temp = dir.resolve("temp-" + ProcessHandle.current().pid() + ".rdb");
            Files.createDirectory(temp);
            e.execute("SET", "k2", "v2");
            assertEquals("(error) ERR", e.execute("SAVE").toString());
            assertArrayEquals(before, Files.readAllBytes(dir.resolve("dump.rdb")));
        }
    }

    @Test
    void flushallWithSavePointsSavesAnEmptyDataSet() throws Exception {
        try (Engine e = open("3600 1")) {
            e.execute("SET", "k", "v");
            assertEquals("OK", e.execute("FLUSHALL").toString());
            assertEquals("0", info(e, "rdb_changes_since_last_save"));
            assertTrue(Files.exists(dir.resolve("dump.rdb")));
            assertEquals("0", info(e, "rdb_saves"));
        }
        try (Engine e = open("")) {
            e.execute("SET", "k", "v");
            e.execute("FLUSHALL");
            // no save points: the SET, the removed key and the FLUSHALL itself count, as Redis
            assertEquals("3", info(e, "rdb_changes_since_last_save"));
        }
    }

    @Test
    void shutdownRefusesToExitWhenTheSaveFailsUnlessForced() throws Exception {
        Path gone = dir.resolve("gone");
        Files.createDirectory(gone);
        try (Engine e = Engine.open(Map.of("dir", gone.toString(), "save", "3600 1"))) {
            boolean[] stopped = new boolean[1];
            e.onShutdown(() -> stopped[0] = true);
            Files.delete(gone);
            assertEquals("(error) ERR Errors trying to SHUTDOWN. Check logs.", e.execute("SHUTDOWN").toString());
            assertEquals("(error) ERR Errors trying to SHUTDOWN. Check logs.",
                    e.execute("SHUTDOWN", "SAVE").toString());
            assertFalse(stopped[0]);
            e.execute("SHUTDOWN", "FORCE");
            assertTrue(stopped[0]);
        }
    }

    @Test
    void debugReloadOptions() {
        try (Engine e = Engine.open(Map.of("dir", dir.toString(), "save", "", "enable-debug-command", "yes"))) {
            assertEquals("(error) ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.",
                    e.execute("DEBUG", "RELOAD", "foo").toString());
            assertEquals("(error) ERR Error trying to load the RDB dump",
                    e.execute("DEBUG", "RELOAD", "NOSAVE").toString());
        }
    }

    /** Every key of database 0..2 as TYPE=content, read through commands. */
    static Map<String, String> contents(Engine e) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (int db = 0; db < 3; db++) {
            e.execute("SELECT", String.valueOf(db));
            dev.cinnabar.core.resp.RespValue keys = e.execute("KEYS", "*");
            for (dev.cinnabar.core.resp.RespValue k : ((dev.cinnabar.core.resp.RespValue.Array) keys).items()) {
                String key = ((dev.cinnabar.core.resp.RespValue.Bulk) k).text();
                String type = e.execute("TYPE", key).toString();
                String content = switch (type) {
                    case "string" -> e.execute("GET", key).toString();
                    case "hash" -> e.execute("HGETALL", key).toString();
                    case "list" -> e.execute("LRANGE", key, "0", "-1").toString();
                    case "set" -> e.execute("SORT", key, "ALPHA").toString();
                    case "zset" -> e.execute("ZRANGE", key, "0", "-1", "WITHSCORES").toString();
                    default -> "?";
                };
                boolean ttl = !e.execute("PTTL", key).toString().equals("(integer) -1");
                out.put(db + ":" + key, type + "=" + content + (ttl ? " ttl" : ""));
            }
        }
        e.execute("SELECT", "0");
        return out;
    }

    /** Small and large encodings of every core type, TTLs, several databases, an empty string. */
    static void fill(Engine e) {
        e.execute("SET", "s", "v");
        e.execute("SET", "int", "12345");
        e.execute("SET", "empty", "");
        e.execute("SET", "ttl", "x", "EX", "1000");
        e.execute("RPUSH", "list", "a", "b", "1");
        e.execute("SADD", "intset", "1", "2", "3");
        e.execute("SADD", "set", "a", "b");
        e.execute("HSET", "hash", "f", "v", "g", "w");
        e.execute("ZADD", "zset", "1", "a", "2.5", "b");
        for (int i = 0; i < 300; i++) {
            e.execute("RPUSH", "biglist", "element-" + i);
            e.execute("SADD", "bigset", "member-" + i);
            e.execute("HSET", "bighash", "field-" + i, "value-" + i);
            e.execute("ZADD", "bigzset", String.valueOf(i), "member-" + i);
        }
        e.execute("SELECT", "2");
        e.execute("SET", "in-db-2", "y");
        e.execute("SELECT", "0");
    }

    @Test
    void debugReloadKeepsEveryType() {
        try (Engine e = Engine.open(Map.of("dir", dir.toString(), "save", "", "enable-debug-command", "yes"))) {
            fill(e);
            Map<String, String> before = contents(e);
            assertEquals("OK", e.execute("DEBUG", "RELOAD").toString());
            assertEquals(before, contents(e));
            assertEquals(String.valueOf(before.size()), info(e, "rdb_last_load_keys_loaded"));
            e.execute("SET", "later", "1");
            // NOSAVE loads the file as it is: the key set after the save is gone
            assertEquals("OK", e.execute("DEBUG", "RELOAD", "NOSAVE").toString());
            assertEquals(before, contents(e));
        }
    }

    @Test
    void shutdownSavesAndAStartupLoadBringsTheDataBack() {
        Map<String, String> before;
        try (Engine e = open("3600 1")) {
            fill(e);
            before = contents(e);
            e.execute("SHUTDOWN");
        }
        try (Engine e = open("")) {
            e.persistence().loadAtStartup();
            assertEquals(before, contents(e));
        }
    }

    @Test
    void aCorruptFileRefusesToStartNamingFileAndOffset() throws Exception {
        try (Engine e = open("")) {
            fill(e);
            e.execute("SAVE");
        }
        Path file = dir.resolve("dump.rdb");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        try (Engine e = open("")) {
            LoadFailedException failure = org.junit.jupiter.api.Assertions.assertThrows(LoadFailedException.class,
                    () -> e.persistence().loadAtStartup());
            assertTrue(failure.getMessage().contains(file.toString()), failure.getMessage());
            assertTrue(failure.getMessage().contains("offset"), failure.getMessage());
            assertEquals("(integer) 0", e.execute("DBSIZE").toString());
        }
    }

    /**
     * The file a BGSAVE writes holds exactly the data set as it was when BGSAVE was called, although the
     * keys change while it is written.
     */
    @Test
    void bgsaveWritesThePointInTimeStateWhileWritesGoOn() throws Exception {
        int keys = 100_000;
        try (Engine e = open("")) {
            e.loop().submit(() -> {
                for (int i = 0; i < keys; i++) {
                    e.execute("SET", "key:" + i, "before-" + i);
                }
                e.execute("RPUSH", "list", "a", "b");
                e.execute("HSET", "hash", "f", "before");
            }).get();
            Map<String, String> expected;
            // BGSAVE and the first writes in one engine-thread task: nothing can run in between
            java.util.concurrent.Future<?> started = e.loop().submit(() -> {
                assertEquals("Background saving started", e.execute("BGSAVE").toString());
                e.execute("SET", "key:0", "after");
                e.execute("DEL", "key:1");
                e.execute("SET", "new", "after");
                e.execute("RPUSH", "list", "c");
                e.execute("HSET", "hash", "f", "after");
            });
            started.get();
            for (int i = 2; i < keys && info(e, "rdb_bgsave_in_progress").equals("1"); i += 7) {
                e.execute("SET", "key:" + i, "after");
                e.execute("APPEND", "key:" + (i + 1), "-after");
            }
            awaitBgsave(e);
            assertEquals("ok", info(e, "rdb_last_bgsave_status"));
            try (Engine copy = open("")) {
                copy.persistence().loadAtStartup();
                assertEquals(String.valueOf(keys + 2), copy.execute("DBSIZE").toString().replace("(integer) ", ""));
                for (int i = 0; i < keys; i++) {
                    assertEquals("\"before-" + i + "\"", copy.execute("GET", "key:" + i).toString());
                }
                assertEquals("(nil)", copy.execute("GET", "new").toString());
                assertEquals("[\"a\", \"b\"]", copy.execute("LRANGE", "list", "0", "-1").toString());
                assertEquals("\"before\"", copy.execute("HGET", "hash", "f").toString());
            }
        }
    }
}
