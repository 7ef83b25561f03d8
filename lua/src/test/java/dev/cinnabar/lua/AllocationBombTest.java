// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A script that allocates without bound (a table that keeps growing, a string that keeps doubling) ends
 * with an error once the heap is exhausted, and the engine goes on serving. Run in a separate JVM with a
 * 128 MB heap, so the test neither takes long nor weighs on the build's JVM.
 */
class AllocationBombTest {
    @Test
    void allocationBombsEndTheScriptNotTheEngine() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                AllocationBombMain.class.getName())).redirectErrorStream(false).start();
        p.getErrorStream().transferTo(OutputStream.nullOutputStream());
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "bomb JVM did not end");
        assertEquals(0, p.exitValue(), out);
        List<String> lines = out.lines().toList();
        assertTrue(lines.get(0).matches("table: \\(error\\) ERR Error running script [0-9a-f]{40}, not enough memory"), out);
        assertTrue(lines.get(1).matches("concat: \\(error\\) ERR Error running script [0-9a-f]{40}, not enough memory"), out);
        assertEquals("after: PONG OK \"v\"", lines.get(2), out);
    }
}
