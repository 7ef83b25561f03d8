// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Redis 7.0's read counter estimates and lag, on streams with and without tombstones. */
class GroupCountersTest {
    private static Stream stream(int entries) {
        Stream s = new Stream();
        for (int i = 1; i <= entries; i++) {
            s.append(new StreamId(i, 0), new byte[][]{{'f'}, {'v'}});
        }
        return s;
    }

    private static StreamId id(long ms) {
        return new StreamId(ms, 0);
    }

    @Test
    void withoutTombstonesTheCounterOfTheEdgesIsExactAndOfTheMiddleUnknown() {
        Stream s = stream(5);
        assertEquals(5, GroupCounters.estimateDistanceFromFirstEverEntry(s, id(5)));
        assertEquals(1, GroupCounters.estimateDistanceFromFirstEverEntry(s, id(1)));
        assertEquals(0, GroupCounters.estimateDistanceFromFirstEverEntry(s, StreamId.MIN));
        assertEquals(GroupCounters.INVALID, GroupCounters.estimateDistanceFromFirstEverEntry(s, id(3)));
        assertEquals(GroupCounters.INVALID, GroupCounters.estimateDistanceFromFirstEverEntry(s, id(9)));
    }

    @Test
    void aNeverUsedStreamCountsZeroAndAnEmptiedOneItsEntriesAdded() {
        assertEquals(0, GroupCounters.estimateDistanceFromFirstEverEntry(new Stream(), id(7)));
        Stream s = stream(2);
        s.delete(id(1));
        s.delete(id(2));
        assertEquals(2, GroupCounters.estimateDistanceFromFirstEverEntry(s, id(1)));
        assertEquals(GroupCounters.INVALID, GroupCounters.estimateDistanceFromFirstEverEntry(s, id(3)));
    }

    @Test
    void aTombstoneAfterTheFirstEntryMakesTheFirstEntryCounterUnknown() {
        Stream s = stream(5);
        s.delete(id(3));
        assertEquals(GroupCounters.INVALID, GroupCounters.estimateDistanceFromFirstEverEntry(s, id(1)));
        assertTrue(GroupCounters.rangeHasTombstones(s, id(2), null));
        assertFalse(GroupCounters.rangeHasTombstones(s, id(4), null));
        s.delete(id(1));
        s.delete(id(2));
        // every tombstone now lies before the first live entry
        assertFalse(GroupCounters.rangeHasTombstones(s, StreamId.MIN, null));
        assertEquals(3, GroupCounters.estimateDistanceFromFirstEverEntry(s, StreamId.MIN.next()));
    }

    @Test
    void lagIsNullWhenTheCounterCannotBeKnown() {
        Stream s = stream(5);
        ConsumerGroup g = new ConsumerGroup(new byte[]{'g'}, id(2), GroupCounters.INVALID);
        s.groups.put(g.name, g);
        assertNull(GroupCounters.lag(s, g));
        g.lastDeliveredId = id(5);
        assertEquals(0L, GroupCounters.lag(s, g));
        g.lastDeliveredId = id(2);
        g.entriesRead = 2;
        assertEquals(3L, GroupCounters.lag(s, g));
        s.delete(id(4));
        assertNull(GroupCounters.lag(s, g));
    }

    @Test
    void deliveringPastATombstoneRecoversTheCounterAtTheLastEntry() {
        Stream s = stream(3);
        s.delete(id(2));
        ConsumerGroup g = new ConsumerGroup(new byte[]{'g'}, StreamId.MIN, 0);
        GroupCounters.delivered(s, g, id(1));
        assertEquals(GroupCounters.INVALID, g.entriesRead);
        GroupCounters.delivered(s, g, id(3));
        assertEquals(3, g.entriesRead);
    }

    @Test
    void raxShapeCountsNodesAsRedisBuildsThem() {
        assertEquals(1, RaxShape.nodes(java.util.List.of()));
        assertEquals(2, RaxShape.nodes(java.util.List.of(id(1))));
    }
}
