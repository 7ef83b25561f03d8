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
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Completes command names and subcommands from the command table as {@code COMMAND} returns it: the
 * embedded engine's own table, or the server's. Read once, at the first completion.
 */
public final class CommandCompleter implements Completer {
    private final Supplier<RespValue> commandReply;
    /** Upper-case command name → its subcommands, upper-case, without the {@code container|} prefix. */
    private Map<String, List<String>> table;

    /** {@code commandReply} runs {@code COMMAND}; a failure (not connected) leaves nothing to complete. */
    public CommandCompleter(Supplier<RespValue> commandReply) {
        this.commandReply = requireNonNull(commandReply, "commandReply is null");
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        Map<String, List<String>> commands = table();
        if (line.wordIndex() == 0) {
            for (String name : commands.keySet()) {
                candidates.add(new Candidate(name));
            }
        } else if (line.wordIndex() == 1) {
            List<String> subs = commands.get(line.words().get(0).toUpperCase(Locale.ROOT));
            if (subs != null) {
                for (String sub : subs) {
                    candidates.add(new Candidate(sub));
                }
            }
        }
    }

    /** The table, read on first use. */
    Map<String, List<String>> table() {
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

    /** Names and subcommands from a COMMAND reply (RESP2 or RESP3). */
    static Map<String, List<String>> parse(RespValue reply) {
        Map<String, List<String>> commands = new TreeMap<>();
        if (!(reply instanceof RespValue.Array all)) {
            return commands;
        }
        for (RespValue entry : all.items()) {
            if (!(entry instanceof RespValue.Array info) || info.items().isEmpty()) {
                continue;
            }
            String name = string(info.items().get(0));
            if (name == null) {
                continue;
            }
            List<String> subs = new ArrayList<>();
            if (info.items().size() > 9 && info.items().get(9) instanceof RespValue.Array subcommands) {
                for (RespValue sub : subcommands.items()) {
                    if (sub instanceof RespValue.Array subInfo && !subInfo.items().isEmpty()) {
                        String full = string(subInfo.items().get(0));
                        if (full != null) {
                            subs.add(full.substring(full.indexOf('|') + 1).toUpperCase(Locale.ROOT));
                        }
                    }
                }
            }
            subs.sort(null);
            commands.put(name.toUpperCase(Locale.ROOT), subs);
        }
        return commands;
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
