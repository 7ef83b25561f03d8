// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * bee-queue's scripts, unchanged, through a normal job flow ({@link BeeQueueFlow}) on the real Redis and on
 * Cinnabar: every reply, the final keyspace and the events the subscriber received must be the same.
 */
class BeeQueueIT extends AgainstRedis {
    @Test
    void theFlowRunsOnRedis() throws IOException {
        List<BeeQueueFlow.Step> steps = BeeQueueFlow.run(redis.port());
        for (BeeQueueFlow.Step step : steps) {
            // an error anywhere: the whole reply, an element of an EXEC, one reply of a pipeline
            String reply = text(step);
            assertTrue(!reply.startsWith("-") && !reply.contains("\r\n-"),
                    step.name() + ": " + RawReply.show(step.reply()));
        }
        for (String script : BeeQueueFlow.SCRIPTS) {
            String sha = BeeQueueFlow.sha1(script);
            assertEquals("$40\r\n" + sha + "\r\n", text(find(steps, "script load " + script)));
        }
        assertEquals("*1\r\n$1\r\n5\r\n", text(find(steps, "stall check finds job 5 stalled")));
        assertEquals("*0\r\n", text(find(steps, "stall check within the interval")));
        assertEquals("*2\r\n:2\r\n$13\r\n1700000005000\r\n", text(find(steps, "raise the retried job and job 5")));
        assertEquals("*2\r\n:2\r\n:-1\r\n", text(find(steps, "raise everything")));
        assertEquals("$-1\r\n", text(find(steps, "save job nightly {\"again\":true}")));
        assertEquals("*2\r\n:1200\r\n:-1\r\n", text(find(steps, "raise 1200 delayed jobs")));
        assertTrue(text(find(steps, "bulk stall check finds every active job stalled")).startsWith("*1100\r\n"));
        assertEquals(":1200\r\n", text(find(steps, "bulk waiting length")));
    }

    @Test
    void cinnabarGivesRedisRepliesAndKeyspace() throws IOException {
        List<BeeQueueFlow.Step> expected = BeeQueueFlow.run(redis.port());
        List<BeeQueueFlow.Step> actual = BeeQueueFlow.run(cinnabar.port());
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            if (i >= expected.size() || i >= actual.size()) {
                differences.add("step " + i + ": only one server gave it");
                continue;
            }
            BeeQueueFlow.Step want = expected.get(i);
            byte[] got = actual.get(i).reply();
            boolean same = want.order() == BeeQueueFlow.Order.SCAN ? RawReply.equalScan(want.reply(), got, 1)
                    : Arrays.equals(want.reply(), got);
            if (!same) {
                differences.add(want.name() + "\n    redis:    " + RawReply.show(want.reply()) + "\n    cinnabar: "
                        + RawReply.show(got));
            }
        }
        assertTrue(differences.isEmpty(), differences.size() + " replies differ from Redis:\n"
                + String.join("\n", differences));
    }

    private static BeeQueueFlow.Step find(List<BeeQueueFlow.Step> steps, String name) {
        return steps.stream().filter(step -> step.name().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError("no step " + name));
    }

    private static String text(BeeQueueFlow.Step step) {
        return new String(step.reply(), StandardCharsets.UTF_8);
    }
}
