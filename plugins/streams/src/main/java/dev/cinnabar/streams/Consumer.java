// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

/** A consumer of a group: its name, when it was last seen and the entries it holds unacknowledged. */
final class Consumer {
    final byte[] name;
    /** Unix milliseconds of its last interaction (Redis 7.0's {@code seen-time}). */
    long seenTime;
    final RaxMap<PendingEntry> pending = new RaxMap<>();

    Consumer(byte[] name, long seenTime) {
        this.name = name;
        this.seenTime = seenTime;
    }
}
