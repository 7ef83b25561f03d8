// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import java.util.List;
import java.util.Map;

/** Text renderings of latency samples for LATENCY GRAPH and LATENCY DOCTOR. */
final class LatencyGraph {
    /** LATENCY_GRAPH_COLS: width of the chart in characters. */
    private static final int COLUMNS = 80;
    /** Rows of the bar chart. */
    private static final int ROWS = 4;

    private LatencyGraph() {
    }

    /**
     * A header with the high and low of the kept samples and the all-time high, then one column per sample
     * (oldest left): a bar of up to {@link #ROWS} rows scaled between low and high, and under it how long
     * ago the sample was taken, written vertically.
     */
    static String render(String event, LatencyMonitor.Series series, long now) {
        List<LatencyMonitor.Sample> samples = series.history();
        if (samples.size() > COLUMNS) {
            samples = samples.subList(samples.size() - COLUMNS, samples.size());
        }
        long low = Long.MAX_VALUE;
        long high = 0;
        for (LatencyMonitor.Sample s : samples) {
            low = Math.min(low, s.millis());
            high = Math.max(high, s.millis());
        }
        StringBuilder out = new StringBuilder();
        out.append(event).append(" - high ").append(high).append(" ms, low ").append(low)
                .append(" ms (all time high ").append(series.max).append(" ms)\n");
        out.append("-".repeat(COLUMNS)).append('\n');
        int[] heights = new int[samples.size()];
        for (int i = 0; i < heights.length; i++) {
            long v = samples.get(i).millis();
            heights[i] = high == low ? ROWS : 1 + (int) ((v - low) * (ROWS - 1) / (high - low));
        }
        for (int row = ROWS; row >= 1; row--) {
            StringBuilder line = new StringBuilder();
            for (int h : heights) {
                line.append(h > row ? '|' : h == row ? '_' : ' ');
            }
            out.append(stripEnd(line)).append('\n');
        }
        String[] labels = new String[samples.size()];
        int labelRows = 0;
        for (int i = 0; i < labels.length; i++) {
            labels[i] = ago(now - samples.get(i).unixSeconds());
            labelRows = Math.max(labelRows, labels[i].length());
        }
        for (int row = 0; row < labelRows; row++) {
            StringBuilder line = new StringBuilder();
            for (String label : labels) {
                line.append(row < label.length() ? label.charAt(row) : ' ');
            }
            out.append(stripEnd(line)).append('\n');
        }
        return out.toString();
    }

    private static String stripEnd(StringBuilder line) {
        return line.toString().stripTrailing();
    }

    /** 42s, 7m, 3h or 2d. */
    private static String ago(long seconds) {
        long s = Math.max(0, seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m";
        }
        if (s < 86400) {
            return s / 3600 + "h";
        }
        return s / 86400 + "d";
    }

    /** A plain-words summary of every event's samples, with what usually causes such spikes. */
    static String doctor(Map<String, LatencyMonitor.Series> events, long threshold) {
        StringBuilder out = new StringBuilder();
        if (events.isEmpty()) {
            out.append("No latency spike has been recorded since this server started.\n");
            if (threshold == 0) {
                out.append("Latency monitoring is off: set latency-monitor-threshold to a number of ")
                        .append("milliseconds to record calls that take at least that long.\n");
            }
            return out.toString();
        }
        out.append("Latency spikes recorded (threshold ").append(threshold).append(" ms):\n\n");
        int n = 1;
        for (Map.Entry<String, LatencyMonitor.Series> e : events.entrySet()) {
            List<LatencyMonitor.Sample> samples = e.getValue().history();
            long sum = 0;
            for (LatencyMonitor.Sample s : samples) {
                sum += s.millis();
            }
            long avg = samples.isEmpty() ? 0 : sum / samples.size();
            out.append(n++).append(". ").append(e.getKey()).append(": ").append(samples.size())
                    .append(" seconds with a spike, average ").append(avg).append(" ms, worst ")
                    .append(e.getValue().max).append(" ms.\n");
        }
        out.append('\n');
        if (events.containsKey("command") || events.containsKey("fast-command")) {
            out.append("Slow commands block every other client while they run. SLOWLOG GET shows which ones; ")
                    .append("commands that walk whole keys (KEYS, SMEMBERS, HGETALL, LRANGE 0 -1 on big values) ")
                    .append("are the usual suspects. A pause of the Java garbage collector shows up here too.\n");
        }
        return out.toString();
    }
}
