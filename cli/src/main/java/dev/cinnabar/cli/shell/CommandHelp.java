// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import dev.cinnabar.core.resp.RespValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code HELP command} and {@code HELP @group}, laid out as redis-cli 7.0 lays them out, from a
 * {@code COMMAND DOCS} reply: the embedded engine's own docs (plugins included) or the server's. The
 * argument line is built from the argument grammar as redis-cli builds it ({@code cliAddArgument}).
 */
public final class CommandHelp {
    /** One command or subcommand: its words ({@code CONFIG GET}), argument line, summary, since, group. */
    record Entry(List<String> words, String params, String summary, String since, String group,
            List<String> tokens, ArgumentGrammar grammar) {
        String name() {
            return String.join(" ", words);
        }
    }

    /** Beyond this many words, highlighting does not look for the part of a line that follows the grammar. */
    private static final int LONG_LINE_WORDS = 64;

    private final List<Entry> entries;

    private CommandHelp(List<Entry> entries) {
        this.entries = entries;
    }

    /** The entries of a COMMAND DOCS reply (RESP2 or RESP3), sorted by name as redis-cli sorts them. */
    public static CommandHelp fromDocs(RespValue docs) {
        List<Entry> entries = new ArrayList<>();
        addAll(entries, List.of(), docs);
        entries.sort(Comparator.comparing(Entry::name));
        return new CommandHelp(entries);
    }

    private static void addAll(List<Entry> entries, List<String> parent, RespValue docs) {
        for (Map.Entry<String, RespValue> command : fields(docs).entrySet()) {
            String name = command.getKey();
            List<String> words = new ArrayList<>(parent);
            // a subcommand is named "container|sub"
            words.add(name.substring(name.indexOf('|') + 1).toUpperCase(Locale.ROOT));
            Map<String, RespValue> doc = fields(command.getValue());
            StringBuilder params = new StringBuilder();
            if (doc.get("arguments") instanceof RespValue.Array arguments) {
                for (RespValue argument : arguments.items()) {
                    if (params.length() > 0) {
                        params.append(' ');
                    }
                    argument(params, argument);
                }
            }
            List<String> tokens = new ArrayList<>();
            if (doc.get("arguments") != null) {
                tokens(doc.get("arguments"), tokens);
            }
            entries.add(new Entry(words, params.toString(), string(doc.get("summary")), string(doc.get("since")),
                    string(doc.get("group")), tokens, ArgumentGrammar.of(doc.get("arguments"))));
            if (doc.get("subcommands") != null) {
                addAll(entries, words, doc.get("subcommands"));
            }
        }
    }

    /** Every token in an argument list, nested ones included, once each ({@code NX}, {@code EX}, …). */
    private static void tokens(RespValue arguments, List<String> tokens) {
        if (!(arguments instanceof RespValue.Array list)) {
            return;
        }
        for (RespValue argument : list.items()) {
            Map<String, RespValue> fields = fields(argument);
            String token = string(fields.get("token"));
            if (!token.isEmpty() && !tokens.contains(token)) {
                tokens.add(token);
            }
            tokens(fields.get("arguments"), tokens);
        }
    }

    /** The longest command or subcommand that {@code words} start with; null when none. */
    private Entry entry(List<String> words) {
        Entry match = null;
        for (Entry e : entries) {
            if (e.words().size() <= words.size() && (match == null || e.words().size() > match.words().size())
                    && matches(e, words.subList(0, e.words().size()))) {
                match = e;
            }
        }
        return match;
    }

    /** The tokens of the longest command or subcommand that {@code words} start with. */
    public List<String> tokens(List<String> words) {
        Entry match = entry(words);
        return match == null ? List.of() : match.tokens();
    }

    /**
     * What may follow {@code words} (the command and the complete words after it) by the command's grammar;
     * null when the command is unknown, has no grammar, or the words do not follow it.
     */
    public ArgumentGrammar.Next next(List<String> words) {
        Entry match = entry(words);
        if (match == null || match.grammar() == null) {
            return null;
        }
        return match.grammar().next(words.subList(match.words().size(), words.size()));
    }

