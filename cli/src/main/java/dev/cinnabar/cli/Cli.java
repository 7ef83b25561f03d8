// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code cinnabar} command tree. */
@Command(name = "cinnabar", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A Redis 7.0 compatible data engine for the JVM.",
        subcommands = {ServerCommand.class, ShellCommand.class, VersionCommand.class,
                dev.cinnabar.tools.rdb.RdbCommand.class, dev.cinnabar.tools.aof.AofCommand.class})
public final class Cli {
    /** Exit codes shared by every subcommand. */
    public static final int OK = 0;
    public static final int USAGE = 2;
    public static final int FAILURE = 1;

    /** The one factory for the command line, used by {@link #main} and by tests. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Cli());
        // redis-cli's habits: options only before the command, and a command argument may look like an option
        cl.getSubcommands().get("shell").setStopAtPositional(true).setUnmatchedOptionsArePositionalParams(true);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            line.getErr().println("error: " + ex.getMessage());
            return FAILURE;
        });
        return cl;
    }

    public static void main(String[] args) {
        int code = commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
        if (code != OK || args.length == 0 || !args[0].equals("server")) {
            System.exit(code);
        }
    }
}
