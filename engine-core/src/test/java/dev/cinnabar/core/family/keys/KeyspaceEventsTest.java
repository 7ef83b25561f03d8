// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.keys;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.client.Client;
import dev.cinnabar.core.keyspace.ByteKey;
import dev.cinnabar.core.resp.RespValue;
import dev.cinnabar.core.resp.ValueReplyWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The keyspace events the keys family fires, as "event key@db" seen by a keyevent pattern subscriber. */
class KeyspaceEventsTest {
    private Engine engine;
    private ValueReplyWriter inbox;

    @BeforeEach
    void openWithGenericEvents() {
        engine = Engine.open(Map.of("notify-keyspace-events", "Eg"));
        inbox = new ValueReplyWriter(3);
        engine.loop().submit(() -> {
            Client subscriber = new Client(engine.newClientId(), null, engine.now());
            subscriber.redirectReplies(inbox);
            engine.pubsub().psubscribe(subscriber, new ByteKey(ascii("__keyevent@*__:*")));
        }).syncUninterruptibly();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Runs the commands and returns the events they fired. */
    private List<String> events(String[]... commands) {
        for (String[] cmd : commands) {
            engine.execute(cmd);
        }
        List<String> out = new ArrayList<>();
        engine.loop().submit(() -> {
            for (RespValue v : inbox.take()) {
                List<RespValue> items = ((RespValue.Array) v).items();
                String channel = ((RespValue.Bulk) items.get(2)).text();
                String key = ((RespValue.Bulk) items.get(3)).text();
                String event = channel.substring(channel.indexOf(":") + 1);
                String db = channel.substring("__keyevent@".length(), channel.indexOf("__:"));
                out.add(event + " " + key + "@" + db);
            }
        }).syncUninterruptibly();
        return out;
    }

    private static String[] cmd(String... args) {
        return args;
    }

    @Test
    void deletionsFireDel() {
        assertEquals(List.of("del a@0", "del b@0"), events(cmd("SET", "a", "1"), cmd("SET", "b", "1"),
                cmd("DEL", "a", "missing"), cmd("UNLINK", "b")));
    }

    @Test
    void expiryCommandsFireExpireOrDelAndPersist() {
        assertEquals(List.of("expire k@0", "persist k@0", "del k@0"), events(cmd("SET", "k", "v"),
                cmd("EXPIRE", "k", "100"), cmd("EXPIRE", "k", "100", "NX"), cmd("PERSIST", "k"),
                cmd("PERSIST", "k"), cmd("PEXPIREAT", "k", "1")));
    }

    @Test
    void renameFiresFromThenTo() {
        assertEquals(List.of("rename_from a@0", "rename_to b@0"), events(cmd("SET", "a", "1"),
                cmd("RENAME", "a", "b"), cmd("RENAME", "b", "b")));
    }

    @Test
    void moveAndCopyNameTheirDatabases() {
        assertEquals(List.of("move_from a@0", "move_to a@2", "copy_to c@3", "copy_to d@0"),
                events(cmd("SET", "a", "1"), cmd("MOVE", "a", "2"), cmd("SELECT", "2"),
                        cmd("COPY", "a", "c", "DB", "3"), cmd("SELECT", "0"), cmd("SET", "b", "1"),
                        cmd("COPY", "b", "d")));
    }

    @Test
    void restoreFiresRestoreOrDelWhenItOnlyDeletes() {
        // DUMP of "v" from Redis 7.0.15
        byte[] dump = new byte[]{0, 1, 'v', 10, 0, (byte) 0x91, 8, (byte) 0xce, (byte) 0xb2, 0x19, 0x38,
            (byte) 0x8a, (byte) 0xce};
        engine.execute(ascii("RESTORE"), ascii("k"), ascii("0"), dump);
        engine.execute(ascii("RESTORE"), ascii("k"), ascii("1"), dump, ascii("REPLACE"), ascii("ABSTTL"));
        assertEquals(List.of("restore k@0", "del k@0"), events());
    }

    @Test
    void newKeyEventsSurviveBeingHiddenByAInConfigGet() {
        engine.execute("CONFIG", "SET", "notify-keyspace-events", "EAn");
        assertEquals("AE", ((RespValue.Bulk) ((RespValue.Array) engine.execute("CONFIG", "GET",
                "notify-keyspace-events")).items().get(1)).text());
        assertEquals(List.of("new k@0", "set k@0"), events(cmd("SET", "k", "v")));
    }
}
