// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import dev.cinnabar.core.resp.RespValue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * {@code --latency} and {@code --latency-history}: PING every 10 ms and print the minimum, maximum and average
 * round trip in milliseconds, as redis-cli 7.0 prints them. On a terminal the line is rewritten after every
 * sample; otherwise {@code --latency} prints one line ({@code min max avg samples}) after the interval and
 * stops, and {@code --latency-history} prints every sample. {@code --latency-history} starts over after each
 * interval (15 s, or {@code -i}), ending it with {@code  -- 15.00 seconds range}.
 */
public final class LatencyMode {
    /** Milliseconds between two PINGs. */
    private static final long SAMPLE_RATE_MILLIS = 10;
    /** The default interval of --latency-history, in milliseconds. */
    private static final long HISTORY_DEFAULT_MILLIS = 15_000;

    private final Connection connection;
    private final PrintStream out;
    private final boolean standard;
    private final boolean csv;
    private final boolean history;
    private final long intervalMillis;

    /**
     * @param intervalSeconds {@code -i}, 0 when not given
     */
    public LatencyMode(Connection connection, PrintStream out, ShellSession.Output output, boolean history,
            double intervalSeconds) {
        this.connection = connection;
        this.out = out;
        this.standard = output == ShellSession.Output.STANDARD;
        this.csv = output == ShellSession.Output.CSV;
        this.history = history;
        long interval = (long) (intervalSeconds * 1000);
        this.intervalMillis = interval > 0 ? interval : history ? HISTORY_DEFAULT_MILLIS : 1000;
    }

    /** Samples until interrupted, or until {@code maxSamples} (a limit for tests; negative: none). */
    public void run(long maxSamples) throws IOException, InterruptedException {
        long min = 0;
        long max = 0;
        long total = 0;
        long count = 0;
        long start = System.currentTimeMillis();
        List<byte[]> ping = List.of("PING".getBytes(StandardCharsets.UTF_8));
        for (long samples = 0; maxSamples < 0 || samples < maxSamples; samples++) {
            long sent = System.currentTimeMillis();
            RespValue reply = connection.execute(ping);
            long latency = System.currentTimeMillis() - sent;
            if (reply instanceof RespValue.Error e) {
                throw new IOException(e.line());
            }
            count++;
            if (count == 1) {
                min = max = total = latency;
            } else {
                min = Math.min(min, latency);
                max = Math.max(max, latency);
                total += latency;
            }
            double avg = (double) total / count;
            if (standard) {
                out.print("\u001b[0G\u001b[2K");
                print(min, max, avg, count);
            } else if (history) {
                print(min, max, avg, count);
            } else if (System.currentTimeMillis() - start > intervalMillis) {
                print(min, max, avg, count);
                return;
            }
            if (history && System.currentTimeMillis() - start > intervalMillis) {
                out.printf(Locale.ROOT, " -- %.2f seconds range\n", (System.currentTimeMillis() - start) / 1000.0);
                out.flush();
                start = System.currentTimeMillis();
                min = max = total = count = 0;
            }
            Thread.sleep(SAMPLE_RATE_MILLIS);
        }
    }

    private void print(long min, long max, double avg, long count) {
        if (standard) {
            out.printf(Locale.ROOT, "min: %d, max: %d, avg: %.2f (%d samples)", min, max, avg, count);
        } else if (csv) {
            out.printf(Locale.ROOT, "%d,%d,%.2f,%d\n", min, max, avg, count);
        } else {
            out.printf(Locale.ROOT, "%d %d %.2f %d\n", min, max, avg, count);
        }
        out.flush();
    }
}
