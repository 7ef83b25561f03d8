// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli;

import dev.cinnabar.cli.shell.BigKeys;
import dev.cinnabar.cli.shell.CommandCompleter;
import dev.cinnabar.cli.shell.Connection;
import dev.cinnabar.cli.shell.EmbeddedConnection;
import dev.cinnabar.cli.shell.EvalFile;
import dev.cinnabar.cli.shell.KeyScan;
import dev.cinnabar.cli.shell.LatencyMode;
import dev.cinnabar.cli.shell.StatMode;
import dev.cinnabar.cli.shell.MassInsertion;
import dev.cinnabar.cli.shell.FileSnapshot;
import dev.cinnabar.cli.shell.ReadOnlyConnection;
import dev.cinnabar.cli.shell.RemoteConnection;
import dev.cinnabar.cli.shell.Repl;
import dev.cinnabar.cli.shell.ReplyPager;
import dev.cinnabar.cli.shell.ShellSession;
import dev.cinnabar.core.resp.RespValue;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.spi.SystemStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "shell", header = "Run commands interactively, like redis-cli.",
        description = {"Without -h or -p, opens an engine in this process: in memory, or on --dir with its "
                + "data files, loaded and saved as the server does. With -h or -p, connects to any RESP "
                + "server (Cinnabar or Redis).",
                "With a command after the options, runs it and exits; with stdin not a terminal, runs "
                        + "each line of it."},
        footer = {"", "Examples:", "  cinnabar shell", "  cinnabar shell --dir ./data",
                "  cinnabar shell --rdb dump.rdb KEYS '*'", "  cinnabar shell --aof data/appendonlydir",
                "  cinnabar shell -p 6379", "  cinnabar shell -h 10.0.0.5 -p 6380 -a secret -n 2 GET k",
                "  printf 'SET a 1\\nINCR a\\n' | cinnabar shell",
                "  cinnabar shell -r 3 -i 0.5 INCR visits", "  cinnabar shell -x SET config < app.json"})
final class ShellCommand implements Callable<Integer> {
    /** The root logger, kept so its level holds: the engine's INFO lines would mix with the session. */
    /** Key names offered by one Tab at most. */
    private static final int COMPLETED_KEYS = 200;

    private static final java.util.logging.Logger ROOT_LOGGER = java.util.logging.Logger.getLogger("");

    @Option(names = "-h", paramLabel = "HOST", description = "Server hostname (default 127.0.0.1).")
    String host;

    @Option(names = "-p", paramLabel = "PORT", description = "Server port (default 6379).")
    Integer port;

    @Option(names = "-a", paramLabel = "PASSWORD", description = "Password for AUTH.")
    String password;

    @Option(names = "--user", paramLabel = "USER", description = "ACL user for AUTH (needs -a).")
    String user;

    @Option(names = "-n", paramLabel = "DB", description = "Database number.")
    int db;

    @Option(names = "-3", description = "Start the session in RESP3 (HELLO 3).")
    boolean resp3;

    @Option(names = "-2", description = "Start the session in RESP2 (the default, but for --json).")
    boolean resp2;

    @Option(names = "--raw", description = "Print replies raw (the default when stdout is not a terminal).")
    boolean raw;

    @Option(names = "--no-raw", description = "Print replies formatted even when stdout is not a terminal.")
    boolean noRaw;

    @Option(names = "--no-color", description = "Do not colour the line being typed (nor when NO_COLOR is set "
            + "or the terminal is dumb).")
    boolean noColor;

    @Option(names = "--csv", description = "Print replies as CSV.")
    boolean csv;

    @Option(names = "--json", description = "Print replies as JSON (in RESP3 unless -2 is given).")
    boolean json;

    @Option(names = "--quoted-json", description = "As --json, with strings quoted as redis-cli quotes them.")
    boolean quotedJson;

    @Option(names = "-r", paramLabel = "N", description = "Run the command N times (-1: until interrupted).")
    long repeat = 1;

    @Option(names = "-i", paramLabel = "SECONDS", description = "With -r, wait this long after each run.")
    double interval;

    @Option(names = "-x", description = "Read the command's last argument from stdin.")
    boolean lastArgFromStdin;

    @Option(names = "--dir", paramLabel = "PATH",
            description = "Open the embedded engine on this data directory (AOF and dump.rdb), as the server "
                    + "would; without it the embedded engine is in memory.")
    Path dir;

    @Option(names = "--rdb", paramLabel = "FILE",
            description = "Open this RDB file read-only, with no server: commands that would write are refused "
                    + "and nothing is ever written back.")
    Path rdb;

    @Option(names = "--aof", paramLabel = "PATH",
            description = "Open this AOF read-only, with no server: an append-only directory (with its manifest) "
                    + "or a single AOF file. Commands that would write are refused.")
    Path aof;

