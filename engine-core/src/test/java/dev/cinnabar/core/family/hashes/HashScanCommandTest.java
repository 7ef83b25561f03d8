// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.hashes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HashScanCommandTest {
    private final HashFixture redis = new HashFixture();

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void aListpackIsReturnedWholeWithCursorZero() {
        redis.run("HSET", "h", "a", "1", "b", "2", "c", "3");
        assertEquals(List.of("0", "a", "1", "b", "2", "c", "3"), flatten("HSCAN", "h", "99", "COUNT", "1"));
        assertEquals(List.of("0", "b", "2"), flatten("HSCAN", "h", "0", "MATCH", "b"));
    }

    @Test
    void matchFiltersOnFieldsNotValues() {
        redis.run("CONFIG", "SET", "hash-max-listpack-entries", "0");
        redis.run("HSET", "h", "key1", "match", "match", "x");
        Set<String> seen = new HashSet<>(scanAll("h", "10", "match*"));
        assertEquals(Set.of("match", "x"), seen);
    }

    @Test
    void aFullHashtableScanSeesEveryFieldWithItsValue() {
        redis.run("CONFIG", "SET", "hash-max-listpack-entries", "0");
        for (int i = 0; i < 1000; i++) {
            redis.run("HSET", "h", "f" + i, "v" + i);
        }
        List<String> items = scanAll("h", "7", null);
        Set<String> fields = new HashSet<>();
        for (int i = 0; i < items.size(); i += 2) {
            assertEquals("v" + items.get(i).substring(1), items.get(i + 1));
            fields.add(items.get(i));
        }
        assertEquals(new HashSet<>(HashCommandsTest.fields(1000)), fields);
    }

    @Test
    void fieldsPresentThroughoutAreSeenWhileTheHashGrowsAndShrinks() {
        redis.run("CONFIG", "SET", "hash-max-listpack-entries", "0");
        for (int i = 0; i < 200; i++) {
            redis.run("HSET", "h", "keep" + i, "1");
            redis.run("HSET", "h", "drop" + i, "1");
        }
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int step = 0;
        do {
            List<String> reply = flatten("HSCAN", "h", cursor, "COUNT", "10");
            cursor = reply.get(0);
            for (int i = 1; i < reply.size(); i += 2) {
                seen.add(reply.get(i));
            }
            // first grow the table a lot, then shrink it below its starting size
            if (step < 20) {
                for (int j = 0; j < 100; j++) {
                    redis.run("HSET", "h", "grow" + step + "-" + j, "1");
                }
            } else if (step == 20) {
                for (int i = 0; i < 200; i++) {
                    redis.run("HDEL", "h", "drop" + i);
                }
                for (int s = 0; s < 20; s++) {
                    for (int j = 0; j < 100; j++) {
                        redis.run("HDEL", "h", "grow" + s + "-" + j);
                    }
                }
            }
            step++;
        } while (!cursor.equals("0"));
        for (int i = 0; i < 200; i++) {
            assertTrue(seen.contains("keep" + i), "keep" + i);
        }
    }

    @Test
    void optionErrorsFollowTheTypeCheck() {
        redis.run("HSET", "h", "a", "1");
        assertEquals("ERR syntax error", redis.error("HSCAN", "h", "0", "COUNT", "0"));
        assertEquals("ERR syntax error", redis.error("HSCAN", "h", "0", "TYPE", "hash"));
        assertEquals("ERR value is not an integer or out of range", redis.error("HSCAN", "h", "0", "COUNT", "x"));
        assertEquals("ERR invalid cursor", redis.error("HSCAN", "h", "x"));
        assertEquals(List.of("0"), flatten("HSCAN", "nokey", "0", "COUNT", "0"));
    }

    /** Every field and value of a full scan with the given COUNT and MATCH (null for none). */
    private List<String> scanAll(String key, String count, String match) {
        List<String> items = new ArrayList<>();
        String cursor = "0";
        do {
            List<String> reply = match == null
                    ? flatten("HSCAN", key, cursor, "COUNT", count)
                    : flatten("HSCAN", key, cursor, "COUNT", count, "MATCH", match);
            cursor = reply.get(0);
            items.addAll(reply.subList(1, reply.size()));
        } while (!cursor.equals("0"));
        return items;
    }

    /** The cursor followed by the elements of an HSCAN reply. */
    private List<String> flatten(String... args) {
        dev.cinnabar.core.resp.RespValue reply = redis.run(args);
        List<dev.cinnabar.core.resp.RespValue> parts = ((dev.cinnabar.core.resp.RespValue.Array) reply).items();
        List<String> out = new ArrayList<>();
        out.add(((dev.cinnabar.core.resp.RespValue.Bulk) parts.get(0)).text());
        out.addAll(HashFixture.texts(parts.get(1)));
        return out;
    }
}
