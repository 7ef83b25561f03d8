// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.resp.RespValue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.cinnabar.core.family.server.Replies.items;
import static dev.cinnabar.core.family.server.Replies.list;
import static dev.cinnabar.core.family.server.Replies.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandCommandTest {
    @Test
    void commandDescribesEveryRegisteredCommandAndCountAgrees() {
        try (Engine e = Engine.open()) {
            int registered = e.commands().all().size();
            assertEquals(registered, items(e.execute("COMMAND")).size());
            assertEquals(Integer.toString(registered), text(e.execute("COMMAND", "COUNT")));
        }
    }

    @Test
    void infoOfAnUnknownCommandIsNullAndSubcommandsCanBeNamed() {
        try (Engine e = Engine.open()) {
            List<RespValue> info = items(e.execute("COMMAND", "INFO", "get", "nosuch", "CONFIG|GET"));
            assertEquals("get", text(items(info.get(0)).get(0)));
            assertNull(text(info.get(1)));
            assertEquals("config|get", text(items(info.get(2)).get(0)));
        }
    }

    @Test
    void listIncludesSubcommandsAndFiltersByPatternAndCategory() {
        try (Engine e = Engine.open()) {
            List<String> all = list(e.execute("COMMAND", "LIST"));
            assertTrue(all.contains("config") && all.contains("config|set"));
            assertEquals(List.of("slowlog", "slowlog|get", "slowlog|help", "slowlog|len", "slowlog|reset"),
                    list(e.execute("COMMAND", "LIST", "FILTERBY", "PATTERN", "SLOW*")));
            List<String> keyspace = list(e.execute("COMMAND", "LIST", "FILTERBY", "ACLCAT", "KEYSPACE"));
            assertTrue(keyspace.contains("flushall") && keyspace.contains("dbsize") && !keyspace.contains("get"));
            assertTrue(list(e.execute("COMMAND", "LIST", "FILTERBY", "ACLCAT", "nosuch")).isEmpty());
            assertTrue(list(e.execute("COMMAND", "LIST", "FILTERBY", "MODULE", "strings")).isEmpty());
        }
    }

    @Test
    void listOptionsOtherThanOneFilterAreSyntaxErrors() {
        try (Engine e = Engine.open()) {
            assertEquals("ERR syntax error", text(e.execute("COMMAND", "LIST", "FILTERBY")));
            assertEquals("ERR syntax error", text(e.execute("COMMAND", "LIST", "FILTERBY", "NAME", "x")));
            assertEquals("ERR syntax error", text(e.execute("COMMAND", "LIST", "FILTERBY", "PATTERN", "x", "y")));
        }
    }

    @Test
    void docsGiveOurSummaryAndTheFactsOfEachCommand() {
        try (Engine e = Engine.open()) {
            List<String> docs = list(e.execute("COMMAND", "DOCS", "get", "nosuch"));
            assertEquals("get", docs.get(0));
            Map<String, RespValue> get = map(items(e.execute("COMMAND", "DOCS", "get")).get(1));
            assertEquals(List.of("summary", "since", "group", "complexity", "arguments"), List.copyOf(get.keySet()));
            assertEquals("Returns the string value of a key", text(get.get("summary")));
            assertEquals("1.0.0", text(get.get("since")));
            assertEquals("string", text(get.get("group")));
            Map<String, RespValue> key = map(items(get.get("arguments")).get(0));
            assertEquals("key", text(key.get("name")));
            assertEquals("0", text(key.get("key_spec_index")));
        }
    }

    @Test
    void docsOfAContainerHoldItsSubcommandsAndArgumentFlags() {
        try (Engine e = Engine.open()) {
            Map<String, RespValue> config = map(items(e.execute("COMMAND", "DOCS", "config")).get(1));
            Map<String, RespValue> subs = map(config.get("subcommands"));
            assertTrue(subs.containsKey("config|set"));
            Map<String, RespValue> set = map(subs.get("config|set"));
            Map<String, RespValue> pair = map(items(set.get("arguments")).get(0));
            assertEquals("block", text(pair.get("type")));
            assertEquals(List.of("multiple"), list(pair.get("flags")));
            assertFalse(set.containsKey("history"));
        }
    }

    @Test
    void getkeysNamesTheKeysAndRefusesWhatHasNone() {
        try (Engine e = Engine.open()) {
            assertEquals(List.of("k"), list(e.execute("COMMAND", "GETKEYS", "GET", "k")));
            assertEquals("ERR Invalid command specified", text(e.execute("COMMAND", "GETKEYS", "nosuch", "x")));
            assertEquals("ERR The command has no key arguments", text(e.execute("COMMAND", "GETKEYS", "ping", "x")));
            assertEquals("ERR Invalid number of arguments specified for command",
                    text(e.execute("COMMAND", "GETKEYS", "get", "a", "b")));
            RespValue flags = items(e.execute("COMMAND", "GETKEYSANDFLAGS", "SET", "k", "v", "GET")).get(0);
            assertEquals("k", text(items(flags).get(0)));
            assertEquals(List.of("RW", "access", "update"), list(items(flags).get(1)));
        }
    }

    static Map<String, RespValue> map(RespValue v) {
        List<RespValue> flat = items(v);
        Map<String, RespValue> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            out.put(text(flat.get(i)), flat.get(i + 1));
        }
        return out;
    }
}
