// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.core.CallObserver;
import dev.cinnabar.core.Engine;
import dev.cinnabar.core.client.Client;
import dev.cinnabar.core.command.Command;
import dev.cinnabar.spi.CommandFlag;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Latency data ({@code latency.c}): per event, the last {@link #SAMPLES} one-per-second samples of calls
 * that took at least {@code latency-monitor-threshold} milliseconds ("command", "fast-command"); and,
 * while {@code latency-tracking} is on, a latency histogram per command. Engine thread only.
 */
final class LatencyMonitor implements CallObserver {
    /** LATENCY_TS_LEN: samples kept per event. */
    static final int SAMPLES = 160;

    /** One sample: the worst latency seen in one wall-clock second. */
    record Sample(long unixSeconds, long millis) {
    }

    /** An event's ring of samples and its all-time maximum. */
    static final class Series {
        final Sample[] samples = new Sample[SAMPLES];
        int next;
        long max;

        void add(long now, long millis) {
            max = Math.max(max, millis);
            int prev = (next + SAMPLES - 1) % SAMPLES;
            if (samples[prev] != null && samples[prev].unixSeconds() == now) {
                if (millis > samples[prev].millis()) {
                    samples[prev] = new Sample(now, millis);
                }
                return;
            }
            samples[next] = new Sample(now, millis);
            next = (next + 1) % SAMPLES;
        }

        Sample latest() {
            return samples[(next + SAMPLES - 1) % SAMPLES];
        }

        /** Oldest first. */
        java.util.List<Sample> history() {
            java.util.List<Sample> out = new java.util.ArrayList<>();
            for (int j = 0; j < SAMPLES; j++) {
                Sample s = samples[(next + j) % SAMPLES];
                if (s != null) {
                    out.add(s);
                }
            }
            return out;
        }
    }

    private final Engine engine;
    private final Map<String, Series> events = new LinkedHashMap<>();
    private final Map<Command, LatencyHistogram> histograms = new IdentityHashMap<>();
    private boolean tracking = true;

    LatencyMonitor(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void called(Client client, Command command, byte[][] argv, long micros) {
        if (tracking) {
            histograms.computeIfAbsent(command, c -> new LatencyHistogram()).record(micros * 1000);
        }
        long threshold = engine.coreConfig().latencyMonitorThreshold;
        long millis = micros / 1000;
        if (threshold > 0 && millis >= threshold) {
            addSample(command.has(CommandFlag.FAST) ? "fast-command" : "command", millis);
        }
    }

    void addSample(String event, long millis) {
        events.computeIfAbsent(event, e -> new Series()).add(System.currentTimeMillis() / 1000, millis);
    }

    /** Applies {@code latency-tracking}; turning it off keeps what was recorded. */
    void tracking(boolean on) {
        tracking = on;
    }

    Map<String, Series> events() {
        return events;
    }

    Series series(String event) {
        return events.get(event);
    }

    /** Forgets one event; true if it existed. */
    boolean reset(String event) {
        return events.remove(event) != null;
    }

    /** Forgets every event; returns how many there were. */
    int resetAll() {
        int n = events.size();
        events.clear();
        return n;
    }

    LatencyHistogram histogram(Command command) {
        return histograms.get(command);
    }

    /** CONFIG RESETSTAT. */
    void resetHistograms() {
        histograms.clear();
    }
}
