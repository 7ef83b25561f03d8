// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packed stream against a plain sorted map doing the same appends, deletions and trims. */
class StreamTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[][] fields(String... s) {
        byte[][] out = new byte[s.length][];
        for (int i = 0; i < s.length; i++) {
            out[i] = b(s[i]);
        }
        return out;
    }

    @Test
    void behavesLikeASortedMap() {
        Random rnd = new Random(42);
        for (long[] limits : new long[][] {{100, 4096}, {3, 0}, {0, 120}, {1, 1}, {0, 0}}) {
            Stream s = new Stream();
            TreeMap<StreamId, List<String>> model = new TreeMap<>();
            long ms = 0;
            for (int i = 0; i < 2000; i++) {
                ms += rnd.nextInt(3);
                StreamId id = new StreamId(ms, i);
                String[] fv = rnd.nextInt(4) == 0
                        ? new String[] {"other", Integer.toString(rnd.nextInt(300) - 150), "x", "y".repeat(rnd.nextInt(70))}
                        : new String[] {"f", Long.toString(rnd.nextLong()), "g", "v" + i};
                s.append(id, fields(fv), limits[1], limits[0]);
                model.put(id, List.of(fv));
                if (rnd.nextInt(8) == 0) {
                    StreamId victim = new StreamId(ms - rnd.nextInt(5), i - rnd.nextInt(10));
                    assertEquals(model.remove(victim) != null, s.delete(victim));
                }
                if (rnd.nextInt(200) == 0) {
                    long keep = rnd.nextInt(400);
                    long removed = s.trim(keep, null, false, 0);
                    long expected = Math.max(0, model.size() - keep);
                    assertEquals(expected, removed);
                    while (model.size() > keep) {
                        model.pollFirstEntry();
                    }
                }
                assertEquals(model.size(), s.length());
            }
            compare(model, s, StreamId.MIN, StreamId.MAX);
            for (int i = 0; i < 200; i++) {
                StreamId a = new StreamId(rnd.nextInt((int) ms + 2), rnd.nextInt(2100));
                StreamId z = new StreamId(rnd.nextInt((int) ms + 2), rnd.nextInt(2100));
                compare(model, s, a, z);
                List<String> expected = model.get(a);
                byte[][] got = s.get(a);
                if (expected == null) {
                    assertNull(got);
                } else {
                    assertArrayEquals(fields(expected.toArray(String[]::new)), got);
                }
            }
            Stream copy = StreamsFamily.TYPE.copy(s);
            compare(model, copy, StreamId.MIN, StreamId.MAX);
            copy.append(new StreamId(ms + 1, 0), fields("a", "b"));
            assertEquals(model.size(), s.length());
        }
    }

    private static void compare(TreeMap<StreamId, List<String>> model, Stream s, StreamId from, StreamId to) {
        for (boolean reverse : new boolean[] {false, true}) {
            List<StreamId> expected = new ArrayList<>(from.compareTo(to) > 0 ? List.of()
                    : (reverse ? model.subMap(from, true, to, true).descendingMap() : model.subMap(from, true, to, true))
                    .keySet());
            List<StreamId> got = new ArrayList<>();
            Iterator<Stream.Entry> it = s.range(from, to, reverse);
            while (it.hasNext()) {
                Stream.Entry e = it.next();
                got.add(e.id());
                assertArrayEquals(fields(model.get(e.id()).toArray(String[]::new)), e.fieldsAndValues());
            }
            assertEquals(expected, got);
        }
    }

    @Test
    void nodesFollowTheLimits() {
        Stream s = new Stream();
        for (int i = 1; i <= 250; i++) {
            s.append(new StreamId(i, 0), fields("f", Integer.toString(i)), 4096, 100);
        }
        assertEquals(3, s.nodeCount());
        // approximate trimming drops whole nodes only
        assertEquals(100, s.trim(120, null, true, 10_000));
        assertEquals(150, s.length());
        assertEquals(0, s.trim(120, null, true, 10_000));
        // a limit smaller than a node stops even exact-looking approximate trims
        assertEquals(0, s.trim(0, null, true, 50));
        assertEquals(new StreamId(101, 0), s.first().id());
    }

    @Test
    void deletingTheLastLiveEntryOfANodeDropsTheNode() {
        Stream s = new Stream();
        for (int i = 1; i <= 4; i++) {
            s.append(new StreamId(i, 0), fields("f", "v"), 4096, 2);
        }
        assertEquals(2, s.nodeCount());
        assertTrue(s.delete(new StreamId(1, 0)));
        assertTrue(s.delete(new StreamId(2, 0)));
        assertEquals(1, s.nodeCount());
        assertFalse(s.delete(new StreamId(2, 0)));
        assertEquals(new StreamId(2, 0), s.maxDeletedId);
        assertEquals(new StreamId(3, 0), s.firstIdWithTombstones());
    }

    @Test
    void listpackIntegersRoundTrip() {
        long[] values = {0, 127, 128, -1, -4096, 4095, 4096, -4097, 32767, -32768, 32768, 8388607, -8388608, 8388608,
            Integer.MAX_VALUE, Integer.MIN_VALUE, 1L + Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
        byte[] buf = new byte[32];
        for (long v : values) {
            int end = Listpack.write(buf, 0, v);
            assertEquals(Listpack.sizeOf(v), end);
            assertEquals(v, Listpack.getLong(buf, 0));
            assertEquals(end, Listpack.entrySize(buf, 0));
            assertArrayEquals(b(Long.toString(v)), Listpack.getBytes(buf, 0));
        }
        for (String text : new String[] {"", "x", "-0", "007", "+1", "9223372036854775808", "y".repeat(63),
            "z".repeat(64), "w".repeat(4095), "q".repeat(4096)}) {
            byte[] big = new byte[text.length() + 16];
            int end = Listpack.write(big, 0, b(text));
            assertEquals(Listpack.sizeOf(b(text)), end);
            assertFalse(Listpack.isInteger(big, 0));
            assertArrayEquals(b(text), Listpack.getBytes(big, 0));
        }
    }
}
