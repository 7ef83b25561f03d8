// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import dev.cinnabar.core.resp.RespValue;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Completes command names and subcommands from the command table as {@code COMMAND} returns it (the
 * embedded engine's own table, plugins included, or the server's; read once, at the first completion), and
 * key names where the command takes a key, from {@code keys} (a SCAN with the typed prefix), and the
 * argument tokens ({@code NX}, {@code EX} …) that the command's documented grammar accepts at that point.
 */
public final class CommandCompleter implements Completer {
    /** What completion needs of one command: its subcommands and where its keys are (COMMAND's first, last, step). */
    record Spec(Map<String, Spec> subcommands, int firstKey, int lastKey, int step) {
        /** Whether argument {@code index} (1 = the word after the command name) is a key. */
        boolean isKey(int index) {
            return firstKey > 0 && step > 0 && index >= firstKey && (lastKey < 0 || index <= lastKey)
                    && (index - firstKey) % step == 0;
        }
    }

    /** The shell's own commands, answered without the server. */
    private static final List<String> SHELL_COMMANDS =
            List.of(":explain", ":peek", ":timing", ":time", ":pager", ":set", "HELP", "CONNECT", "QUIT", "EXIT");

    /** What the shell's own toggles take. */
    private static final Map<String, List<String>> SHELL_CHOICES = Map.of(":timing", List.of("on", "off"),
            ":time", List.of("on", "off"), ":pager", List.of("on", "off"), ":set", List.of("hints", "nohints"));

    /** How long the keys found for one prefix are reused, in milliseconds: Tab is often pressed twice. */
    private static final long KEY_CACHE_MILLIS = 2000;
    /** SCAN calls per completion at most (each with COUNT 1000), so a huge keyspace does not stall the prompt. */
    private static final int MAX_SCANS = 20;

    private final Supplier<RespValue> commandReply;
    private final Function<String, List<String>> keys;
    private Function<List<String>, List<String>> tokens = words -> List.of();
    private Function<List<String>, ArgumentGrammar.Next> grammar = words -> null;
    private Map<String, Spec> table;
    private String cachedPrefix;
    private List<String> cachedKeys = List.of();
    private long cachedAt;

    /**
     * {@code commandReply} runs {@code COMMAND}, {@code keys} lists key names that start with a prefix; a
     * failure of either (not connected) leaves nothing to complete.
     */
    public CommandCompleter(Supplier<RespValue> commandReply, Function<String, List<String>> keys) {
        this.commandReply = requireNonNull(commandReply, "commandReply is null");
        this.keys = requireNonNull(keys, "keys is null");
    }

    /** Where argument tokens come from ({@code NX}, {@code EX} …): the words typed before, to the tokens. */
    public void tokens(Function<List<String>, List<String>> tokens) {
        this.tokens = requireNonNull(tokens, "tokens is null");
    }

    /**
     * Where the command's grammar says what may come next: the words typed before, to the tokens valid there
     * and whether a key goes there; null when the words do not follow a known grammar (then keys go where
     * COMMAND's key positions say, and every token of the command is offered elsewhere).
     */
    public void grammar(Function<List<String>, ArgumentGrammar.Next> grammar) {
        this.grammar = requireNonNull(grammar, "grammar is null");
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        Map<String, Spec> commands = specs();
        int index = line.wordIndex();
        if (index == 0) {
            commands.keySet().forEach(name -> candidates.add(new Candidate(name)));
            SHELL_COMMANDS.forEach(name -> candidates.add(new Candidate(name)));
            return;
        }
        if (index == 1 && line.words().get(0).equalsIgnoreCase(":peek")) {
            addKeys(line.word().substring(0, line.wordCursor()), candidates);
            return;
        }
        if (index == 1 && SHELL_CHOICES.containsKey(line.words().get(0).toLowerCase(Locale.ROOT))) {
            SHELL_CHOICES.get(line.words().get(0).toLowerCase(Locale.ROOT))
                    .forEach(choice -> candidates.add(new Candidate(choice)));
            return;
        }
        Spec spec = commands.get(line.words().get(0).toUpperCase(Locale.ROOT));
        if (spec == null) {
            return;
        }
        if (!spec.subcommands().isEmpty() && index == 1) {
            spec.subcommands().keySet().forEach(sub -> candidates.add(new Candidate(sub)));
            return;
        }
        ArgumentGrammar.Next next = next(line.words().subList(0, index));
        if (next != null) {
            if (next.key()) {
                addKeys(line.word().substring(0, line.wordCursor()), candidates);
            }
            for (String token : next.tokens()) {
                candidates.add(new Candidate(token, token, "tokens", null, null, null, true));
            }
            return;
        }
        if (!spec.subcommands().isEmpty()) {
            Spec sub = spec.subcommands().get(line.words().get(1).toUpperCase(Locale.ROOT));
            // a subcommand counts its key positions from the container name, as COMMAND gives them
            if (sub != null && sub.isKey(index)) {
                addKeys(line.word().substring(0, line.wordCursor()), candidates);
            } else {
                addTokens(line, candidates);
            }
        } else if (spec.isKey(index)) {
            addKeys(line.word().substring(0, line.wordCursor()), candidates);
        } else {
            addTokens(line, candidates);
        }
    }

