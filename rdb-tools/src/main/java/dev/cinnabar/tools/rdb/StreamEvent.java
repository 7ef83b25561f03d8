// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

/**
 * What {@link RdbChecker}'s walk reports of a stream value, in file order: each {@link Node} followed by its
 * live {@link Entry}s (in id order, tombstones left out), then the {@link Metadata}, then each {@link Group} followed by its
 * {@link Pending} entries and its {@link Consumer}s, each followed by the {@link ConsumerPending} ids it
 * owns. Events are handed out one at a time: a stream is never held whole.
 */
public sealed interface StreamEvent {
    /** A stream id: two unsigned 64-bit numbers, written {@code ms-seq}. */
    record Id(long ms, long seq) implements Comparable<Id> {
        /** In stream order (both parts unsigned). */
        @Override
        public int compareTo(Id other) {
            int c = Long.compareUnsigned(ms, other.ms);
            return c != 0 ? c : Long.compareUnsigned(seq, other.seq);
        }

        /**
         * A group's entries-read as Redis 7.0 estimates it when it loads a stream of RDB type 15 (Redis 5 and
         * 6, which stored none): entries added taken as the length and no entry deleted, it is exact when
         * the group has delivered the last entry, the first, or none yet; unknown (-1) elsewhere.
         *
         * @param entries    the stream's live entries
         * @param lastId     the stream's last id; null when unknown (the estimate is then unknown too)
         * @param firstEntry the first live entry's id (read only when {@code entries > 0})
         */
        public static long estimateEntriesRead(Id lastDelivered, long entries, Id lastId, Id firstEntry) {
            if (entries == 0) {
                return 0;
            }
            int toLast = lastId == null ? 1 : lastDelivered.compareTo(lastId);
            if (toLast == 0) {
                return entries;
            }
            if (toLast > 0) {
                return -1;
            }
            int toFirst = lastDelivered.compareTo(firstEntry);
            return toFirst < 0 ? 0 : toFirst == 0 ? 1 : -1;
        }

        @Override
        public String toString() {
            return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
        }

        /** Parses {@code ms-seq} (both parts unsigned decimal); null when it is not one. */
        public static Id parse(String s) {
            int dash = s.indexOf('-');
            if (dash <= 0 || dash == s.length() - 1) {
                return null;
            }
            try {
                return new Id(Long.parseUnsignedLong(s.substring(0, dash)), Long.parseUnsignedLong(s.substring(dash + 1)));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /**
     * A node of the stream's radix tree, before its entries: its key (the master id) and the size of its
     * listpack as stored, which is what Redis allocates for it when it loads the file.
     */
    record Node(Id masterId, long listpackBytes) implements StreamEvent {
    }

    /** A live entry: its id and its fields and values, flattened as {@code f1 v1 f2 v2 …}. */
    record Entry(Id id, byte[][] fieldsAndValues) implements StreamEvent {
    }

    /**
     * The stream's counters. {@code firstId}, {@code maxDeletedId} are null and {@code entriesAdded} -1 in RDB
     * type 15 (Redis 5 and 6), which does not store them.
     */
    record Metadata(long length, Id lastId, Id firstId, Id maxDeletedId, long entriesAdded) implements StreamEvent {
    }

    /** A consumer group; {@code entriesRead} -1 when unknown (Redis's SCG_INVALID_ENTRIES_READ, or type 15). */
    record Group(byte[] name, Id lastDeliveredId, long entriesRead) implements StreamEvent {
    }

    /** An entry of the current group's pending list; its owner is the consumer whose list holds its id. */
    record Pending(Id id, long deliveryTimeMs, long deliveryCount) implements StreamEvent {
    }

    /** A consumer of the current group; {@code activeTimeMs} -1 before RDB type 21 (Redis 7.2). */
    record Consumer(byte[] name, long seenTimeMs, long activeTimeMs) implements StreamEvent {
    }

    /** An id of the current consumer's pending list. */
    record ConsumerPending(Id id) implements StreamEvent {
    }
}
