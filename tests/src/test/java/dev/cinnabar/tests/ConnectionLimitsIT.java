// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code maxclients} and {@code timeout} behave as Redis's: same refusal bytes, idle clients closed. */
class ConnectionLimitsIT {
    private static String refusedWhenFull(int port) throws IOException {
        try (RespConnection first = new RespConnection(port); RespConnection second = new RespConnection(port)) {
            assertEquals("+PONG\r\n", new String(first.call("PING"), StandardCharsets.US_ASCII));
            second.setTimeout(2000);
            String reply = new String(second.readReply(), StandardCharsets.US_ASCII);
            assertTrue(second.isClosedByServer(), "the refused connection is closed");
            return reply;
        }
    }

    @Test
    void aClientBeyondMaxclientsGetsRedissErrorAndIsClosed() throws Exception {
        String expected;
        try (RedisServerProcess redis = RedisServerProcess.startOrSkip("--maxclients", "1")) {
            expected = refusedWhenFull(redis.port());
        }
        try (CinnabarServer cinnabar = CinnabarServer.start(Map.of("maxclients", "1"))) {
            assertEquals(expected, refusedWhenFull(cinnabar.port()));
        }
    }

    @Test
    void anIdleClientIsClosedAfterTimeoutSeconds() throws Exception {
        try (CinnabarServer cinnabar = CinnabarServer.start(Map.of("timeout", "1"));
             RespConnection idle = new RespConnection(cinnabar.port())) {
            assertEquals("+PONG\r\n", new String(idle.call("PING"), StandardCharsets.US_ASCII));
            idle.setTimeout(5000);
            assertTrue(idle.isClosedByServer(), "closed after the idle timeout");
        }
    }
}
