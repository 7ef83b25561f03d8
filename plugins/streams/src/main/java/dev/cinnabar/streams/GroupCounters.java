// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

/**
 * Redis 7.0's logical read counters of consumer groups ({@code entries-read} and {@code lag}): exact while
 * no tombstone lies ahead of a group, estimated from the stream's metadata otherwise, unknown when neither
 * works ({@code streamEstimateDistanceFromFirstEverEntry}, {@code streamRangeHasTombstones},
 * {@code streamReplyWithCGLag} in t_stream.c).
 */
final class GroupCounters {
    /** Redis's {@code SCG_INVALID_ENTRIES_READ}. */
    static final long INVALID = -1;

    private GroupCounters() {
    }

    /** True if a deleted entry may lie in {@code [start, end]} (null end: to the last possible id). */
    static boolean rangeHasTombstones(Stream s, StreamId start, StreamId end) {
        if (s.length() == 0 || s.maxDeletedId.equals(StreamId.MIN)) {
            return false;
        }
        if (s.recordedFirstId().compareTo(s.maxDeletedId) > 0) {
            return false;
        }
        StreamId from = start == null ? StreamId.MIN : start;
        StreamId to = end == null ? StreamId.MAX : end;
        return from.compareTo(s.maxDeletedId) <= 0 && s.maxDeletedId.compareTo(to) <= 0;
    }

    /** How many entries were added up to {@code id} inclusive, or {@link #INVALID} when unknowable. */
    static long estimateDistanceFromFirstEverEntry(Stream s, StreamId id) {
        if (s.entriesAdded == 0) {
            return 0;
        }
        if (s.length() == 0 && id.compareTo(s.lastId) < 1) {
            return s.entriesAdded;
        }
        int cmpLast = id.compareTo(s.lastId);
        if (cmpLast == 0) {
            return s.entriesAdded;
        } else if (cmpLast > 0) {
            return INVALID;
        }
        StreamId first = s.recordedFirstId();
        int cmpFirst = id.compareTo(first);
        if (s.maxDeletedId.equals(StreamId.MIN) || s.maxDeletedId.compareTo(first) < 0) {
            if (cmpFirst < 0) {
                return s.entriesAdded - s.length();
            } else if (cmpFirst == 0) {
                return s.entriesAdded - s.length() + 1;
            }
        }
        return INVALID;
    }

    /** Moves the group past {@code id}, delivered now, keeping its read counter as Redis does. */
    static void delivered(Stream s, ConsumerGroup group, StreamId id) {
        if (group.entriesRead != INVALID && !rangeHasTombstones(s, id, null)) {
            group.entriesRead++;
        } else if (s.entriesAdded != 0) {
            group.entriesRead = estimateDistanceFromFirstEverEntry(s, id);
        }
        group.lastDeliveredId = id;
    }

    /** The group's lag, or null when it cannot be known. */
    static Long lag(Stream s, ConsumerGroup group) {
        if (s.entriesAdded == 0) {
            return 0L;
        }
        if (group.entriesRead != INVALID && !rangeHasTombstones(s, group.lastDeliveredId, null)) {
            return s.entriesAdded - group.entriesRead;
        }
        long read = estimateDistanceFromFirstEverEntry(s, group.lastDeliveredId);
        return read == INVALID ? null : s.entriesAdded - read;
    }
}
