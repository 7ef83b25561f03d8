// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --eval file.lua key1 key2 , arg1 arg2}: the EVAL command redis-cli builds from a script file. The
 * arguments before a lone {@code ,} are keys, those after it are arguments; a comma stuck to a word
 * ({@code k,}) is part of the word, as in redis-cli.
 */
public final class EvalFile {
    private EvalFile() {
    }

    public static List<byte[]> command(Path script, List<String> keysAndArgs) throws IOException {
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> args = new ArrayList<>();
        boolean comma = false;
        for (String a : keysAndArgs) {
            if (!comma && a.equals(",")) {
                comma = true;
                continue;
            }
            (comma ? args : keys).add(a.getBytes(StandardCharsets.UTF_8));
        }
        List<byte[]> command = new ArrayList<>();
        command.add("EVAL".getBytes(StandardCharsets.UTF_8));
        command.add(Files.readAllBytes(script));
        command.add(Integer.toString(keys.size()).getBytes(StandardCharsets.UTF_8));
        command.addAll(keys);
        command.addAll(args);
        return command;
    }
}
