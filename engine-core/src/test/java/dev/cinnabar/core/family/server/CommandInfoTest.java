// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cinnabar.core.command.Command;
import dev.cinnabar.core.command.CommandFacts;
import dev.cinnabar.core.command.CommandTable;
import dev.cinnabar.core.resp.RespValue;
import dev.cinnabar.core.resp.ValueReplyWriter;
import dev.cinnabar.spi.CommandFlag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * COMMAND INFO built from the facts equals what Redis 7.0.15 replies, for every command Redis has. The
 * golden file is Redis's COMMAND reply in RESP2 ({@code +} status, {@code $} bulk, numbers, arrays) with
 * subcommands sorted by name, since Redis lists them in hash order.
 */
class CommandInfoTest {
    private static final String GOLDEN = "/dev/cinnabar/core/family/server/command-info-7.0.15.json";

    @Test
    void everyCommandInfoEqualsRedisExceptKeySpecNotes() throws IOException {
        Map<String, Object> expected = golden();
        CommandTable table = everyCommand();
        assertEquals(List.copyOf(expected.keySet()), names(table));
        for (Command c : table.all()) {
            ValueReplyWriter out = new ValueReplyWriter(2);
            CommandInfo.write(out, c);
            assertEquals(expected.get(c.fullName()), tree(out.take().get(0)), c.fullName());
        }
    }

    @Test
    void flagsImplyTheirAclCategoriesAndFastOrSlow() {
        CommandTable table = everyCommand();
        assertEquals(List.of("keyspace", "write", "slow", "dangerous"),
                CommandInfo.categories(table.get("flushall").spec()));
        assertEquals(List.of("read", "string", "fast"), CommandInfo.categories(table.get("get").spec()));
        assertEquals(List.of("slow", "scripting"), CommandInfo.categories(table.get("eval_ro").spec()));
    }

    @Test
    void keywordAndKeyNumSpecsMakeKeysMovable() {
        CommandTable table = everyCommand();
        assertTrue(CommandInfo.legacyRange(table.get("zunionstore").spec().keySpecs()).movable());
        assertEquals(new CommandInfo.LegacyRange(1, -1, 2, false),
                CommandInfo.legacyRange(table.get("mset").spec().keySpecs()));
    }

    /** Every Redis 7.0 command except Sentinel's, registered from the facts with a handler that does nothing. */
    static CommandTable everyCommand() {
        CommandFacts facts = CommandFacts.load();
        CommandTable table = new CommandTable(facts);
        for (Map.Entry<String, CommandFacts.Fact> e : facts.all().entrySet()) {
            CommandFacts.Fact f = e.getValue();
            boolean container = !f.subcommands().isEmpty();
            if (f.container() == null && !container && !f.flags().contains(CommandFlag.ONLY_SENTINEL)) {
                table.register(e.getKey(), (ctx, args) -> { });
            }
        }
        for (Map.Entry<String, CommandFacts.Fact> e : facts.all().entrySet()) {
            CommandFacts.Fact f = e.getValue();
            if (f.container() != null && !f.container().equals("sentinel")) {
                table.register(e.getKey(), (ctx, args) -> { });
            }
        }
        return table;
    }

    private static List<String> names(CommandTable table) {
        return table.all().stream().map(Command::fullName).sorted().toList();
    }

    private static Map<String, Object> golden() throws IOException {
        try (InputStream in = CommandInfoTest.class.getResourceAsStream(GOLDEN)) {
            JsonNode root = new ObjectMapper().readTree(in);
            Map<String, Object> out = new TreeMap<>();
            for (JsonNode entry : root) {
                Object tree = withoutNotes(fromJson(entry));
                out.put(entry.get(0).asText().substring(1), tree);
            }
            return out;
        }
    }

    private static Object fromJson(JsonNode n) {
        if (n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return n.asLong();
        }
        if (n.isTextual()) {
            return n.asText();
        }
        List<Object> list = new ArrayList<>();
        n.forEach(x -> list.add(fromJson(x)));
        return list;
    }

    /** The facts leave out key-spec notes (prose), so the comparison drops them from Redis's reply. */
    @SuppressWarnings("unchecked")
    private static Object withoutNotes(Object tree) {
        if (!(tree instanceof List<?> list)) {
            return tree;
        }
        List<Object> items = new ArrayList<>((List<Object>) list);
        if (items.size() >= 2 && "$notes".equals(items.get(0))) {
            items.remove(0);
            items.remove(0);
        }
        items.replaceAll(CommandInfoTest::withoutNotes);
        return items;
    }

    /** The reply in the golden file's notation, subcommands sorted by name. */
    private static Object tree(RespValue v) {
        if (v instanceof RespValue.Simple s) {
            return "+" + s.value();
        }
        if (v instanceof RespValue.Bulk b) {
            return "$" + b.text();
        }
        if (v instanceof RespValue.Integer i) {
            return i.value();
        }
        if (v instanceof RespValue.Null) {
            return null;
        }
        List<Object> items = new ArrayList<>();
        for (RespValue item : ((RespValue.Array) v).items()) {
            items.add(tree(item));
        }
        return items;
    }
}
