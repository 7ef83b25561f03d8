// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.resp.RespValue;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.cinnabar.core.family.server.Replies.items;
import static dev.cinnabar.core.family.server.Replies.list;
import static dev.cinnabar.core.family.server.Replies.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlowlogTest {
    @Test
    void commandsAtLeastAsSlowAsTheThresholdAreLoggedNewestFirst() {
        try (Engine e = Engine.open()) {
            e.execute("CONFIG", "SET", "slowlog-log-slower-than", "0");
            e.execute("SET", "k", "v");
            e.execute("GET", "k");
            List<RespValue> entries = items(e.execute("SLOWLOG", "GET"));
            List<String> newest = list(items(entries.get(0)).get(3));
            assertEquals(List.of("GET", "k"), newest);
            List<RespValue> entry = items(entries.get(0));
            assertEquals(6, entry.size());
            assertTrue(Long.parseLong(text(entry.get(0))) > Long.parseLong(text(items(entries.get(1)).get(0))));
            assertTrue(Math.abs(Long.parseLong(text(entry.get(1))) - System.currentTimeMillis() / 1000) <= 2);
            assertEquals("?:0", text(entry.get(4)));
            assertEquals("", text(entry.get(5)));
        }
    }

    @Test
    void aNegativeThresholdOrZeroLengthTurnsTheLogOff() {
        try (Engine e = Engine.open()) {
            e.execute("CONFIG", "SET", "slowlog-log-slower-than", "-1");
            e.execute("GET", "k");
            e.execute("CONFIG", "SET", "slowlog-log-slower-than", "0", "slowlog-max-len", "0");
            e.execute("GET", "k");
            assertEquals("0", text(e.execute("SLOWLOG", "LEN")));
        }
    }

    @Test
    void theLogKeepsAtMostMaxLenEntriesAndResetEmptiesIt() {
        try (Engine e = Engine.open()) {
            e.execute("CONFIG", "SET", "slowlog-log-slower-than", "0", "slowlog-max-len", "3");
            for (int i = 0; i < 10; i++) {
                e.execute("GET", "k" + i);
            }
            assertEquals("3", text(e.execute("SLOWLOG", "LEN")));
            assertEquals(2, items(e.execute("SLOWLOG", "GET", "2")).size());
            assertEquals(3, items(e.execute("SLOWLOG", "GET", "-1")).size());
            assertEquals("OK", text(e.execute("SLOWLOG", "RESET")));
            assertEquals("1", text(e.execute("SLOWLOG", "LEN")));
        }
    }

    @Test
    void longCommandLinesAreCutAsRedisCutsThem() {
        String[] argv = new String[40];
        argv[0] = "ECHO";
        argv[1] = "x".repeat(200);
        for (int i = 2; i < argv.length; i++) {
            argv[i] = "a" + i;
        }
        byte[][] bytes = new byte[argv.length][];
        for (int i = 0; i < argv.length; i++) {
            bytes[i] = argv[i].getBytes(StandardCharsets.US_ASCII);
        }
        List<String> kept = new ArrayList<>();
        for (byte[] b : SlowLog.truncate(bytes)) {
            kept.add(new String(b, StandardCharsets.US_ASCII));
        }
        assertEquals(32, kept.size());
        assertEquals("x".repeat(128) + "... (72 more bytes)", kept.get(1));
        assertEquals("a30", kept.get(30));
        assertEquals("... (9 more arguments)", kept.get(31));
    }

    @Test
    void secretsNeverReachTheLog() {
        try (Engine e = Engine.open()) {
            e.execute("CONFIG", "SET", "slowlog-log-slower-than", "0");
            e.execute("CONFIG", "SET", "masterauth", "hunter2", "hz", "10");
            List<String> args = list(items(items(e.execute("SLOWLOG", "GET", "1")).get(0)).get(3));
            assertEquals(List.of("CONFIG", "SET", "masterauth", "(redacted)", "hz", "10"), args);
        }
    }

    @Test
    void getCountMustBeMinusOneOrMore() {
        try (Engine e = Engine.open()) {
            assertEquals("ERR count should be greater than or equal to -1", text(e.execute("SLOWLOG", "GET", "-2")));
            assertEquals("ERR count should be greater than or equal to -1", text(e.execute("SLOWLOG", "GET", "x")));
            assertEquals("ERR unknown subcommand or wrong number of arguments for 'get'. Try SLOWLOG HELP.",
                    text(e.execute("SLOWLOG", "get", "1", "2")));
            assertEquals("ERR wrong number of arguments for 'slowlog|len' command",
                    text(e.execute("SLOWLOG", "LEN", "x")));
        }
    }
}
