// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.persistence;

import dev.cinnabar.core.Engine;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server that loads its dump.rdb while it serves answers -LOADING until the data set is in. The file is
 * a named pipe, so the load waits exactly as long as the test withholds the bytes: no timing involved.
 */
class LoadingTest {
    @TempDir
    Path dir;

    /** An RDB of {@code k → v} saved by another engine. */
    private byte[] savedRdb() throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        try (Engine e = Engine.open(Map.of("dir", other.toString(), "save", ""))) {
            e.execute("SET", "k", "v");
            e.execute("SAVE");
        }
        return Files.readAllBytes(other.resolve("dump.rdb"));
    }

    private Path fifo() throws Exception {
        Path pipe = dir.resolve("dump.rdb");
        Process p = new ProcessBuilder("mkfifo", pipe.toString()).start();
        Assumptions.assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "no mkfifo here");
        return pipe;
    }

    @Test
    void commandsGetLoadingUntilTheFileIsIn() throws Exception {
        byte[] rdb = savedRdb();
        Path pipe = fifo();
        try (Engine engine = Engine.open(Map.of("dir", dir.toString(), "save", ""))) {
            CompletableFuture<Void> loaded = engine.persistence().loadAtStartupWhileServing();
            assertEquals("(error) LOADING Redis is loading the dataset in memory",
                    engine.execute("GET", "k").toString());
            assertTrue(engine.execute("INFO", "persistence").toString().contains("\r\nloading:1\r\n"));
            // as Redis: PING has no loading flag either
            assertEquals("(error) LOADING Redis is loading the dataset in memory", engine.execute("PING").toString());
            try (OutputStream out = Files.newOutputStream(pipe)) {
                out.write(rdb);
            }
            loaded.get(30, TimeUnit.SECONDS);
            assertEquals("\"v\"", engine.execute("GET", "k").toString());
            assertTrue(engine.execute("INFO", "persistence").toString().contains("\r\nloading:0\r\n"));
        }
    }

    @Test
    void aDamagedFileFailsTheLoadAndLeavesNothingLoaded() throws Exception {
        byte[] rdb = savedRdb();
        Path pipe = fifo();
        try (Engine engine = Engine.open(Map.of("dir", dir.toString(), "save", ""))) {
            CompletableFuture<Void> loaded = engine.persistence().loadAtStartupWhileServing();
            try (OutputStream out = Files.newOutputStream(pipe)) {
                out.write(rdb, 0, rdb.length - 3);
            }
            ExecutionException e = assertThrows(ExecutionException.class, () -> loaded.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof LoadFailedException, String.valueOf(e.getCause()));
            assertTrue(e.getCause().getMessage().contains("dump.rdb"), e.getCause().getMessage());
            assertEquals("(integer) 0", engine.execute("DBSIZE").toString());
        }
    }
}
