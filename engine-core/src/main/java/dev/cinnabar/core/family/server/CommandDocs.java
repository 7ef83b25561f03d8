// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cinnabar.core.command.Command;
import dev.cinnabar.core.command.CommandFacts;
import dev.cinnabar.spi.ReplyWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One COMMAND DOCS entry in the shape of Redis 7.0's {@code addReplyCommandDocs}: our own one-line
 * summary, then since, group, complexity, doc flags, deprecation and the argument grammar from the facts.
 * History is left out: the facts keep the versions of changes but not what changed.
 */
final class CommandDocs {
    private CommandDocs() {
    }

    static void write(ReplyWriter out, Command command) {
        CommandFacts.Fact fact = command.fact();
        JsonNode json = fact == null ? null : fact.json();
        String summary = command.spec().summary();
        String since = fact == null ? "" : fact.since();
        String complexity = fact == null ? "" : fact.complexity();
        List<String> docFlags = fact == null ? List.of() : fact.docFlags();
        String deprecatedSince = text(json, "deprecated_since");
        String replacedBy = text(json, "replaced_by");
        JsonNode arguments = json == null ? null : json.get("arguments");
        int fields = 1 + (summary.isEmpty() ? 0 : 1) + (since.isEmpty() ? 0 : 1) + (complexity.isEmpty() ? 0 : 1)
                + (docFlags.isEmpty() ? 0 : 1) + (deprecatedSince == null ? 0 : 1) + (replacedBy == null ? 0 : 1)
                + (arguments == null ? 0 : 1) + (command.subcommands().isEmpty() ? 0 : 1);
        out.map(fields);
        if (!summary.isEmpty()) {
            field(out, "summary", summary);
        }
        if (!since.isEmpty()) {
            field(out, "since", since);
        }
        // the facts spell groups as identifiers (sorted_set); replies use Redis's names (sorted-set)
        field(out, "group", command.spec().group().replace('_', '-'));
        if (!complexity.isEmpty()) {
            field(out, "complexity", complexity);
        }
        if (!docFlags.isEmpty()) {
            out.bulk("doc_flags");
            out.set(docFlags.size());
            for (String f : docFlags) {
                out.simple(f.toLowerCase(Locale.ROOT));
            }
        }
        if (deprecatedSince != null) {
            field(out, "deprecated_since", deprecatedSince);
        }
        if (replacedBy != null) {
            field(out, "replaced_by", replacedBy);
        }
        if (arguments != null) {
            out.bulk("arguments");
            arguments(out, arguments);
        }
        if (!command.subcommands().isEmpty()) {
            out.bulk("subcommands");
            out.map(command.subcommands().size());
            for (Command sub : command.subcommands().values()) {
                out.bulk(sub.fullName());
                write(out, sub);
            }
        }
    }

    /** Redis's {@code addReplyCommandArgList}. */
    private static void arguments(ReplyWriter out, JsonNode args) {
        out.array(args.size());
        for (JsonNode a : args) {
            String type = a.get("type").asText();
            boolean nested = type.equals("oneof") || type.equals("block");
            List<String> flags = new ArrayList<>();
            for (String f : List.of("optional", "multiple", "multiple_token")) {
                if (a.path(f).asBoolean(false)) {
                    flags.add(f);
                }
            }
            int fields = 2 + (a.has("key_spec_index") ? 1 : 0) + (a.has("token") ? 1 : 0) + (a.has("since") ? 1 : 0)
                    + (a.has("deprecated_since") ? 1 : 0) + (flags.isEmpty() ? 0 : 1) + (nested ? 1 : 0);
            out.map(fields);
            field(out, "name", a.get("name").asText().toLowerCase(Locale.ROOT));
            field(out, "type", type);
            if (a.has("key_spec_index")) {
                out.bulk("key_spec_index");
                out.integer(a.get("key_spec_index").asLong());
            }
            if (a.has("token")) {
                field(out, "token", token(a.get("token").asText()));
            }
            if (a.has("since")) {
                field(out, "since", a.get("since").asText());
            }
            if (a.has("deprecated_since")) {
                field(out, "deprecated_since", a.get("deprecated_since").asText());
            }
            if (!flags.isEmpty()) {
                out.bulk("flags");
                out.set(flags.size());
                for (String f : flags) {
                    out.simple(f);
                }
            }
            if (nested) {
                out.bulk("arguments");
                arguments(out, a.path("arguments"));
            }
        }
    }

    /**
     * A token as Redis's generated command table holds it: upper-cased ("normal" in the facts is sent as
     * NORMAL), and the quoted empty string of MIGRATE ({@code ""}) as an empty string.
     */
    private static String token(String fact) {
        return fact.equals("\"\"") ? "" : fact.toUpperCase(Locale.ROOT);
    }

    private static void field(ReplyWriter out, String name, String value) {
        out.bulk(name);
        out.bulk(value);
    }

    private static String text(JsonNode json, String field) {
        JsonNode v = json == null ? null : json.get(field);
        return v == null ? null : v.asText();
    }
}