    /**
     * What each word is: the command (and subcommand) words, then tokens, keys and values as the grammar
     * matches them. Past the words that follow the grammar, a word equal to one of the command's tokens is a
     * token and any other a value; words of no known command are all null.
     */
    public ArgumentGrammar.Role[] roles(List<String> words) {
        ArgumentGrammar.Role[] roles = new ArgumentGrammar.Role[words.size()];
        Entry match = entry(words);
        if (match == null) {
            return roles;
        }
        int named = match.words().size();
        for (int i = 0; i < named; i++) {
            roles[i] = ArgumentGrammar.Role.COMMAND;
        }
        List<String> typed = words.subList(named, words.size());
        // the longest run of words that follows the grammar; the words after it are judged by their look
        int followed = 0;
        ArgumentGrammar.Match m = null;
        // (a long pasted line is matched once: shortening it word by word would cost a match per word)
        int shortest = typed.size() > LONG_LINE_WORDS ? typed.size() : 1;
        for (int n = typed.size(); match.grammar() != null && n >= shortest && n > 0; n--) {
            ArgumentGrammar.Match candidate = match.grammar().match(typed.subList(0, n));
            if (candidate.complete()) {
                m = candidate;
                followed = n;
                break;
            }
        }
        for (int i = 0; i < typed.size(); i++) {
            if (i < followed) {
                roles[named + i] = m.role(i);
            } else {
                String word = typed.get(i);
                roles[named + i] = match.tokens().stream().anyMatch(word::equalsIgnoreCase)
                        ? ArgumentGrammar.Role.TOKEN : ArgumentGrammar.Role.VALUE;
            }
        }
        return roles;
    }

    /** {@code cliAddArgument}: one argument of the grammar as redis-cli's help shows it. */
    private static void argument(StringBuilder params, RespValue argument) {
        Map<String, RespValue> fields = fields(argument);
        String name = string(fields.get("name"));
        String type = string(fields.get("type"));
        String token = fields.containsKey("token") ? string(fields.get("token")) : "";
        if (fields.containsKey("token") && token.isEmpty()) {
            token = "\"\""; // MIGRATE's empty key, shown as redis-cli shows it
        }
        List<String> flags = new ArrayList<>();
        if (fields.get("flags") instanceof RespValue.Array array) {
            array.items().forEach(f -> flags.add(string(f)));
        }
        StringBuilder repeat = new StringBuilder();
        switch (type) {
            case "key", "string", "integer", "double", "pattern", "unix-time", "token" -> repeat.append(name);
            case "oneof", "block" -> {
                if (fields.get("arguments") instanceof RespValue.Array children) {
                    for (int i = 0; i < children.items().size(); i++) {
                        if (i > 0) {
                            repeat.append(type.equals("oneof") ? "|" : " ");
                        }
                        argument(repeat, children.items().get(i));
                    }
                }
            }
            default -> { }
        }
        String tokenPart = !token.isEmpty() && !type.equals("pure-token") ? token + " " : token;
        boolean optional = flags.contains("optional");
        if (optional) {
            params.append('[');
        }
        params.append(tokenPart).append(repeat);
        if (flags.contains("multiple")) {
            params.append(" [");
            if (flags.contains("multiple_token")) {
                params.append(tokenPart);
            }
            params.append(repeat).append(" ...]");
        }
        if (optional) {
            params.append(']');
        }
    }

