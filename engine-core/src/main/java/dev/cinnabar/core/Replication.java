// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * This server's replication identity as INFO replication reports it: the current replication id, the
 * previous one and the offsets. Only a master exists yet, so the offsets stay at their initial values.
 */
public final class Replication {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** CONFIG_RUN_ID_SIZE: 40 hex digits. */
    private static final String NO_ID = "0".repeat(40);

    private String replicationId = randomId();
    private String previousId = NO_ID;
    private long offset;
    private long previousOffset = -1;

    /** 40 random hex digits, as Redis's {@code getRandomHexChars} makes run and replication ids. */
    public static String randomId() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** A new replication id (DEBUG CHANGE-REPL-ID, failover); the previous one is forgotten. */
    public void changeId() {
        replicationId = randomId();
        previousId = NO_ID;
        previousOffset = -1;
    }

    public String id() {
        return replicationId;
    }

    public String previousId() {
        return previousId;
    }

    public long offset() {
        return offset;
    }

    public long previousOffset() {
        return previousOffset;
    }
}
