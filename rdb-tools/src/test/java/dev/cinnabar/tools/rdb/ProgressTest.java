// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest {
    private static final long MB = 1024 * 1024;
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path tmp;

    @Test
    void rendersBytesPercentThroughputAndEta() {
        assertEquals("12.0/48.0 MB   25%  6.0 MB/s  ETA 0:06", Progress.render(12 * MB, 48 * MB, 2 * SECOND));
        assertEquals("0.0/10.0 MB    0%  0.0 MB/s", Progress.render(0, 10 * MB, 0));
        assertEquals("1.0/7200.0 MB    0%  1.0 MB/s  ETA 1:59:59", Progress.render(MB, 7200 * MB, SECOND));
        assertEquals("3.0 MB  1.5 MB/s", Progress.render(3 * MB, 0, 2 * SECOND));
        assertEquals("12.0/10.0 MB  100%  12.0 MB/s  ETA 0:00", Progress.render(12 * MB, 10 * MB, SECOND));
    }

    @Test
    void redrawsInPlaceAtMostFiveTimesASecondAndErasesAtTheEnd() {
        AtomicLong clock = new AtomicLong(0);
        StringWriter out = new StringWriter();
        Progress p = new Progress(out, clock::get, 10 * MB);
        for (int i = 0; i < 10; i++) {
            clock.addAndGet(SECOND / 10);
            p.add(MB / 2);
        }
        // 10 updates over one second, one every 100 ms: redrawn every other one
        String drawn = out.toString();
        assertEquals(5, drawn.chars().filter(c -> c == '\r').count(), drawn);
        assertTrue(drawn.startsWith("\r1.0/10.0 MB   10%  5.0 MB/s  ETA 0:02\r2.0/10.0 MB"), drawn);
        assertTrue(drawn.endsWith("\r5.0/10.0 MB   50%  5.0 MB/s  ETA 0:01"), drawn);
        int width = "5.0/10.0 MB   50%  5.0 MB/s  ETA 0:01".length();
        p.close();
        assertTrue(out.toString().endsWith("\r" + " ".repeat(width) + "\r"), out.toString());
    }

    @Test
    void aShorterLinePadsOverTheLongerOne() {
        AtomicLong clock = new AtomicLong(0);
        StringWriter out = new StringWriter();
        Progress p = new Progress(out, clock::get, 0);
        clock.set(SECOND);
        p.add(100 * MB);
        clock.set(100 * SECOND);
        p.add(1);
        assertEquals("\r100.0 MB  100.0 MB/s\r100.0 MB  1.0 MB/s  ", out.toString());
    }

    @Test
    void nothingDrawnNothingErased() {
        StringWriter out = new StringWriter();
        new Progress(out, () -> 0L, 100).close();
        assertEquals("", out.toString());
    }

    @Test
    void tracksReadsOnlyWhileALineIsActive() throws Exception {
        InputStream raw = new ByteArrayInputStream(new byte[10]);
        assertSame(raw, Progress.track(raw));
        StringWriter out = new StringWriter();
        try (Progress p = Progress.start(out, 10)) {
            assertSame(p, Progress.active());
            InputStream in = Progress.track(new ByteArrayInputStream(new byte[10]));
            assertEquals(10, in.readAllBytes().length);
        }
        assertNull(Progress.active());
    }

    @Test
    void commandsDrawOnlyWhenAskedAndKeepStdoutClean() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("db"));
        try (Engine engine = Engine.open(Map.of("dir", dir.toString()))) {
            for (int i = 0; i < 100; i++) {
                engine.execute("SET", "k" + i, "v" + i);
            }
            engine.execute("SAVE");
        }
        Path rdb = dir.resolve("dump.rdb");
        for (String[] args : new String[][] {{"check", "--no-progress"}, {"inspect", "--no-progress"},
                {"check", "--progress"}, {"inspect", "--progress"}}) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = new CommandLine(new RdbCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                    .execute(args[0], args[1], rdb.toString());
            assertEquals(0, code, err.toString());
            assertTrue(out.toString().contains("100"), out.toString());
            assertTrue(!out.toString().contains("\r"), out.toString());
            // a small file is read before the first redraw is due; whatever was drawn was erased
            String e = err.toString();
            assertTrue(e.isEmpty() || (args[1].equals("--progress") && e.endsWith("\r")), e);
        }
    }
}
