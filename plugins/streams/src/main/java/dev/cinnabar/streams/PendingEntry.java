// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

/**
 * An entry delivered to a consumer of a group and not yet acknowledged (Redis's {@code streamNACK}): one
 * object shared by the group's pending list and its owner's.
 */
final class PendingEntry {
    final StreamId id;
    Consumer owner;
    /** Unix milliseconds of the last delivery. */
    long deliveryTime;
    long deliveryCount;

    PendingEntry(StreamId id, Consumer owner, long deliveryTime, long deliveryCount) {
        this.id = id;
        this.owner = owner;
        this.deliveryTime = deliveryTime;
        this.deliveryCount = deliveryCount;
    }
}
