// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * A consumer group (Redis's {@code streamCG}): the last id delivered, the entries-read counter behind
 * 7.0's lag, every pending entry and the consumers, ordered by name as Redis's rax orders them.
 */
final class ConsumerGroup {
    final byte[] name;
    StreamId lastDeliveredId;
    /** Entries read by the group, or -1 when unknown (Redis's {@code SCG_INVALID_ENTRIES_READ}). */
    long entriesRead;
    final RaxMap<PendingEntry> pending = new RaxMap<>();
    final TreeMap<byte[], Consumer> consumers = new TreeMap<>(Arrays::compareUnsigned);

    ConsumerGroup(byte[] name, StreamId lastDeliveredId, long entriesRead) {
        this.name = name;
        this.lastDeliveredId = lastDeliveredId;
        this.entriesRead = entriesRead;
    }
}
