// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a redis.conf-style file: one {@code directive arg…} per line, {@code #} comments, quoted args. */
public final class ConfigFile {
    private ConfigFile() {
    }

    public static Map<String, String> read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    static Map<String, String> parse(String text, String source) {
        Map<String, String> out = new LinkedHashMap<>();
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            List<String> words = split(trimmed);
            if (words == null) {
                throw new IllegalArgumentException(source + ":" + lineNo + ": unbalanced quotes");
            }
            String name = words.get(0).toLowerCase(java.util.Locale.ROOT);
            String value = String.join(" ", words.subList(1, words.size()));
            // repeated directives such as "save" accumulate, as in Redis; each "user" line stays a line of its own
            out.merge(name, value, (a, b) -> name.equals("save") || name.equals("loadmodule") ? a + " " + b
                    : name.equals("user") ? a + "\n" + b : b);
        }
        return out;
    }

    private static List<String> split(String line) {
        byte[][] parts = dev.cinnabar.core.resp.InlineSplitter.split(line.getBytes(StandardCharsets.UTF_8));
        if (parts == null) {
            return null;
        }
        List<String> words = new ArrayList<>();
        for (byte[] p : parts) {
            words.add(new String(p, StandardCharsets.UTF_8));
        }
        return words;
    }
}
