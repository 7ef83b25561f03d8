// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.keys;

import dev.cinnabar.core.resp.RespValue;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScanCommandsTest extends EngineTestBase {
    @Test
    void keysMatchesTheGlobPattern() {
        for (String k : new String[]{"hello", "hallo", "hxllo", "heello", "other"}) {
            run("SET", k, "1");
        }
        assertEquals(Set.of("hello", "hallo", "hxllo"), Set.copyOf(texts(run("KEYS", "h?llo"))));
        assertEquals(Set.of("hello", "heello"), Set.copyOf(texts(run("KEYS", "he*llo"))));
        assertEquals(Set.of("hello", "hallo"), Set.copyOf(texts(run("KEYS", "h[ae]llo"))));
        assertEquals(5, texts(run("KEYS", "*")).size());
        assertEquals(List.of(), texts(run("KEYS", "nothing*")));
    }

    @Test
    void keysLeavesOutExpiredKeys() throws InterruptedException {
        run("SET", "a", "1");
        run("SET", "b", "1", "PX", "1");
        Thread.sleep(5);
        assertEquals(List.of("a"), texts(run("KEYS", "*")));
    }

    @Test
    void scanOfAnEmptyDatabaseEndsAtOnce() {
        assertEquals(List.of("0"), List.of(((RespValue.Bulk) items(run("SCAN", "0")).get(0)).text()));
        assertEquals(List.of(), texts(items(run("SCAN", "0")).get(1)));
    }

    @Test
    void scanFiltersByPatternAndType() {
        run("SET", "user:1", "a");
        run("SET", "user:2", "b");
        run("SET", "item:1", "c");
        assertEquals(Set.of("user:1", "user:2"), scanAll("MATCH", "user:*"));
        assertEquals(Set.of("user:1", "user:2", "item:1"), scanAll("TYPE", "STRING"));
        assertEquals(Set.of(), scanAll("TYPE", "list"));
    }

    @Test
    void scanRejectsBadOptions() {
        assertEquals(error("ERR syntax error"), run("SCAN", "0", "COUNT", "0"));
        assertEquals(error("ERR syntax error"), run("SCAN", "0", "COUNT"));
        assertEquals(error("ERR syntax error"), run("SCAN", "0", "FOO", "bar"));
        assertEquals(error("ERR value is not an integer or out of range"), run("SCAN", "0", "COUNT", "x"));
        assertEquals(error("ERR invalid cursor"), run("SCAN", "abc"));
    }

    @Test
    void cursorsParseAsStrtoulDoes() {
        assertEquals(0, ScanCommands.parseCursor(ascii("")));
        assertEquals(0, ScanCommands.parseCursor(ascii("+0")));
        assertEquals(-1L, ScanCommands.parseCursor(ascii("-1")));
        assertEquals(-1L, ScanCommands.parseCursor(ascii("18446744073709551615")));
        assertEquals(1, ScanCommands.parseCursor(ascii("-18446744073709551615")));
        assertEquals(42, ScanCommands.parseCursor(ascii("0042")));
        for (String bad : new String[]{" 0", "0 ", "+", "-", "0x1", "18446744073709551616", "1e3"}) {
            assertThrows(dev.cinnabar.spi.RedisError.class, () -> ScanCommands.parseCursor(ascii(bad)), bad);
        }
    }

    @Test
    void aFullScanReturnsEveryKeyPresentThroughoutWhileKeysComeAndGo() {
        Set<String> stable = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            run("SET", "stable:" + i, "v");
            stable.add("stable:" + i);
        }
        // enough transient keys that deleting them shrinks the table under the scan, which then grows again
        int transientKeys = 12000;
        for (int i = 0; i < transientKeys; i++) {
            run("SET", "gone:" + i, "v");
        }
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int deleted = 0;
        int added = 0;
        do {
            List<RespValue> reply = items(run("SCAN", cursor, "COUNT", "10"));
            cursor = ((RespValue.Bulk) reply.get(0)).text();
            seen.addAll(texts(reply.get(1)));
            if (deleted < transientKeys) {
                for (int i = 0; i < 100; i++) {
                    run("DEL", "gone:" + deleted++);
                }
            } else {
                for (int i = 0; i < 20; i++) {
                    run("SET", "new:" + added++, "v");
                }
            }
        } while (!cursor.equals("0"));
        Set<String> missing = new HashSet<>(stable);
        missing.removeAll(seen);
        assertEquals(Set.of(), missing);
        assertTrue(added > 0, "the scan ended before keys were added");
    }

    private Set<String> scanAll(String... options) {
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        do {
            String[] cmd = new String[2 + options.length];
            cmd[0] = "SCAN";
            cmd[1] = cursor;
            System.arraycopy(options, 0, cmd, 2, options.length);
            List<RespValue> reply = items(run(cmd));
            cursor = ((RespValue.Bulk) reply.get(0)).text();
            seen.addAll(texts(reply.get(1)));
        } while (!cursor.equals("0"));
        return seen;
    }

    private static List<RespValue> items(RespValue reply) {
        return ((RespValue.Array) reply).items();
    }
}
