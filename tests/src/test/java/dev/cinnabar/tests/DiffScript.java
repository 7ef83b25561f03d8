// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import dev.cinnabar.core.resp.InlineSplitter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A differential script: one command per line in redis-cli quoting, {@code #} comments, and directives
 * (described with the harness in {@link DifferentialIT}): {@code @unordered}, {@code @ignore-reply},
 * {@code @replies N}, {@code @sleep MILLIS}, and for several connections {@code @client NAME},
 * {@code @send}, {@code @recv} and {@code @blocked N}.
 */
public record DiffScript(String name, List<Step> steps) {
    /** The connection a script starts on. */
    public static final String MAIN = "main";

    /** What a step does: send a command and compare its replies in one of three ways, or a directive. */
    public enum Mode { EXACT, UNORDERED, IGNORE, SEND, RECV, CLIENT, BLOCKED, SLEEP }

    /**
     * One line of a script. {@code argv} is the command (EXACT, UNORDERED, IGNORE, SEND), {@code replies}
     * how many replies it sends, {@code number} the argument of SLEEP (ms) and BLOCKED (clients),
     * {@code client} the connection the step runs on (for CLIENT: the one it switches to).
     */
    public record Step(int line, Mode mode, byte[][] argv, long number, String text, int replies, String client) {
    }

    public static DiffScript parse(String name, String text) {
        List<Step> steps = new ArrayList<>();
        // replies announced by @send and not yet read, per connection: a plain command behind them would
        // read one of those instead of its own
        Map<String, Integer> pending = new HashMap<>();
        String client = MAIN;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = name + ":" + (i + 1) + ": ";
            Mode mode = Mode.EXACT;
            int replies = 1;
            String command = line;
            if (line.startsWith("@")) {
                int space = line.indexOf(' ');
                String directive = space < 0 ? line : line.substring(0, space);
                command = space < 0 ? "" : line.substring(space + 1).strip();
                switch (directive) {
                    case "@unordered" -> mode = Mode.UNORDERED;
                    case "@ignore-reply" -> mode = Mode.IGNORE;
                    case "@send" -> mode = Mode.SEND;
                    case "@replies" -> {
                        int space2 = command.indexOf(' ');
                        if (space2 < 0) {
                            throw new IllegalArgumentException(where + "@replies needs a count");
                        }
                        replies = Integer.parseInt(command.substring(0, space2));
                        command = command.substring(space2 + 1).strip();
                    }
                    case "@sleep", "@blocked" -> {
                        Mode m = directive.equals("@sleep") ? Mode.SLEEP : Mode.BLOCKED;
                        steps.add(new Step(i + 1, m, null, number(where, command), line, 0, client));
                        continue;
                    }
                    case "@client" -> {
                        if (command.isEmpty() || command.contains(" ")) {
                            throw new IllegalArgumentException(where + "@client needs one name");
                        }
                        client = command;
                        steps.add(new Step(i + 1, Mode.CLIENT, null, 0, line, 0, client));
                        continue;
                    }
                    case "@recv" -> {
                        if (!command.isEmpty()) {
                            throw new IllegalArgumentException(where + "@recv takes no arguments");
                        }
                        // a subscriber's messages are read with @recv too, without any @send before them
                        pending.computeIfPresent(client, (k, n) -> n > 1 ? n - 1 : null);
                        steps.add(new Step(i + 1, Mode.RECV, null, 0, line, 1, client));
                        continue;
                    }
                    default -> throw new IllegalArgumentException(where + "unknown directive " + directive);
                }
            }
            byte[][] argv = InlineSplitter.split(command.getBytes(StandardCharsets.UTF_8));
            if (argv == null || argv.length == 0) {
                throw new IllegalArgumentException(where + "cannot parse '" + line + "'");
            }
            if (mode == Mode.SEND) {
                pending.merge(client, 1, Integer::sum);
            } else if (pending.containsKey(client)) {
                throw new IllegalArgumentException(where + "client '" + client + "' still has " + pending.get(client)
                        + " reply(ies) of @send to @recv before a plain command");
            }
            steps.add(new Step(i + 1, mode, argv, 0, line, replies, client));
        }
        return new DiffScript(name, steps);
    }

    private static long number(String where, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + "expected a number, got '" + text + "'");
        }
    }
}
