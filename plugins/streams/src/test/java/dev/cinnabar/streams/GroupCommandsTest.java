// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consumer-group commands in an embedded engine: what they propagate, the events they fire and the
 * dirty counter, which the differential scripts cannot see, and delivery counts without the clock.
 */
class GroupCommandsTest {
    private final GroupFixture f = new GroupFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private void entries(int n) {
        for (int i = 1; i <= n; i++) {
            f.run("XADD", "s", i + "-0", "f", "v" + i);
        }
    }

    private List<String> withoutTimes(List<String> lines) {
        return lines.stream().map(l -> l.replaceAll(" TIME \\d+ ", " TIME t ")).toList();
    }

    @Test
    void xreadgroupPropagatesEachDeliveryAsAnIdempotentXclaimInOneTransaction() {
        entries(3);
        f.run("XGROUP", "CREATE", "s", "g", "0");
        f.propagated();
        assertEquals("[[s, [[1-0, [f, v1]], [2-0, [f, v2]]]]]",
                f.run("XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", "s", ">"));
        assertEquals(List.of("MULTI",
                "XCLAIM s g alice 0 1-0 TIME t RETRYCOUNT 1 FORCE JUSTID LASTID 1-0",
                "XCLAIM s g alice 0 2-0 TIME t RETRYCOUNT 1 FORCE JUSTID LASTID 2-0",
                "EXEC"), withoutTimes(f.propagated()));
    }

    @Test
    void aNoackReadPropagatesTheNewConsumerAndTheGroupPosition() {
        entries(3);
        f.run("XGROUP", "CREATE", "s", "g", "0");
        f.propagated();
        f.run("XREADGROUP", "GROUP", "g", "bob", "NOACK", "COUNT", "2", "STREAMS", "s", ">");
        assertEquals(List.of("MULTI", "XGROUP CREATECONSUMER s g bob", "XGROUP SETID s g 2-0 ENTRIESREAD 2", "EXEC"),
                f.propagated());
        f.run("XREADGROUP", "GROUP", "g", "bob", "NOACK", "STREAMS", "s", ">");
        assertEquals(List.of("XGROUP SETID s g 3-0 ENTRIESREAD 3"), f.propagated());
        assertEquals("[0, nil, nil, nil]", f.run("XPENDING", "s", "g"));
    }

