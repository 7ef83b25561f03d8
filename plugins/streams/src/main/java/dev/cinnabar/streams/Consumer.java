// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import java.util.TreeMap;

/** A consumer of a group: its name, when it was last seen and the entries it holds unacknowledged. */
final class Consumer {
    final byte[] name;
    /** Unix milliseconds of its last interaction (Redis 7.0's {@code seen-time}). */
    long seenTime;
    final TreeMap<StreamId, PendingEntry> pending = new TreeMap<>();
    /** The radix-tree node count of {@link #pending}'s keys, for MEMORY USAGE. */
    final RaxShape.Cache pendingShape = new RaxShape.Cache();

    Consumer(byte[] name, long seenTime) {
        this.name = name;
        this.seenTime = seenTime;
    }
}