    /**
     * What {@code HELP args…} prints: every command whose words start with {@code args} (with its group),
     * or with {@code @group} every command of that group (without); an empty string when nothing matches.
     */
    public String help(List<String> args) {
        StringBuilder out = new StringBuilder();
        boolean byGroup = args.size() == 1 && args.get(0).startsWith("@");
        for (Entry e : entries) {
            if (byGroup ? args.get(0).substring(1).equalsIgnoreCase(e.group()) : matches(e, args)) {
                out.append("\r\n  \u001b[1m").append(e.name()).append("\u001b[0m \u001b[90m").append(e.params())
                        .append("\u001b[0m\r\n");
                out.append("  \u001b[33msummary:\u001b[0m ").append(e.summary()).append("\r\n");
                out.append("  \u001b[33msince:\u001b[0m ").append(e.since()).append("\r\n");
                if (!byGroup) {
                    out.append("  \u001b[33mgroup:\u001b[0m ").append(e.group()).append("\r\n");
                }
            }
        }
        return out.append("\r\n").toString();
    }

    /**
     * The hint for a line being typed: the arguments still to come, after what is typed. With a grammar, as
     * redis-cli 7.2 hints (the typed words are matched against it; nothing when they do not follow it), with
     * one difference: a word still being typed counts as typed when it already fits, so {@code set k} hints
     * {@code value …} rather than the key again. Without a grammar, redis-cli 7.0's hint: the argument line
     * without as many words as were typed, up to the first optional one. Null for no known command.
     */
    public String hint(String line) {
        List<byte[]> args = LineSplitter.split(line);
        if (args == null || args.isEmpty()) {
            return null;
        }
        List<String> words = args.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
        boolean endSpace = Character.isWhitespace(line.charAt(line.length() - 1));
        Entry match = entry(endSpace ? words : words.subList(0, words.size() - 1));
        Entry whole = entry(words);
        if (whole != null && (match == null || whole.words().size() > match.words().size())) {
            match = whole; // the last word completes a (sub)command name
        }
        if (match == null) {
            return null;
        }
        List<String> typed = words.subList(match.words().size(), words.size());
        String hint;
        if (match.grammar() != null) {
            ArgumentGrammar.Match m = match.grammar().match(typed);
            if (!m.complete() && !endSpace && !typed.isEmpty()) {
                m = match.grammar().match(typed.subList(0, typed.size() - 1));
            }
            hint = m.hint();
        } else {
            hint = legacyHint(match.params(), typed.size());
        }
        if (hint.isEmpty()) {
            return null;
        }
        return endSpace ? hint : " " + hint;
    }

    /** redis-cli 7.0's hint: the argument line without {@code typed} words, stopping at the first optional one. */
    private static String legacyHint(String params, int typed) {
        String hint = params;
        int toRemove = typed;
        while (toRemove > 0 && !hint.isEmpty() && hint.charAt(0) != '[') {
            if (hint.charAt(0) == ' ') {
                toRemove--;
            }
            hint = hint.substring(1);
        }
        return hint;
    }

    /** What {@code HELP} alone prints. */
    public static String usage() {
        return "To get help about commands type:\n"
                + "      \"help @<group>\" to get a list of commands in <group>\n"
                + "      \"help <command>\" for help on <command>\n"
                + "      \"quit\" to exit\n";
    }

    private static boolean matches(Entry e, List<String> args) {
        if (args.size() > e.words().size()) {
            return false;
        }
        for (int i = 0; i < args.size(); i++) {
            if (!args.get(i).equalsIgnoreCase(e.words().get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The fields of a RESP3 map, or of a RESP2 array of alternating names and values. */
    private static Map<String, RespValue> fields(RespValue v) {
        List<RespValue> items = v instanceof RespValue.Map m ? m.entries()
                : v instanceof RespValue.Array a ? a.items() : List.of();
        Map<String, RespValue> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < items.size(); i += 2) {
            fields.put(string(items.get(i)), items.get(i + 1));
        }
        return fields;
    }

    private static String string(RespValue v) {
        if (v instanceof RespValue.Bulk b) {
            return new String(b.value(), StandardCharsets.UTF_8);
        }
        if (v instanceof RespValue.Simple s) {
            return s.value();
        }
        if (v instanceof RespValue.Verbatim t) {
            return t.text();
        }
        return "";
    }
}
