// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.RdbFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Lists of RDB type 1 (linked list) and 10 (ziplist), as Redis 3.0 and older wrote them, big enough for many
 * quicklist nodes once loaded, estimated item by item ({@link PreQuicklistListMemory}, the walk's whole-decode
 * limit lowered to 0): equal to the byte to a real Redis 7.0's {@code MEMORY USAGE} after it loads the file
 * (it pushes each item into a new quicklist, as the engine does) and to the engine's figure decoded whole.
 */
class PreQuicklistListMemoryTest {
    @TempDir
    Path tmp;

    @Test
    void oldListsRebuiltItemByItemAreMemoryUsageToTheByte() throws Exception {
        List<byte[]> items = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            // strings of 8 to 70 bytes and integers, as old servers stored them
            items.add((i % 7 == 0 ? Integer.toString(i * 13 - 20000) : "item-" + i + "-" + "x".repeat(i % 64))
                    .getBytes(US_ASCII));
        }
        List<byte[]> linked = new ArrayList<>(items);
        // an item bigger than a node (8 KB): a node of its own
        linked.add(2500, "y".repeat(10_000).getBytes(US_ASCII));
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        records.writeBytes(new byte[] {(byte) 0xFE, 0});
        records.write(10);
        string(records, "ziplist".getBytes(US_ASCII));
        string(records, ziplist(items));
        records.write(1);
        string(records, "linked".getBytes(US_ASCII));
        length(records, linked.size());
        for (byte[] item : linked) {
            item(records, item);
        }
        Path dir = Files.createDirectories(tmp.resolve("r"));
        Path file = dir.resolve("dump.rdb");
        Files.write(file, RdbCheckerTest.file(6, records.toByteArray()));

        long now = System.currentTimeMillis();
        Map<String, KeyMemory> streamed = MemoryWalkTest.walk(file, 0, true, now);
        Map<String, KeyMemory> whole = MemoryWalkTest.walk(file, Long.MAX_VALUE, false, now);
        try (RealRedis r = RealRedis.startOrSkip(dir)) {
            for (String k : List.of("ziplist", "linked")) {
                String id = "0 " + RdbFileReader.quote(k.getBytes(US_ASCII));
                long redis = Long.parseLong(r.call("MEMORY", "USAGE", k).substring(1));
                assertEquals("quicklist", streamed.get(id).encoding(), k);
                assertEquals(whole.get(id).elements(), streamed.get(id).elements(), k);
                assertEquals(whole.get(id).memory(), streamed.get(id).memory(), k + ": item by item vs whole decode");
                assertEquals(redis, streamed.get(id).memory(), k + ": vs MEMORY USAGE; " + r.call("DEBUG", "OBJECT", k));
            }
        }
    }

    /** An item of a type 1 list: an integer in RDB's int encodings where it fits, else a plain string. */
    private static void item(ByteArrayOutputStream out, byte[] item) {
        String s = new String(item, US_ASCII);
        if (s.matches("-?[1-9][0-9]{0,4}") && Math.abs(Long.parseLong(s)) < 32768) {
            int v = Integer.parseInt(s);
            out.write(0xC1);
            out.write(v);
            out.write(v >> 8);
        } else {
            string(out, item);
        }
    }

    private static void string(ByteArrayOutputStream out, byte[] b) {
        length(out, b.length);
        out.writeBytes(b);
    }

    private static void length(ByteArrayOutputStream out, int n) {
        if (n < 64) {
            out.write(n);
        } else if (n < 16384) {
            out.write(0x40 | n >> 8);
            out.write(n);
        } else {
            out.write(0x80);
            out.write(n >>> 24);
            out.write(n >>> 16);
            out.write(n >>> 8);
            out.write(n);
        }
    }

    /** A ziplist ({@code ziplist.c}): strings of up to 16383 bytes and 16-bit integers. */
    private static byte[] ziplist(List<byte[]> items) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int prev = 0;
        int tail = 10;
        for (byte[] item : items) {
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            if (prev < 254) {
                e.write(prev);
            } else {
                e.write(254);
                le(e, prev, 4);
            }
            String s = new String(item, US_ASCII);
            if (s.matches("-?[1-9][0-9]{0,4}") && Math.abs(Long.parseLong(s)) < 32768) {
                e.write(0xC0);
                le(e, Integer.parseInt(s), 2);
            } else if (item.length < 64) {
                e.write(item.length);
                e.writeBytes(item);
            } else {
                e.write(0x40 | item.length >> 8);
                e.write(item.length);
                e.writeBytes(item);
            }
            tail = 10 + body.size();
            prev = e.size();
            body.writeBytes(e.toByteArray());
        }
        ByteArrayOutputStream zl = new ByteArrayOutputStream();
        le(zl, 10 + body.size() + 1, 4);
        le(zl, tail, 4);
        le(zl, Math.min(items.size(), 65535), 2);
        zl.writeBytes(body.toByteArray());
        zl.write(255);
        return zl.toByteArray();
    }

    private static void le(ByteArrayOutputStream out, long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (v >>> (8 * i)));
        }
    }
}