    @Option(names = "--scan", description = "List every key by SCAN, one a line.")
    boolean scan;

    @Option(names = "--pattern", paramLabel = "PATTERN", description = "With --scan, only the keys matching it.")
    String pattern;

    @Option(names = "--count", paramLabel = "N", description = "With --scan, the COUNT hint of each SCAN.")
    Long count;

    @Option(names = "--eval", paramLabel = "FILE",
            description = "Run the Lua script in FILE: the arguments after the options are keys, then ',' and "
                    + "the script's arguments.")
    Path eval;

    @Option(names = "--pipe", description = "Mass insertion: send the commands on stdin (RESP or inline), pipelined, "
            + "and print a summary.")
    boolean pipe;

    @Option(names = "--bigkeys", description = "Report the biggest key of each type, by number of elements.")
    boolean bigkeys;

    @Option(names = "--memkeys", description = "Report the biggest key of each type, by MEMORY USAGE.")
    boolean memkeys;

    @Option(names = "--latency", description = "PING continuously and print the round-trip latency (ms).")
    boolean latency;

    @Option(names = "--latency-history", description = "As --latency, starting over every 15 s (or -i).")
    boolean latencyHistory;

    @Option(names = "--stat", description = "Print a line of server figures every second (or -i).")
    boolean stat;

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(paramLabel = "COMMAND", description = "A command and its arguments to run instead of a session.")
    List<String> command = new ArrayList<>();

    /** Streams, replaceable by tests. */
    InputStream stdin = System.in;
    OutputStream stdout = System.out;
    PrintStream stderr = System.err;

