// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import dev.cinnabar.core.resp.InlineSplitter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A differential script: one command per line in redis-cli quoting, {@code #} comments, and directives
 * {@code @unordered CMD…} (compare the top-level array as a multiset), {@code @ignore-reply CMD…} (run, do
 * not compare) and {@code @sleep MILLIS}.
 */
public record DiffScript(String name, List<Step> steps) {
    /** How a step's replies are compared. */
    public enum Mode { EXACT, UNORDERED, IGNORE, SLEEP }

    /** One line of a script. */
    public record Step(int line, Mode mode, byte[][] argv, long sleepMillis, String text) {
    }

    public static DiffScript parse(String name, String text) {
        List<Step> steps = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Mode mode = Mode.EXACT;
            String command = line;
            if (line.startsWith("@")) {
                int space = line.indexOf(' ');
                String directive = space < 0 ? line : line.substring(0, space);
                command = space < 0 ? "" : line.substring(space + 1).strip();
                switch (directive) {
                    case "@unordered" -> mode = Mode.UNORDERED;
                    case "@ignore-reply" -> mode = Mode.IGNORE;
                    case "@sleep" -> {
                        steps.add(new Step(i + 1, Mode.SLEEP, null, Long.parseLong(command), line));
                        continue;
                    }
                    default -> throw new IllegalArgumentException(name + ":" + (i + 1) + ": unknown directive "
                            + directive);
                }
            }
            byte[][] argv = InlineSplitter.split(command.getBytes(StandardCharsets.UTF_8));
            if (argv == null || argv.length == 0) {
                throw new IllegalArgumentException(name + ":" + (i + 1) + ": cannot parse '" + line + "'");
            }
            steps.add(new Step(i + 1, mode, argv, 0, line));
        }
        return new DiffScript(name, steps);
    }
}
