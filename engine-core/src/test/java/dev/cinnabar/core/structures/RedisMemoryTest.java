// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.structures;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class RedisMemoryTest {
    @Test
    void allocationsRoundUpToJemallocSizeClasses() {
        long[][] cases = {{1, 8}, {8, 8}, {9, 16}, {17, 32}, {100, 112}, {128, 128}, {129, 160}, {200, 224},
            {256, 256}, {257, 320}, {1000, 1024}, {1025, 1280}, {5000, 5120}};
        for (long[] c : cases) {
            assertEquals(c[1], RedisMemory.allocation(c[0]), "allocation(" + c[0] + ")");
        }
    }

    @Test
    void listpackEntriesUseRedisEncodings() {
        // integers: 7-bit, 13-bit, 16, 24, 32 and 64-bit, each plus one back-length byte
        String[][] cases = {{"0", "2"}, {"127", "2"}, {"128", "3"}, {"-4096", "3"}, {"4096", "4"},
            {"-32768", "4"}, {"8388607", "5"}, {"2147483647", "6"}, {"2147483648", "10"},
            {"-9223372036854775808", "10"}, {"01", "4"}, {"-0", "4"}, {"a", "3"}, {"", "2"}};
        for (String[] c : cases) {
            assertEquals(Integer.parseInt(c[1]), RedisMemory.listpackEntry(c[0].getBytes(StandardCharsets.US_ASCII)),
                    c[0]);
        }
        assertEquals(2 + 64 + 1, RedisMemory.listpackEntry(new byte[64]));
        assertEquals(2 + 200 + 2, RedisMemory.listpackEntry(new byte[200]));
        assertEquals(5 + 5000 + 2, RedisMemory.listpackEntry(new byte[5000]));
    }

    @Test
    void sdsStringsHaveHeadersByLength() {
        assertEquals(8, RedisMemory.sds(1));
        assertEquals(48, RedisMemory.sds(40));
        assertEquals(4, RedisMemory.dictSlots(0));
        assertEquals(8, RedisMemory.dictSlots(5));
        assertEquals(8, RedisMemory.dictSlots(8));
    }
}