    private ArgumentGrammar.Next next(List<String> words) {
        try {
            return grammar.apply(words);
        } catch (RuntimeException e) {
            return null; // not connected: fall back on COMMAND's key positions
        }
    }

    private void addTokens(ParsedLine line, List<Candidate> candidates) {
        try {
            for (String token : tokens.apply(line.words().subList(0, line.wordIndex()))) {
                candidates.add(new Candidate(token, token, "tokens", null, null, null, true));
            }
        } catch (RuntimeException e) {
            // not connected: nothing to offer
        }
    }

    private void addKeys(String prefix, List<Candidate> candidates) {
        try {
            long now = System.currentTimeMillis();
            if (!prefix.equals(cachedPrefix) || now - cachedAt > KEY_CACHE_MILLIS) {
                cachedKeys = keys.apply(prefix);
                cachedPrefix = prefix;
                cachedAt = now;
            }
            for (String key : cachedKeys) {
                candidates.add(new Candidate(key, key, "keys", null, null, null, true));
            }
        } catch (RuntimeException e) {
            // not connected: nothing to offer
        }
    }

    /** Command names (upper case) and their subcommands, read on first use. */
    Map<String, List<String>> table() {
        Map<String, List<String>> names = new TreeMap<>();
        specs().forEach((name, spec) -> names.put(name, new ArrayList<>(spec.subcommands().keySet())));
        return names;
    }

    Map<String, Spec> specs() {
        if (table == null) {
            RespValue reply;
            try {
                reply = commandReply.get();
            } catch (RuntimeException e) {
                return Map.of();
            }
            table = parse(reply);
        }
        return table;
    }

    /** The specs of a COMMAND reply (RESP2 or RESP3), by upper-case name; subcommands without the container. */
    static Map<String, Spec> parse(RespValue reply) {
        Map<String, Spec> commands = new TreeMap<>();
        if (!(reply instanceof RespValue.Array all)) {
            return commands;
        }
        for (RespValue entry : all.items()) {
            if (!(entry instanceof RespValue.Array info) || info.items().size() < 6) {
                continue;
            }
            String name = string(info.items().get(0));
            if (name == null) {
                continue;
            }
            Map<String, Spec> subs = info.items().size() > 9 ? parse(info.items().get(9)) : Map.of();
            commands.put(name.substring(name.indexOf('|') + 1).toUpperCase(Locale.ROOT),
                    new Spec(subs, integer(info.items().get(3)), integer(info.items().get(4)),
                            integer(info.items().get(5))));
        }
        return commands;
    }

    /**
     * Key names that start with {@code prefix}, by SCAN with MATCH, up to {@code limit}; keys that a typed line
     * could not hold unquoted (blanks, quotes, unprintable bytes) are left out. {@code scan} runs one SCAN.
     */
    public static List<String> scanKeys(Function<List<byte[]>, RespValue> scan, String prefix, int limit) {
        String pattern = prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "*";
        List<String> found = new ArrayList<>();
        String cursor = "0";
        int scans = 0;
        do {
            RespValue reply = scan.apply(List.of(bytes("SCAN"), bytes(cursor), bytes("MATCH"), bytes(pattern),
                    bytes("COUNT"), bytes("1000")));
            if (!(reply instanceof RespValue.Array page) || page.items().size() != 2
                    || !(page.items().get(1) instanceof RespValue.Array batch)) {
                break;
            }
            cursor = string(page.items().get(0));
            for (RespValue key : batch.items()) {
                String k = string(key);
                if (k != null && k.chars().allMatch(c -> c > ' ' && c < 0x7f && c != '"' && c != '\'')) {
                    found.add(k);
                }
            }
        } while (!"0".equals(cursor) && found.size() < limit && ++scans < MAX_SCANS);
        return found.size() > limit ? found.subList(0, limit) : found;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int integer(RespValue v) {
        return v instanceof RespValue.Integer i ? (int) i.value() : 0;
    }

    private static String string(RespValue v) {
        if (v instanceof RespValue.Bulk b) {
            return new String(b.value(), StandardCharsets.UTF_8);
        }
        if (v instanceof RespValue.Simple s) {
            return s.value();
        }
        return null;
    }
}
