// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.lists;

import dev.cinnabar.core.resp.RespValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.cinnabar.core.family.lists.ListsFixture.integer;
import static dev.cinnabar.core.family.lists.ListsFixture.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListCommandsTest {
    private final ListsFixture f = new ListsFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void pushesAtBothEndsKeepTheirOrder() {
        assertEquals(2, integer(f.run("LPUSH", "l", "b", "a")));
        assertEquals(4, integer(f.run("RPUSH", "l", "c", "d")));
        assertEquals(List.of("a", "b", "c", "d"), texts(f.run("LRANGE", "l", "0", "-1")));
        assertEquals(List.of("c", "d"), texts(f.run("LRANGE", "l", "-2", "100")));
        assertEquals("d", ((RespValue.Bulk) f.run("LINDEX", "l", "-1")).text());
    }

    @Test
    void pushxOnAMissingKeyCreatesNothing() {
        assertEquals(0, integer(f.run("LPUSHX", "l", "a")));
        assertEquals(0, integer(f.run("EXISTS", "l")));
    }

    @Test
    void poppingTheLastElementDeletesTheKey() {
        f.run("RPUSH", "l", "a", "b", "c");
        assertEquals(List.of("c", "b"), texts(f.run("RPOP", "l", "2")));
        assertEquals("a", ((RespValue.Bulk) f.run("LPOP", "l")).text());
        assertEquals(0, integer(f.run("EXISTS", "l")));
        assertInstanceOf(RespValue.Null.class, f.run("LPOP", "l", "1"));
    }

    @Test
    void lremFromTheTailRemovesTheLastMatchesFirst() {
        f.run("RPUSH", "l", "x", "a", "x", "b", "x");
        assertEquals(2, integer(f.run("LREM", "l", "-2", "x")));
        assertEquals(List.of("x", "a", "b"), texts(f.run("LRANGE", "l", "0", "-1")));
    }

    @Test
    void linsertPlacesTheElementBesideTheFirstPivot() {
        f.run("RPUSH", "l", "a", "p", "p");
        assertEquals(4, integer(f.run("LINSERT", "l", "AFTER", "p", "x")));
        assertEquals(-1, integer(f.run("LINSERT", "l", "BEFORE", "nope", "x")));
        assertEquals(List.of("a", "p", "x", "p"), texts(f.run("LRANGE", "l", "0", "-1")));
    }

    @Test
    void lposFindsRankedMatchesFromEitherEnd() {
        f.run("RPUSH", "l", "a", "b", "c", "1", "2", "3", "c", "c");
        assertEquals(6, integer(f.run("LPOS", "l", "c", "RANK", "2")));
        assertEquals(7, integer(f.run("LPOS", "l", "c", "RANK", "-1")));
        RespValue all = f.run("LPOS", "l", "c", "COUNT", "0", "RANK", "-1");
        assertEquals(List.of(7L, 6L, 2L), ((RespValue.Array) all).items().stream().map(ListsFixture::integer).toList());
        assertInstanceOf(RespValue.Null.class, f.run("LPOS", "l", "c", "MAXLEN", "2"));
    }

    @Test
    void ltrimToAnEmptyRangeDeletesTheKey() {
        f.run("RPUSH", "l", "a", "b");
        assertEquals("OK", ((RespValue.Simple) f.run("LTRIM", "l", "5", "10")).value());
        assertEquals(0, integer(f.run("EXISTS", "l")));
    }

    @Test
    void everyListIsEncodedQuicklistWhateverItsSize() {
        f.run("RPUSH", "small", "a");
        for (int i = 0; i < 2000; i++) {
            f.run("RPUSH", "large", "element-" + i);
        }
        assertEquals("quicklist", ((RespValue.Bulk) f.run("OBJECT", "ENCODING", "small")).text());
        assertEquals("quicklist", ((RespValue.Bulk) f.run("OBJECT", "ENCODING", "large")).text());
        assertEquals("list", ((RespValue.Simple) f.run("TYPE", "large")).value());
    }

    @Test
    void nodeSizeSettingAppliesToListsCreatedAfterIt() {
        f.run("RPUSH", "before", "a", "b", "c", "d", "e");
        assertEquals("OK", ((RespValue.Simple) f.run("CONFIG", "SET", "list-max-ziplist-size", "2")).value());
        assertEquals(List.of("list-max-listpack-size", "2"),
                texts(f.run("CONFIG", "GET", "list-max-listpack-size")));
        f.run("RPUSH", "after", "a", "b", "c", "d", "e");
        f.run("RPUSH", "before", "f");
        assertEquals(1, f.list("before").nodeCount());
        assertEquals(3, f.list("after").nodeCount());
        f.run("CONFIG", "SET", "list-compress-depth", "3");
        f.run("RPUSH", "deep", "a");
        assertEquals(3, f.list("deep").compressDepth());
    }

    @Test
    void theDefaultNodeHoldsEightKilobytes() {
        for (int i = 0; i < 100; i++) {
            f.run("RPUSH", "l", "x".repeat(1000));
        }
        // 1003-byte entries, 8 to an 8 KB node
        assertEquals(13, f.list("l").nodeCount());
    }

    @Test
    void memoryUsageIsRedisFigureForTheSameList() {
        f.run("RPUSH", "small", "a");
        for (int i = 1; i <= 1000; i++) {
            f.run("RPUSH", "large", "element-" + i);
        }
        // what Redis 7.0.15 answers for the same commands
        assertEquals(144, integer(f.run("MEMORY", "USAGE", "small")));
        assertEquals(13480, integer(f.run("MEMORY", "USAGE", "large")));
        assertEquals(13480, integer(f.run("MEMORY", "USAGE", "large", "SAMPLES", "0")));
    }

    @Test
    void aCopyIsIndependentOfItsSource() {
        f.run("RPUSH", "l", "a", "b");
        f.run("COPY", "l", "c");
        f.run("RPUSH", "c", "z");
        f.run("LSET", "l", "0", "changed");
        assertEquals(List.of("changed", "b"), texts(f.run("LRANGE", "l", "0", "-1")));
        assertEquals(List.of("a", "b", "z"), texts(f.run("LRANGE", "c", "0", "-1")));
    }

    @Test
    void anEmptyTrimIsNotPropagatedAndARealOneIs() {
        f.run("RPUSH", "l", "a", "b", "c");
        f.takePropagated();
        f.run("LTRIM", "l", "0", "-1");
        f.run("LREM", "l", "0", "zzz");
        assertEquals(List.of(), f.takePropagated());
        f.run("LTRIM", "l", "1", "-1");
        assertEquals(List.of("LTRIM l 1 -1"), f.takePropagated());
    }

    @Test
    void lmpopIsPropagatedAsAPopOfTheCountItTook() {
        f.run("RPUSH", "l", "a", "b", "c");
        f.takePropagated();
        assertEquals(List.of("l", "[c, b, a]"), texts(f.run("LMPOP", "2", "none", "l", "RIGHT", "COUNT", "10")));
        assertEquals(List.of("RPOP l 3"), f.takePropagated());
    }

    @Test
    void nodeSettingsOfTheStartupConfigurationApply() {
        try (ListsFixture g = new ListsFixture(Map.of("list-max-listpack-size", "1"))) {
            g.run("RPUSH", "l", "a", "b", "c");
            assertEquals(3, g.list("l").nodeCount());
        }
    }
}
