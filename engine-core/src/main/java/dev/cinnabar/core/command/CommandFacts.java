// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cinnabar.spi.CommandFlag;
import dev.cinnabar.spi.KeySpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Redis 7.0 command facts (arity, flags, key specs, argument grammar) from the resource copied out of
 * {@code shared/redis-commands/commands-7.0.json}. Loaded once per process.
 */
public final class CommandFacts {
    /** One command or subcommand as the facts describe it. */
    public record Fact(String name, String container, int arity, Set<CommandFlag> flags,
                       List<String> aclCategories, List<KeySpec> keySpecs, String group, String since,
                       String complexity, List<String> subcommands, List<String> tips, List<String> docFlags,
                       JsonNode json) {
    }

    private static final String RESOURCE = "/dev/cinnabar/core/commands-7.0.json";
    private static volatile CommandFacts instance;

    private final Map<String, Fact> facts;

    private CommandFacts(Map<String, Fact> facts) {
        this.facts = Collections.unmodifiableMap(facts);
    }

    public static CommandFacts load() {
        CommandFacts f = instance;
        if (f == null) {
            synchronized (CommandFacts.class) {
                f = instance;
                if (f == null) {
                    f = instance = read();
                }
            }
        }
        return f;
    }

    public Fact get(String name) {
        return facts.get(name);
    }

    public Map<String, Fact> all() {
        return facts;
    }

    private static CommandFacts read() {
        try (InputStream in = CommandFacts.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            JsonNode root = new ObjectMapper().readTree(in).get("commands");
            Map<String, Fact> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), toFact(e.getKey(), e.getValue()));
            }
            return new CommandFacts(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Fact toFact(String name, JsonNode n) {
        Set<CommandFlag> flags = EnumSet.noneOf(CommandFlag.class);
        for (String f : strings(n.get("command_flags"))) {
            flags.add(CommandFlag.valueOf(f));
        }
        List<KeySpec> specs = new ArrayList<>();
        JsonNode ks = n.get("key_specs");
        if (ks != null) {
            for (JsonNode k : ks) {
                specs.add(toKeySpec(k));
            }
        }
        JsonNode container = n.get("container");
        return new Fact(name, container == null ? null : container.asText().toLowerCase(Locale.ROOT),
                n.get("arity").asInt(), Collections.unmodifiableSet(flags), strings(n.get("acl_categories")),
                specs, text(n, "group"), text(n, "since"), text(n, "complexity"), strings(n.get("subcommands")),
                strings(n.get("command_tips")), strings(n.get("doc_flags")), n);
    }

    private static KeySpec toKeySpec(JsonNode k) {
        JsonNode begin = k.get("begin_search");
        int beginIndex = 0;
        String keyword = null;
        if (begin.has("index")) {
            beginIndex = begin.get("index").get("pos").asInt();
        } else if (begin.has("keyword")) {
            keyword = begin.get("keyword").get("keyword").asText();
            beginIndex = begin.get("keyword").get("startfrom").asInt();
        }
        JsonNode find = k.get("find_keys");
        if (find.has("range")) {
            JsonNode r = find.get("range");
            return new KeySpec(strings(k.get("flags")), beginIndex, keyword, r.get("lastkey").asInt(),
                    r.get("step").asInt(), r.get("limit").asInt(), -1, 0);
        }
        if (find.has("keynum")) {
            JsonNode r = find.get("keynum");
            return new KeySpec(strings(k.get("flags")), beginIndex, keyword, 0, r.get("step").asInt(), 0,
                    r.get("keynumidx").asInt(), r.get("firstkey").asInt());
        }
        // "unknown": keys found by the command itself (movable keys)
        return new KeySpec(strings(k.get("flags")), beginIndex, keyword, 0, 0, 0, -2, 0);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null ? "" : v.asText();
    }

    private static List<String> strings(JsonNode array) {
        if (array == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return List.copyOf(out);
    }
}
