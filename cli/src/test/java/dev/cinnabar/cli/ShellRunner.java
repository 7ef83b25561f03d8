// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli;

import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code cinnabar shell ARGS} in this JVM with {@code stdin} as its input and no terminal. */
final class ShellRunner {
    record Result(int code, String out, String err) {
    }

    private ShellRunner() {
    }

    static Result run(String stdin, String... args) {
        StringWriter picocliOut = new StringWriter();
        CommandLine cl = Cli.commandLine(new PrintWriter(picocliOut), new PrintWriter(picocliOut));
        ShellCommand shell = cl.getSubcommands().get("shell").getCommand();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        shell.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        shell.stdout = out;
        shell.stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
        List<String> all = new ArrayList<>(List.of("shell"));
        all.addAll(List.of(args));
        int code = cl.execute(all.toArray(new String[0]));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8) + picocliOut);
    }
}
