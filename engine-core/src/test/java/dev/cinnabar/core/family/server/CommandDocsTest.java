// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cinnabar.core.command.Command;
import dev.cinnabar.core.command.CommandTable;
import dev.cinnabar.core.resp.RespValue;
import dev.cinnabar.core.resp.ValueReplyWriter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * COMMAND DOCS built from the facts equals Redis 7.0.15's for every command, except for what the facts
 * deliberately leave out: Redis's summaries (ours are our own words) and history texts. The golden file
 * holds Redis's replies in RESP2 without those two fields, subcommands sorted by name.
 */
class CommandDocsTest {
    private static final String GOLDEN = "/dev/cinnabar/core/family/server/command-docs-7.0.15.json";

    @Test
    void everyCommandDocsEqualsRedisApartFromSummaryAndHistory() throws IOException {
        CommandTable table = CommandInfoTest.everyCommand();
        try (InputStream in = getClass().getResourceAsStream(GOLDEN)) {
            JsonNode golden = new ObjectMapper().readTree(in);
            int checked = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = golden.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Command c = table.get(e.getKey());
                ValueReplyWriter out = new ValueReplyWriter(2);
                CommandDocs.write(out, c);
                RespValue ours = out.take().get(0);
                assertTrue(!((RespValue.Bulk) ((RespValue.Array) ours).items().get(1)).text().isEmpty());
                assertEquals(fromJson(e.getValue()), withoutSummary(tree(ours)), e.getKey());
                checked++;
            }
            assertEquals(240, checked);
        }
    }

    private static Object fromJson(JsonNode n) {
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

    /** Drops our summary from a docs map (and from its subcommands'). */
    @SuppressWarnings("unchecked")
    private static Object withoutSummary(Object docs) {
        List<Object> in = (List<Object>) docs;
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i += 2) {
            Object key = in.get(i);
            Object value = in.get(i + 1);
            if (key.equals("$summary")) {
                continue;
            }
            if (key.equals("$subcommands")) {
                List<Object> subs = new ArrayList<>();
                List<Object> pairs = (List<Object>) value;
                for (int j = 0; j < pairs.size(); j += 2) {
                    subs.add(pairs.get(j));
                    subs.add(withoutSummary(pairs.get(j + 1)));
                }
                value = subs;
            }
            out.add(key);
            out.add(value);
        }
        return out;
    }

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
        List<Object> items = new ArrayList<>();
        for (RespValue item : ((RespValue.Array) v).items()) {
            items.add(tree(item));
        }
        return items;
    }
}
