// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * BullMQ's scripts, unchanged, through a normal job flow ({@link BullMqFlow}) on the real Redis and on Cinnabar:
 * every reply and the final keyspace must be the same.
 */
class BullMqIT extends AgainstRedis {
    @Test
    void theFlowRunsOnRedis() throws IOException {
        List<BullMqFlow.Step> steps = BullMqFlow.run(redis.port());
        for (BullMqFlow.Step step : steps) {
            assertTrue(step.reply()[0] != '-', step.name() + ": " + RawReply.show(step.reply()));
        }
        assertEquals("$1\r\n1\r\n", text(steps.get(0)));
        assertEquals("$8\r\ncustom-7\r\n", text(steps.get(2)));
        assertEquals("*8\r\n:3\r\n:0\r\n:0\r\n:0\r\n:0\r\n:0\r\n:0\r\n:0\r\n", text(steps.get(3)));
    }

    @Test
    void cinnabarGivesRedisRepliesAndKeyspace() throws IOException {
        try (RespConnection probe = new RespConnection(cinnabar.port())) {
            String xadd = new String(probe.call("XADD", "bullmq-probe", "*", "f", "v"), StandardCharsets.UTF_8);
            probe.call("DEL", "bullmq-probe");
            // every BullMQ script writes its events with XADD: without streams the flow cannot run
            Assumptions.assumeFalse(xadd.startsWith("-ERR unknown command"), "Cinnabar has no streams yet");
        }
        List<BullMqFlow.Step> expected = BullMqFlow.run(redis.port());
        List<BullMqFlow.Step> actual = BullMqFlow.run(cinnabar.port());
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            String want = RawReply.show(expected.get(i).reply());
            String got = RawReply.show(actual.get(i).reply());
            if (!sameReply(expected.get(i).reply(), actual.get(i).reply())) {
                differences.add(expected.get(i).name() + "\n    redis:    " + want + "\n    cinnabar: " + got);
            }
        }
        assertTrue(differences.isEmpty(), differences.size() + " replies differ from Redis:\n"
                + String.join("\n", differences));
    }

    /**
     * Equal replies, except that an array inside the reply may hold its field-value pairs in another order:
     * moveToActive and moveToFinished reply a job's HGETALL, and Redis keeps a job hash (its opts are longer
     * than hash-max-listpack-value) as a hash table, whose order follows a random per-process seed.
     */
    private static boolean sameReply(byte[] want, byte[] got) {
        if (Arrays.equals(want, got)) {
            return true;
        }
        List<String> w = RawReply.elements(want);
        List<String> g = RawReply.elements(got);
        if (w == null || g == null || w.size() != g.size() || want[0] != got[0]) {
            return false;
        }
        for (int i = 0; i < w.size(); i++) {
            byte[] a = w.get(i).getBytes(StandardCharsets.ISO_8859_1);
            byte[] b = g.get(i).getBytes(StandardCharsets.ISO_8859_1);
            if (!Arrays.equals(a, b) && !(a[0] == '*' && RawReply.equalUnordered(a, b, 2))) {
                return false;
            }
        }
        return true;
    }

    private static String text(BullMqFlow.Step step) {
        return new String(step.reply(), StandardCharsets.UTF_8);
    }
}