    @Test
    void aHistoryReadCountsADeliveryButPropagatesNothing() {
        entries(2);
        f.run("XGROUP", "CREATE", "s", "g", "0");
        f.run("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">");
        f.propagated();
        long dirty = f.dirty();
        f.run("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "0");
        f.run("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "0");
        assertEquals(List.of(), f.propagated());
        assertEquals(dirty + 2, f.dirty());
        String pending = f.run("XPENDING", "s", "g", "-", "+", "10");
        assertTrue(pending.matches("\\[\\[1-0, alice, \\d+, 3], \\[2-0, alice, \\d+, 3]]"), pending);
    }

    @Test
    void nothingNewToReadCreatesNoConsumerAndChangesNothing() {
        entries(1);
        f.run("XGROUP", "CREATE", "s", "g", "$");
        f.propagated();
        f.events();
        long dirty = f.dirty();
        assertEquals("nil", f.run("XREADGROUP", "GROUP", "g", "carol", "STREAMS", "s", ">"));
        assertEquals("[]", f.run("XINFO", "CONSUMERS", "s", "g"));
        assertEquals(dirty, f.dirty());
        assertEquals(List.of(), f.propagated());
        assertEquals(List.of(), f.events());
    }

    @Test
    void xclaimAndXautoclaimPropagateTheirOutcomeNotTheirCommandLine() {
        entries(3);
        f.run("XGROUP", "CREATE", "s", "g", "0");
        f.run("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">");
        f.propagated();
        f.run("XCLAIM", "s", "g", "bob", "0", "1-0", "TIME", "1000", "RETRYCOUNT", "5");
        assertEquals(List.of("XCLAIM s g bob 0 1-0 TIME 1000 RETRYCOUNT 5 FORCE JUSTID LASTID 3-0"), f.propagated());
        f.run("XCLAIM", "s", "g", "bob", "0", "3-0", "LASTID", "9-0", "JUSTID", "FORCE");
        assertEquals(List.of("XCLAIM s g bob 0 3-0 TIME t RETRYCOUNT 1 FORCE JUSTID LASTID 9-0"),
                withoutTimes(f.propagated()));
        f.run("XCLAIM", "s", "g", "bob", "0", "99-0", "LASTID", "10-0");
        assertEquals(List.of("XGROUP SETID s g 10-0 ENTRIESREAD 3"), f.propagated());
        f.run("XDEL", "s", "2-0");
        f.propagated();
        assertEquals("[0-0, [[1-0, [f, v1]], [3-0, [f, v3]]], [2-0]]",
                f.run("XAUTOCLAIM", "s", "g", "carol", "0", "0"));
        assertEquals(List.of("MULTI",
                "XCLAIM s g carol 0 1-0 TIME t RETRYCOUNT 6 FORCE JUSTID LASTID 10-0",
                "XCLAIM s g alice 0 2-0 TIME t RETRYCOUNT 1 FORCE JUSTID LASTID 10-0",
                "XCLAIM s g carol 0 3-0 TIME t RETRYCOUNT 2 FORCE JUSTID LASTID 10-0",
                "EXEC"), withoutTimes(f.propagated()));
    }

    @Test
    void groupChangesFireTheirEventsOnlyWhenSomethingChanged() {
        entries(2);
        f.events();
        f.run("XGROUP", "CREATE", "s", "g", "0");
        f.run("XGROUP", "CREATE", "s", "g", "0");
        f.run("XGROUP", "CREATECONSUMER", "s", "g", "c");
        f.run("XGROUP", "CREATECONSUMER", "s", "g", "c");
        f.run("XREADGROUP", "GROUP", "g", "d", "STREAMS", "s", ">");
        f.run("XACK", "s", "g", "1-0");
        f.run("XGROUP", "SETID", "s", "g", "0");
        f.run("XGROUP", "DELCONSUMER", "s", "g", "c");
        f.run("XGROUP", "DELCONSUMER", "s", "g", "c");
        f.run("XGROUP", "DESTROY", "s", "g");
        f.run("XGROUP", "DESTROY", "s", "g");
        f.run("XGROUP", "CREATE", "m", "g", "$", "MKSTREAM");
        assertEquals(List.of("xgroup-create s", "xgroup-createconsumer s", "xgroup-createconsumer s",
                "xgroup-setid s", "xgroup-delconsumer s", "xgroup-destroy s", "xgroup-create m"),
                f.events());
    }

    @Test
    void deletingAConsumerDropsItsPendingEntriesFromTheGroup() {
        entries(3);
        f.run("XGROUP", "CREATE", "s", "g", "0");
        f.run("XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", "s", ">");
        f.run("XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", ">");
        assertEquals("2", f.run("XGROUP", "DELCONSUMER", "s", "g", "alice"));
        assertEquals("[1, 3-0, 3-0, [[bob, 1]]]", f.run("XPENDING", "s", "g"));
    }

    @Test
    void xinfoStreamFullListsGroupsPendingEntriesAndConsumers() {
        entries(2);
        f.run("XGROUP", "CREATE", "s", "g", "0");
        f.run("XCLAIM", "s", "g", "c", "0", "1-0", "FORCE", "TIME", "1000", "RETRYCOUNT", "4");
        String full = f.run("XINFO", "STREAM", "s", "FULL", "COUNT", "1").replaceAll("seen-time, \\d+", "seen-time, t");
        // a group at 0-0 with no counter: its entries-read is estimated from the stream's first entry
        assertEquals("[length, 2, radix-tree-keys, 1, radix-tree-nodes, 2, last-generated-id, 2-0, "
                + "max-deleted-entry-id, 0-0, entries-added, 2, recorded-first-entry-id, 1-0, "
                + "entries, [[1-0, [f, v1]]], groups, [[name, g, last-delivered-id, 0-0, entries-read, nil, lag, 2, "
                + "pel-count, 1, pending, [[1-0, c, 1000, 4]], consumers, [[name, c, seen-time, t, pel-count, 1, "
                + "pending, [[1-0, 1000, 4]]]]]]]", full);
    }
}
