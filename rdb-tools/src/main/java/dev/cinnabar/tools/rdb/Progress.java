// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * One line on stderr while a tool reads its input: bytes done / total, percent, throughput and ETA, redrawn
 * in place with {@code \r} at most every {@link #REDRAW_NANOS} and erased by {@link #close()}. The readers
 * deep inside a command learn of it through {@link #track(InputStream)}, which counts what they consume
 * while a line is {@link #active() active}: a CLI process runs one command, so one active line at a time.
 */
public final class Progress implements AutoCloseable {
    /** At most five redraws a second: enough to look alive, too few to cost anything. */
    static final long REDRAW_NANOS = 200_000_000L;
    private static final double MB = 1024.0 * 1024.0;

    private static volatile Progress active;

    private final PrintWriter out;
    private final LongSupplier nanoClock;
    private final long total;
    private final long start;
    private long done;
    private long lastDraw;
    private int drawnWidth;

    Progress(Writer out, LongSupplier nanoClock, long total) {
        this.out = out instanceof PrintWriter p ? p : new PrintWriter(out);
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock is null");
        this.total = total;
        this.start = nanoClock.getAsLong();
        this.lastDraw = start;
    }

    /** Starts a line for {@code total} bytes ({@code <= 0}: unknown), the one {@link #track} feeds. */
    static Progress start(Writer out, long total) {
        Progress p = new Progress(out, System::nanoTime, total);
        active = p;
        return p;
    }

    /** The line being drawn, or null. */
    static Progress active() {
        return active;
    }

    /** {@code in}, counted into the active line if there is one; {@code in} itself otherwise. */
    public static InputStream track(InputStream in) {
        Progress p = active;
        return p == null ? in : new Counting(in, p);
    }

    /** Counts {@code n} more bytes done, and redraws if the last drawing is old enough. */
    public void add(long n) {
        done += n;
        long now = nanoClock.getAsLong();
        if (now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw(render(done, total, now - start));
        }
    }

    private void draw(String line) {
        StringBuilder b = new StringBuilder(line.length() + 8).append('\r').append(line);
        for (int i = line.length(); i < drawnWidth; i++) {
            b.append(' ');
        }
        drawnWidth = line.length();
        out.print(b);
        out.flush();
    }

    /** {@code 12.0/48.0 MB  25%  6.0 MB/s  ETA 0:06}; without a total, only the bytes and the throughput. */
    static String render(long done, long total, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        StringBuilder b = new StringBuilder();
        if (total > 0) {
            b.append(String.format(Locale.ROOT, "%.1f/%.1f MB  %3d%%", done / MB, total / MB,
                    (int) Math.min(100, done * 100 / total)));
        } else {
            b.append(String.format(Locale.ROOT, "%.1f MB", done / MB));
        }
        b.append(String.format(Locale.ROOT, "  %.1f MB/s", rate / MB));
        if (total > 0 && rate > 0) {
            b.append("  ETA ").append(duration((long) Math.ceil(Math.max(0, total - done) / rate)));
        }
        return b.toString();
    }

    private static String duration(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }

    /** Erases the line, so the report that follows starts on a clean one. */
    @Override
    public void close() {
        if (active == this) {
            active = null;
        }
        if (drawnWidth > 0) {
            out.print("\r" + " ".repeat(drawnWidth) + "\r");
            out.flush();
            drawnWidth = 0;
        }
    }

    private static final class Counting extends FilterInputStream {
        private final Progress progress;

        Counting(InputStream in, Progress progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                progress.add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                progress.add(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long k = in.skip(n);
            if (k > 0) {
                progress.add(k);
            }
            return k;
        }
    }
}
