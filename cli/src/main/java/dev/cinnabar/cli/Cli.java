// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;

/**
 * The {@code cinnabar} command tree. Its subcommands are added by {@link #commandLine(PrintWriter,
 * PrintWriter, String...)} rather than listed in the annotation, so a run builds only the branch it uses.
 */
@Command(name = "cinnabar", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A Redis 7.0 compatible data engine for the JVM.")
public final class Cli {
    private static final List<Class<?>> SUBCOMMANDS = List.of(ServerCommand.class, ShellCommand.class,
            VersionCommand.class, dev.cinnabar.tools.rdb.RdbCommand.class, dev.cinnabar.tools.aof.AofCommand.class);

    /** Exit codes shared by every subcommand. */
    public static final int OK = 0;
    public static final int USAGE = 2;
    public static final int FAILURE = 1;

    /** The whole command tree, as {@code cinnabar --help} shows it. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, new String[0]);
    }

    /**
     * The command line for {@code args}, used by {@link #main} and by tests: only the branch {@code args}
     * names when it names one (picocli's reflection over every tool's options costs a short tool run more
     * than its work), else the whole tree, for usage help and "did you mean" suggestions.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Cli());
        CommandBranch.add(cl, SUBCOMMANDS, args);
        CommandLine shell = cl.getSubcommands().get("shell");
        if (shell != null) {
            // redis-cli's habits: options only before the command, and a command argument may look like an option
            shell.setStopAtPositional(true).setUnmatchedOptionsArePositionalParams(true);
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, line, parse) -> executionFailure(ex, line.getErr()));
        return cl;
    }

    /** What a command that threw prints, and its exit code. */
    static int executionFailure(Exception ex, PrintWriter err) {
        err.println("error: " + ex.getMessage());
        return FAILURE;
    }

    /** Runs {@code args} (a plain check directly, anything else through picocli); the exit code. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        Integer direct = DirectRun.run(args, out, err);
        return direct != null ? direct : commandLine(out, err, args).execute(args);
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        } catch (OutOfMemoryError e) {
            // a tool decoding one huge value (an older RDB version, a restore in commands) on a small heap:
            // say what to do rather than print the JVM's stack trace; nothing was written in place
            System.err.println("error: out of memory: the Java heap (" + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MB) cannot hold what this command needs at once; run it with a larger heap, e.g. "
                    + "CINNABAR_HEAP=4g");
            code = USAGE;
        }
        if (code != OK || args.length == 0 || !args[0].equals("server")) {
            System.exit(code);
        }
    }
}
