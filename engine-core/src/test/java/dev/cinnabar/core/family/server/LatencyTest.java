// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.resp.RespValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.cinnabar.core.family.server.Replies.items;
import static dev.cinnabar.core.family.server.Replies.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyTest {
    private static Engine debugEngine() {
        return Engine.open(Map.of("enable-debug-command", "yes"));
    }

    @Test
    void callsOverTheThresholdBecomeSamplesOfTheCommandEvent() {
        try (Engine e = debugEngine()) {
            e.execute("CONFIG", "SET", "latency-monitor-threshold", "5");
            e.execute("DEBUG", "SLEEP", "0.02");
            List<RespValue> latest = items(e.execute("LATENCY", "LATEST"));
            assertEquals(1, latest.size());
            List<RespValue> event = items(latest.get(0));
            assertEquals("command", text(event.get(0)));
            assertTrue(Long.parseLong(text(event.get(2))) >= 20);
            assertEquals(1, items(e.execute("LATENCY", "HISTORY", "command")).size());
            String graph = text(e.execute("LATENCY", "GRAPH", "command"));
            assertTrue(graph.startsWith("command - high "), graph);
            assertTrue(text(e.execute("LATENCY", "DOCTOR")).contains("command"));
            assertEquals("1", text(e.execute("LATENCY", "RESET")));
            assertEquals(0, items(e.execute("LATENCY", "LATEST")).size());
        }
    }

    @Test
    void withoutAThresholdNothingIsRecorded() {
        try (Engine e = debugEngine()) {
            e.execute("DEBUG", "SLEEP", "0.01");
            assertEquals(0, items(e.execute("LATENCY", "LATEST")).size());
            assertEquals("ERR No samples available for event 'command'", text(e.execute("LATENCY", "GRAPH", "command")));
            assertEquals("0", text(e.execute("LATENCY", "RESET", "command", "other")));
        }
    }

    @Test
    void histogramGivesCallsAndCumulativeBuckets() {
        try (Engine e = Engine.open()) {
            e.execute("GET", "k");
            e.execute("GET", "k");
            List<RespValue> reply = items(e.execute("LATENCY", "HISTOGRAM", "get", "nosuch"));
            assertEquals("get", text(reply.get(0)));
            List<RespValue> body = items(reply.get(1));
            assertEquals("calls", text(body.get(0)));
            assertEquals("2", text(body.get(1)));
            List<RespValue> buckets = items(body.get(3));
            assertEquals("2", text(buckets.get(buckets.size() - 1)));
        }
    }

    @Test
    void histogramValuesLandOnRedisBucketBoundaries() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(63_000);
        assertEquals(63_231, h.valueAtPercentile(50));
        assertEquals(9_023, LatencyHistogram.highestEquivalent(9_000));
        assertEquals(255, LatencyHistogram.highestEquivalent(255));
        List<long[]> cumulative = new ArrayList<>();
        h.record(1_500);
        h.forEachCumulative((nanos, count) -> {
            cumulative.add(new long[]{nanos, count});
            return 0;
        });
        assertEquals(2063, cumulative.get(0)[0]);
        assertEquals(1, cumulative.get(0)[1]);
        assertEquals(2, cumulative.get(cumulative.size() - 1)[1]);
    }
}
