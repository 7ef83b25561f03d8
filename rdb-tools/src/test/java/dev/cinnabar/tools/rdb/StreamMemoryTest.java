// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.structures.RedisMemory;
import org.junit.jupiter.api.Test;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link StreamMemory} on hand-made event sequences; real streams are in {@link BigStreamMemoryTest}. */
class StreamMemoryTest {
    private static StreamEvent.Id id(long ms, long seq) {
        return new StreamEvent.Id(ms, seq);
    }

    @Test
    void anEmptyStreamWithAGroupIsAKeyAsRedisCountsIt() {
        // XGROUP CREATE empty g $ MKSTREAM, DEBUG RELOAD: Redis 7.0's MEMORY USAGE empty is 656
        StreamMemory m = new StreamMemory(CollectionMemory.SAMPLES);
        m.stream(new StreamEvent.Metadata(0, id(0, 0), id(0, 0), id(0, 0), 0));
        m.stream(new StreamEvent.Group("g".getBytes(US_ASCII), id(0, 0), 0));
        assertTrue(m.usable());
        assertEquals(1, m.elements());
        assertEquals(656, m.usage() + RedisMemory.sds("empty".length()) + RedisMemory.DICT_ENTRY);
    }

    @Test
    void idsOutOfOrderLeaveTheValueToTheWholeDecode() {
        StreamMemory nodes = new StreamMemory(CollectionMemory.SAMPLES);
        nodes.stream(new StreamEvent.Node(id(5, 0), 100));
        nodes.stream(new StreamEvent.Node(id(4, 0), 100));
        assertFalse(nodes.usable());

        StreamMemory pel = new StreamMemory(CollectionMemory.SAMPLES);
        pel.stream(new StreamEvent.Node(id(1, 0), 100));
        pel.stream(new StreamEvent.Group("g".getBytes(US_ASCII), id(9, 0), 2));
        pel.stream(new StreamEvent.Pending(id(2, 0), 0, 1));
        pel.stream(new StreamEvent.Pending(id(2, 0), 0, 1));
        assertFalse(pel.usable());
    }
}