    @Override
    public Integer call() throws Exception {
        boolean remote = host != null || port != null;
        int sources = (remote ? 1 : 0) + (dir != null ? 1 : 0) + (rdb != null ? 1 : 0) + (aof != null ? 1 : 0);
        if (sources > 1) {
            stderr.println("Choose one of -h/-p, --dir, --rdb and --aof");
            return Cli.USAGE;
        }
        boolean toolMode = toolMode();
        boolean interactive = !toolMode && command.isEmpty() && stdin == System.in && isTerminal(SystemStream.Input);
        Terminal terminal = interactive ? TerminalBuilder.builder().system(true).build() : null;
        OutputStream out = terminal != null ? terminal.output() : stdout;
        boolean stdoutIsTerminal = interactive || stdout == System.out && isTerminal(SystemStream.Output);
        ShellSession.Output output = csv ? ShellSession.Output.CSV
                : json ? ShellSession.Output.JSON
                : quotedJson ? ShellSession.Output.QUOTED_JSON
                : raw ? ShellSession.Output.RAW
                : noRaw || stdoutIsTerminal ? ShellSession.Output.STANDARD
                : ShellSession.Output.RAW;
        if ((json || quotedJson) && !resp2) {
            resp3 = true;
        }
        if (password != null) {
            stderr.println("Warning: Using a password with '-a' or '-u' option on the command line interface may "
                    + "not be safe.");
        }
        Connection opened;
        try {
            opened = remote ? new RemoteConnection(host == null ? "127.0.0.1" : host, port == null ? 6379 : port)
                    : rdb != null || aof != null ? openFile() : openEmbedded();
        } catch (IOException e) {
            if (terminal != null) {
                terminal.close();
            }
            stderr.println(e.getMessage());
            return Cli.FAILURE;
        }
        // Ctrl-C during a command ends the JVM: an embedded engine still saves and closes as on exit
        Thread closer = remote ? null : new Thread(opened::close, "cinnabar-shell-close");
        if (closer != null) {
            Runtime.getRuntime().addShutdownHook(closer);
        }
        try (Connection connection = opened; Terminal ignored = terminal) {
            return run(connection, terminal, out, output, interactive, stdoutIsTerminal);
        } finally {
            if (closer != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(closer);
                } catch (IllegalStateException e) {
                    // the JVM is exiting and runs it
                }
            }
        }
    }

    private int run(Connection connection, Terminal terminal, OutputStream out, ShellSession.Output output,
            boolean interactive, boolean stdoutIsTerminal) throws Exception {
        ShellSession session = new ShellSession(connection, out, stderr, output);
        session.showPushes(stdoutIsTerminal);
        session.database(db);
        session.protocol(resp3 ? 3 : 2);
        session.credentials(user, password);
        if (connection instanceof RemoteConnection rc) {
            rc.onConnect(session::handshake);
            try {
                rc.connect();
            } catch (IOException e) {
                stderr.println(e.getMessage());
                if (!interactive) {
                    return Cli.FAILURE;
                }
            }
        } else {
            session.handshake(connection);
        }
        if (toolMode()) {
            return runTool(connection, session, out, output);
        }
        if (!command.isEmpty()) {
            List<byte[]> args = new ArrayList<>();
            for (String a : command) {
                args.add(a.getBytes(StandardCharsets.UTF_8));
            }
            if (lastArgFromStdin) {
                args.add(stdin.readAllBytes());
            }
            for (long i = 0; repeat < 0 || i < repeat; i++) {
                if (!session.send(args)) {
                    return connection.shutDown() ? Cli.OK : Cli.FAILURE;
                }
                if (interval > 0) {
                    Thread.sleep((long) (interval * 1000));
                }
            }
            return Cli.OK;
        }
        if (interactive) {
            session.connector((newHost, newPort) -> {
                RemoteConnection next = new RemoteConnection(newHost, newPort);
                next.onConnect(session::handshake);
                return next;
            });
            CommandCompleter completer = new CommandCompleter(() -> execute(session.connection(), "COMMAND"),
                    prefix -> CommandCompleter.scanKeys(args -> execute(session.connection(), args), prefix,
                            COMPLETED_KEYS));
            completer.tokens(session::tokens);
            completer.grammar(session::next);
            try {
                session.pager(new ReplyPager(terminal));
                Repl repl = new Repl(session, terminal, historyFile(), completer);
                String noColorEnv = System.getenv("NO_COLOR");
                repl.colors(!noColor && (noColorEnv == null || noColorEnv.isEmpty())
                        && !terminal.getType().startsWith("dumb"));
                // Ctrl-C while a command waits (BLPOP, SUBSCRIBE, MONITOR): the prompt comes back (a remote
                // connection is cut, the embedded engine ends the wait); a command that runs and cannot be
                // cut in the embedded engine (DEBUG SLEEP, a script) ends the shell (on --dir it saves and
                // closes first, by the shutdown hook)
                repl.onUncutInterrupt(() -> System.exit(130));
                repl.run();
            } finally {
                session.connection().close();
            }
            return Cli.OK;
        }
        BufferedReader lines = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (!session.runLine(line)) {
                break;
            }
        }
        return Cli.OK;
    }

    private boolean toolMode() {
        return scan || pipe || eval != null || bigkeys || memkeys || latency || latencyHistory || stat;
    }

    /** redis-cli's tool modes (--scan, --pipe, --eval, --bigkeys, --memkeys, --latency, --stat): one job, then exit. */
    private int runTool(Connection connection, ShellSession session, OutputStream out, ShellSession.Output output)
            throws IOException, InterruptedException {
        PrintStream print = new PrintStream(out, false, StandardCharsets.UTF_8);
        try {
            if (scan) {
                return KeyScan.run(connection, pattern, count, output == ShellSession.Output.STANDARD, print, stderr)
                        ? Cli.OK : Cli.FAILURE;
            }
            if (latency || latencyHistory) {
                new LatencyMode(connection, print, output, latencyHistory, interval).run(-1);
                return Cli.OK;
            }
            if (stat) {
                new StatMode(connection, print, interval).run(-1);
                return Cli.OK;
            }
            if (bigkeys || memkeys) {
                return new BigKeys(connection, print, memkeys).run(stderr) ? Cli.OK : Cli.FAILURE;
            }
            if (pipe) {
                return new MassInsertion(connection, print, stderr).run(stdin);
            }
            return session.send(EvalFile.command(eval, command)) ? Cli.OK : Cli.FAILURE;
        } finally {
            print.flush();
        }
    }

    private Connection openEmbedded() throws IOException {
        ROOT_LOGGER.setLevel(java.util.logging.Level.WARNING);
        return dir == null ? EmbeddedConnection.inMemory(Map.of())
                : EmbeddedConnection.onDirectory(dir, ServerCommand.SAFE_DEFAULTS, Map.of());
    }

    /** {@code --rdb} or {@code --aof}: the file's data set in an engine that never writes back. */
    private Connection openFile() throws IOException {
        ROOT_LOGGER.setLevel(java.util.logging.Level.WARNING);
        Path file = rdb != null ? rdb : aof;
        return new ReadOnlyConnection(rdb != null ? FileSnapshot.openRdb(rdb) : FileSnapshot.openAof(aof),
                file.getFileName() == null ? file.toString() : file.getFileName().toString());
    }

    private static RespValue execute(Connection c, String... command) {
        return execute(c, args(command));
    }

    private static RespValue execute(Connection c, List<byte[]> args) {
        try {
            return c.execute(args);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<byte[]> args(String... args) {
        List<byte[]> out = new ArrayList<>();
        for (String a : args) {
            out.add(a.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private static boolean isTerminal(SystemStream stream) {
        return dev.cinnabar.cli.shell.Terminals.isTerminal(stream);
    }

    /** {@code ~/.cinnabar_history}, or {@code $CINNABAR_HISTFILE}. */
    private static Path historyFile() {
        String env = System.getenv("CINNABAR_HISTFILE");
        return env != null && !env.isEmpty() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cinnabar_history");
    }
}
