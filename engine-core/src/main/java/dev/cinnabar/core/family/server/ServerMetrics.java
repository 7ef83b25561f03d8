// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.stats.Stats;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What INFO measures over time or asks the JVM and the OS: operations and bytes per second (Redis's
 * {@code trackInstantaneousMetric}, 16 samples taken every cron tick), memory in use and its peak, CPU
 * time. Engine thread only.
 */
final class ServerMetrics {
    /** STATS_METRIC_SAMPLES. */
    private static final int SAMPLES = 16;
    /** Linux reports process times in clock ticks of 1/100 s (USER_HZ). */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final Path PROC_STAT = Path.of("/proc/self/stat");
    private static final Path PROC_STATM = Path.of("/proc/self/statm");
    /** Page size for /proc/self/statm on the platforms Cinnabar runs on. */
    private static final long PAGE_SIZE = 4096;

    /** One metric's ring of per-second rates. */
    private static final class Rate {
        final long[] samples = new long[SAMPLES];
        int next;
        long lastValue;
        long lastMillis;

        void track(long value, long nowMillis) {
            long elapsed = nowMillis - lastMillis;
            if (lastMillis != 0 && elapsed > 0) {
                samples[next] = (value - lastValue) * 1000 / elapsed;
                next = (next + 1) % SAMPLES;
            }
            lastValue = value;
            lastMillis = nowMillis;
        }

        long average() {
            long sum = 0;
            for (long s : samples) {
                sum += s;
            }
            return sum / SAMPLES;
        }

        void reset() {
            java.util.Arrays.fill(samples, 0);
            lastMillis = 0;
        }
    }

    private final Engine engine;
    private final Rate ops = new Rate();
    private final Rate input = new Rate();
    private final Rate output = new Rate();
    private final long startupMemory;
    private long peakMemory;

    ServerMetrics(Engine engine) {
        this.engine = engine;
        this.startupMemory = usedMemory();
        this.peakMemory = startupMemory;
    }

    /** One cron tick. */
    void sample() {
        Stats stats = engine.stats();
        long now = System.currentTimeMillis();
        ops.track(stats.commandsProcessed, now);
        input.track(stats.netInputBytes, now);
        output.track(stats.netOutputBytes, now);
        peakMemory = Math.max(peakMemory, usedMemory());
    }

    /** CONFIG RESETSTAT. */
    void reset() {
        ops.reset();
        input.reset();
        output.reset();
        peakMemory = usedMemory();
    }

    long opsPerSecond() {
        return ops.average();
    }

    double inputKbps() {
        return input.average() / 1024.0;
    }

    double outputKbps() {
        return output.average() / 1024.0;
    }

    /** The Java heap in use: what the data set and everything else on the heap occupy now. */
    static long usedMemory() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** The heap the JVM has reserved from the OS. */
    static long committedMemory() {
        return Runtime.getRuntime().totalMemory();
    }

    long startupMemory() {
        return startupMemory;
    }

    long peakMemory() {
        peakMemory = Math.max(peakMemory, usedMemory());
        return peakMemory;
    }

    /** Resident set size from /proc, or the committed heap where /proc is missing. */
    static long residentMemory() {
        try {
            String[] f = Files.readString(PROC_STATM, StandardCharsets.US_ASCII).trim().split("\\s+");
            return Long.parseLong(f[1]) * PAGE_SIZE;
        } catch (IOException | RuntimeException e) {
            return committedMemory();
        }
    }

    /** The machine's memory; read once, it does not change while the server runs. */
    static long totalSystemMemory() {
        return SystemFacts.TOTAL_MEMORY;
    }

    /** The path of the program running the server (the java binary). */
    static String executable() {
        return SystemFacts.EXECUTABLE;
    }

    /** Facts about the machine and the process that INFO shows and that never change, looked up once. */
    private static final class SystemFacts {
        static final long TOTAL_MEMORY = ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getTotalMemorySize() : 0;
        static final String EXECUTABLE = ProcessHandle.current().info().command().orElse("");
    }

    /** {user, system} CPU seconds of the whole process. */
    static double[] processCpu() {
        try {
            String stat = Files.readString(PROC_STAT, StandardCharsets.US_ASCII);
            // fields after the command name, which is in parentheses and may hold spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new double[]{Long.parseLong(f[11]) / TICKS_PER_SECOND, Long.parseLong(f[12]) / TICKS_PER_SECOND};
        } catch (IOException | RuntimeException e) {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                return new double[]{os.getProcessCpuTime() / 1e9, 0};
            }
            return new double[]{0, 0};
        }
    }

    /** {user, system} CPU seconds of the calling thread (INFO runs on the engine thread). */
    static double[] currentThreadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported()) {
            return new double[]{0, 0};
        }
        long total = threads.getCurrentThreadCpuTime();
        long user = threads.getCurrentThreadUserTime();
        return new double[]{user / 1e9, Math.max(0, total - user) / 1e9};
    }
}
