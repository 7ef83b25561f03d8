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
}
