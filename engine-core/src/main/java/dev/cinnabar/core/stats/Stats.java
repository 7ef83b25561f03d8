// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.stats;

import java.util.Map;
import java.util.TreeMap;

/** Counters INFO stats and errorstats report. Engine thread only. */
public final class Stats {
    public final long startMillis = System.currentTimeMillis();
    /** When the data set was last saved (LASTSAVE); the start time until something saves. Never reset. */
    public long lastSaveMillis = startMillis;
    public long commandsProcessed;
    public long connectionsReceived;
    public long rejectedConnections;
    public long expiredKeys;
    public long keyspaceHits;
    public long keyspaceMisses;
    public long totalErrorReplies;
    public long netInputBytes;
    public long netOutputBytes;
    public long dirty;
    public final Map<String, Long> errorCounts = new TreeMap<>();

    /** Counts an error reply by its prefix, as Redis's {@code afterErrorReply}. */
    public void error(String line) {
        totalErrorReplies++;
        int space = line.indexOf(' ');
        String prefix = space < 0 ? line : line.substring(0, space);
        errorCounts.merge(prefix, 1L, Long::sum);
    }

    public void reset() {
        commandsProcessed = 0;
        connectionsReceived = 0;
        rejectedConnections = 0;
        expiredKeys = 0;
        keyspaceHits = 0;
        keyspaceMisses = 0;
        totalErrorReplies = 0;
        netInputBytes = 0;
        netOutputBytes = 0;
        errorCounts.clear();
    }
}
