// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import dev.cinnabar.core.resp.RespValue;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * One shell over one {@link Connection}: runs lines as redis-cli's REPL does (splitting, repeat count,
 * {@code quit}), prints replies in the chosen output mode, and follows SELECT and MULTI for the prompt.
 * The interactive loop, piped stdin and a command on the command line all go through here.
 */
public final class ShellSession {
    /** How replies are printed. */
    public enum Output {
        /** redis-cli's default on a terminal: {@code (integer) 1}, quoted strings, numbered arrays. */
        STANDARD,
        /** {@code --raw}, and the default when stdout is not a terminal. */
        RAW,
        /** {@code --csv}. */
        CSV,
        /** {@code --json}. */
        JSON,
        /** {@code --quoted-json}. */
        QUOTED_JSON
    }

    private Connection connection;
    /** Opens the connection for {@code CONNECT host port}; null when the shell does not offer it. */
    private java.util.function.BiFunction<String, Integer, Connection> connector;
    private final OutputStream out;
    private final PrintStream err;
    private final Output output;
    private boolean showPushes = true;
    /** redis-cli's {@code :set hints} / {@code :set nohints}. */
    private boolean hints = true;
    /** {@code :timing on}: each reply is followed by its round-trip time. */
    private boolean timing;
    /** {@code :time on}: Unix times and TTLs in replies get their human form (see {@link ReadableTimes}). */
    private boolean readableTimes;
    private java.time.ZoneId zone = java.time.ZoneId.systemDefault();
    /** Where replies taller than the terminal go ({@code :pager on}, the default once set); null: printed. */
    private ReplyPager pager;
    private boolean paging = true;
    /** HELP's entries, read from COMMAND DOCS at the first HELP on this connection. */
    private CommandHelp help;
    private int db;
    /**
     * The database asked for ({@code -n}, the last SELECT): what a new connection selects, and what a typed
     * AUTH selects again when SELECT failed for want of it (redis-cli's {@code input_dbnum}).
     */
    private int wantedDb;
    /** The credentials a new connection authenticates with: {@code -a}/{@code --user}, or the last AUTH typed. */
    private String user;
    private String password;
    private boolean inMulti;
    private int protocol = 2;
    private volatile boolean interrupted;
    private int preMultiDb;

    public ShellSession(Connection connection, OutputStream out, PrintStream err, Output output) {
        this.connection = requireNonNull(connection, "connection is null");
        this.out = requireNonNull(out, "out is null");
        this.err = requireNonNull(err, "err is null");
        this.output = requireNonNull(output, "output is null");
        if (connection instanceof RemoteConnection remote) {
            remote.onPush(this::printPush);
        }
    }

    /** Whether pushes that come before a reply are printed: redis-cli prints them when stdout is a terminal. */
    public void showPushes(boolean show) {
        this.showPushes = show;
    }

    /** A push that came before a reply, as redis-cli's {@code cliPushHandler} prints it. */
    private void printPush(RespValue push) {
        if (!showPushes) {
            return;
        }
        List<RespValue> items = ((RespValue.Array) push).items();
        if (output == Output.STANDARD && items.size() == 2 && items.get(0) instanceof RespValue.Bulk kind
                && text(kind.value()).startsWith("invalidate") && items.get(1) instanceof RespValue.Array keys) {
            StringBuilder sb = new StringBuilder("-> invalidate: ");
            for (int i = 0; i < keys.items().size(); i++) {
                if (keys.items().get(i) instanceof RespValue.Bulk key) {
                    sb.append('\'').append(text(key.value())).append('\'');
                }
                if (i < keys.items().size() - 1) {
                    sb.append(", ");
                }
            }
            print(sb.append('\n').toString());
        } else {
            print(format(List.of(new byte[0]), push));
        }
    }

    /** Replies taller than the terminal are shown by {@code pager} from now on, until {@code :pager off}. */
    public void pager(ReplyPager pager) {
        this.pager = pager;
    }

    /** The time zone {@code :time on} shows times in (the system's by default). */
    void zone(java.time.ZoneId zone) {
        this.zone = requireNonNull(zone, "zone is null");
    }

    /** The current connection: {@code CONNECT} replaces it. */
    public Connection connection() {
        return connection;
    }

    /** Enables {@code CONNECT host [port]}: {@code connector} opens (and may connect) the new connection. */
    public void connector(java.util.function.BiFunction<String, Integer, Connection> connector) {
        this.connector = connector;
    }

    /** The database asked for ({@code -n}): the prompt shows it and every connection selects it. */
    public void database(int db) {
        this.db = db;
        this.wantedDb = db;
    }

    /** The credentials every connection authenticates with ({@code -a}, {@code --user}); null for none. */
    public void credentials(String user, String password) {
        this.user = user;
        this.password = password;
    }

    /**
     * What redis-cli sends on every new connection, before the user's commands: AUTH with the credentials
     * (from {@code -a}, or the last AUTH or HELLO … AUTH typed), SELECT of the database last asked for, and
     * HELLO 3 when the session speaks RESP3. A failure is reported and the session goes on.
     */
    public void handshake(Connection c) throws IOException {
        if (password != null) {
            RespValue reply = user == null ? c.execute(List.of(bytes("AUTH"), bytes(password)))
                    : c.execute(List.of(bytes("AUTH"), bytes(user), bytes(password)));
            if (reply instanceof RespValue.Error e) {
                err.println("AUTH failed: " + e.line());
            }
        }
        db = 0;
        select(c);
        if (protocol == 3) {
            RespValue reply = c.execute(List.of(bytes("HELLO"), bytes("3")));
            if (reply instanceof RespValue.Error e) {
                err.println("HELLO 3 failed: " + e.line());
            }
        }
    }

    /** redis-cli's {@code cliSelect}: SELECT of the database asked for, when the connection is not in it. */
    private void select(Connection c) throws IOException {
        if (wantedDb == db) {
            return;
        }
        RespValue reply = c.execute(List.of(bytes("SELECT"), bytes(Integer.toString(wantedDb))));
        if (reply instanceof RespValue.Error e) {
            err.println("SELECT " + wantedDb + " failed: " + e.line());
        } else {
            db = wantedDb;
        }
    }

    public int database() {
        return db;
    }

    /** redis-cli's prompt: {@code 127.0.0.1:6379[2](TX)> }, or {@code not connected> }. */
    public String prompt() {
        if (!connection.connected()) {
            return "not connected> ";
        }
        return connection.name() + (db != 0 ? "[" + db + "]" : "") + (inMulti ? "(TX)" : "") + "> ";
    }

    /**
     * Runs one line typed or piped in: {@code [N] command args…}.
     *
     * @return false when the line asks the shell to end ({@code quit}, {@code exit}) or the engine shut down
     */
    public boolean runLine(String line) {
        List<byte[]> args = LineSplitter.split(line);
        if (args == null) {
            print("Invalid argument(s)\n");
            return true;
        }
        if (args.isEmpty()) {
            return true;
        }
        String first = text(args.get(0)).toLowerCase(Locale.ROOT);
        if (first.equals("quit") || first.equals("exit")) {
            return false;
        }
        if (first.equals(":timing") && args.size() == 2
                && (text(args.get(1)).equalsIgnoreCase("on") || text(args.get(1)).equalsIgnoreCase("off"))) {
            timing = text(args.get(1)).equalsIgnoreCase("on");
            return true;
        }
        if (first.equals(":time") && args.size() == 2
                && (text(args.get(1)).equalsIgnoreCase("on") || text(args.get(1)).equalsIgnoreCase("off"))) {
            readableTimes = text(args.get(1)).equalsIgnoreCase("on");
            return true;
        }
        if (first.equals(":pager") && args.size() == 2
                && (text(args.get(1)).equalsIgnoreCase("on") || text(args.get(1)).equalsIgnoreCase("off"))) {
            paging = text(args.get(1)).equalsIgnoreCase("on");
            return true;
        }
        if (first.equals(":explain")) {
            explain(args.subList(1, args.size()));
            return true;
        }
        if (first.equals(":peek") && args.size() == 2) {
            peek(args.get(1));
            return true;
        }
        if (first.equals(":set") && args.size() == 2) {
            String option = text(args.get(1)).toLowerCase(Locale.ROOT);
            if (option.equals("hints") || option.equals("nohints")) {
                hints = option.equals("hints");
            } else {
                print("unknown redis-cli preference '" + text(args.get(1)) + "'\n");
            }
            return true;
        }
        if (first.equals("connect") && connector != null && (args.size() == 2 || args.size() == 3)) {
            connect(text(args.get(1)), args.size() == 3 ? atoi(text(args.get(2))) : 6379);
            return true;
        }
        long repeat = 1;
        if (args.size() > 1 && first.matches("\\s*[+-]?\\d+")) {
            try {
                repeat = Long.parseLong(first.trim().replaceFirst("^\\+", ""));
            } catch (NumberFormatException e) {
                repeat = -1;
            }
            if (repeat <= 0) {
                print("Invalid redis-cli repeat command option value.\n");
                return true;
            }
            args = args.subList(1, args.size());
        }
        for (long i = 0; i < repeat; i++) {
            if (!send(args)) {
                break;
            }
        }
        return !connection.shutDown();
    }

    /**
     * Sends one command and prints its reply.
     *
     * @return false when the connection failed (the error is printed)
     */
    public boolean send(List<byte[]> args) {
        interrupted = false;
        String command = text(args.get(0)).toLowerCase(Locale.ROOT);
        if (command.equals("help") || command.equals("?")) {
            return help(args.subList(1, args.size()));
        }
        // inside MULTI these are queued, not run
        boolean streaming = connection.streams() && !inMulti && (command.equals("subscribe")
                || command.equals("psubscribe") || command.equals("ssubscribe") || command.equals("monitor"));
        if (streaming && !command.equals("monitor") && output != Output.RAW) {
            print("Reading messages... (press Ctrl-C to quit)\n");
        }
        RespValue reply;
        long started = System.nanoTime();
        try {
            reply = streaming ? connection.stream(args) : connection.execute(args);
        } catch (EOFException e) {
            if (!command.equals("shutdown")) {
                err.println("Error: Server closed the connection"); // after SHUTDOWN redis-cli prints nothing
            }
            return false;
        } catch (IOException | RuntimeException e) {
            if (interrupted) {
                return afterInterrupt();
            }
            if (connection.shutDown()) {
                return false; // closed under the command (Ctrl-C ends the shell)
            }
            err.println(e.getMessage() != null && e.getMessage().startsWith("Could not connect")
                    ? e.getMessage() : "Error: " + e.getMessage());
            return false;
        }
        if (connection.shutDown() && !(reply instanceof RespValue.Error)) {
            return false; // SHUTDOWN: redis-cli prints nothing, the connection is gone
        }
        if (interrupted) {
            return afterInterrupt(); // an embedded BLPOP ended by Ctrl-C: its reply is not the user's
        }
        long elapsed = System.nanoTime() - started;
        byte[] shown = format(args, reply);
        if (readableTimes && output == Output.STANDARD) {
            shown = ReadableTimes.annotate(args, reply, shown, zone);
        }
        show(shown, streaming);
        if (timing) {
            print(String.format(Locale.ROOT, "(%.3f ms)%n", elapsed / 1e6));
        }
        follow(args, reply);
        if (streaming && !(reply instanceof RespValue.Error)) {
            // as redis-cli: every later reply is printed as it comes, until Ctrl-C or the connection ends
            while (true) {
                try {
                    print(format(args, connection.readNext()));
                } catch (IOException e) {
                    if (interrupted) {
                        return afterInterrupt();
                    }
                    err.println(e instanceof EOFException ? "Error: Server closed the connection"
                            : "Error: " + e.getMessage());
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Ctrl-C while a command runs: when the connection can end the wait ({@link Connection#cancel}: a remote
     * connection is cut and the next command reconnects with the same database, protocol and AUTH; the
     * embedded engine ends a stream or unblocks a blocked command), returns true and the prompt comes back.
     * False otherwise (the caller then ends the shell, as redis-cli does). Any thread.
     */
    public boolean interrupt() {
        interrupted = true;
        if (!connection.cancel()) {
            interrupted = false;
            return false;
        }
        return true;
    }

    private boolean afterInterrupt() {
        interrupted = false;
        print("\n"); // the prompt comes back below the terminal's ^C
        if (inMulti) {
            inMulti = false; // the server dropped the transaction with the connection
            db = preMultiDb;
            wantedDb = db;
        }
        connection.reconnect();
        return true;
    }

    /** The protocol the connection speaks (2 or 3): what the handshake restores on reconnecting. */
    public int protocol() {
        return protocol;
    }

    public void protocol(int protocol) {
        this.protocol = protocol;
    }

    /** The reply as printed for this command in this output mode. */
    byte[] format(List<byte[]> args, RespValue reply) {
        if (rawByNature(args)) {
            return ReplyFormatter.raw(reply);
        }
        return switch (output) {
            case STANDARD -> ReplyFormatter.tty(reply);
            case RAW -> withNewline(ReplyFormatter.raw(reply));
            case CSV -> withNewline(ReplyFormatter.csv(reply));
            case JSON -> withNewline(ReplyFormatter.json(reply, false));
            case QUOTED_JSON -> withNewline(ReplyFormatter.json(reply, true));
        };
    }

    private static byte[] withNewline(byte[] raw) {
        byte[] out = java.util.Arrays.copyOf(raw, raw.length + 1);
        out[raw.length] = '\n';
        return out;
    }

    /** Commands whose replies are text meant to be read as is (redis-cli's {@code output_raw} list). */
    private static boolean rawByNature(List<byte[]> args) {
        String command = text(args.get(0)).toLowerCase(Locale.ROOT);
        String sub = args.size() >= 2 ? text(args.get(1)).toLowerCase(Locale.ROOT) : "";
        int argc = args.size();
        return command.equals("info") || command.equals("lolwut")
                || command.equals("debug") && argc >= 2
                        && (sub.equals("htstats") || sub.equals("htstats-key") || sub.equals("client-eviction"))
                || command.equals("memory") && argc >= 2 && (sub.equals("malloc-stats") || sub.equals("doctor"))
                || command.equals("cluster") && argc == 2 && (sub.equals("nodes") || sub.equals("info"))
                || command.equals("client") && argc >= 2 && (sub.equals("list") || sub.equals("info"))
                || command.equals("latency") && argc == 3 && sub.equals("graph")
                || command.equals("latency") && argc == 2 && sub.equals("doctor");
    }

    /** The hint for a line being typed (see {@link CommandHelp#hint}), or null. */
    public String hint(String line) {
        if (!hints) {
            return null;
        }
        String own = shellHint(line);
        if (own != null) {
            return own;
        }
        return docs() != null ? help.hint(line) : null;
    }

    /** The arguments of the shell's own commands, hinted as a command's are. */
    private static final java.util.Map<String, String> SHELL_HINTS = java.util.Map.of(
            ":timing", "on|off", ":time", "on|off", ":pager", "on|off", ":set", "hints|nohints",
            ":peek", "key", ":explain", "command [arg ...]", "connect", "host [port]");

    private static String shellHint(String line) {
        String trimmed = line.stripLeading();
        int space = trimmed.indexOf(' ');
        String first = (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
        String args = SHELL_HINTS.get(first);
        if (args == null || space >= 0 && !trimmed.substring(space).isBlank()) {
            return null;
        }
        return space < 0 ? " " + args : args;
    }

    /** What the grammar accepts after {@code words} (see {@link CommandHelp#next}); null when unknown. */
    public ArgumentGrammar.Next next(List<String> words) {
        return docs() != null ? help.next(words) : null;
    }

    /** What each word of a line is, for highlighting (see {@link CommandHelp#roles}). */
    public ArgumentGrammar.Role[] roles(List<String> words) {
        return docs() != null ? help.roles(words) : new ArgumentGrammar.Role[words.size()];
    }

    /** The argument tokens of the command that {@code words} name (for completion); empty when unknown. */
    public List<String> tokens(List<String> words) {
        return docs() != null ? help.tokens(words) : List.of();
    }

    /** The connection's COMMAND DOCS, read once; null when they cannot be read (not connected). */
    private CommandHelp docs() {
        if (help == null) {
            try {
                RespValue docs = connection.execute(List.of("COMMAND".getBytes(StandardCharsets.UTF_8),
                        "DOCS".getBytes(StandardCharsets.UTF_8)));
                if (docs instanceof RespValue.Error) {
                    return null;
                }
                help = CommandHelp.fromDocs(docs);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
        return help;
    }

    /** redis-cli's {@code HELP}, answered by the shell from the connection's {@code COMMAND DOCS}. */
    private boolean help(List<byte[]> args) {
        if (args.isEmpty()) {
            print(CommandHelp.usage());
            return true;
        }
        if (help == null) {
            try {
                RespValue docs = connection.execute(List.of("COMMAND".getBytes(StandardCharsets.UTF_8),
                        "DOCS".getBytes(StandardCharsets.UTF_8)));
                if (docs instanceof RespValue.Error e) {
                    print(format(args, docs));
                    return true;
                }
                help = CommandHelp.fromDocs(docs);
            } catch (IOException | RuntimeException e) {
                err.println("Error: " + e.getMessage());
                return false;
            }
        }
        print(help.help(args.stream().map(ShellSession::text).toList()));
        return true;
    }

    /** {@code :explain line}: the arguments the line splits into, and the RESP request that would be sent. */
    private void explain(List<byte[]> args) {
        List<RespValue> items = new ArrayList<>();
        java.io.ByteArrayOutputStream resp = new java.io.ByteArrayOutputStream();
        resp.writeBytes(("*" + args.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : args) {
            items.add(new RespValue.Bulk(a));
            resp.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            resp.writeBytes(a);
            resp.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        print(ReplyFormatter.tty(new RespValue.Array('*', items)));
        print("RESP " + ReplyFormatter.repr(resp.toByteArray()) + "\n");
    }

    /**
     * {@code :peek key}: type, encoding, TTL, size and a sample of the value in one go. Each comes from an
     * ordinary command (TYPE, OBJECT ENCODING, PTTL, STRLEN/LLEN/…, GETRANGE/LRANGE/…).
     */
    private void peek(byte[] key) {
        try {
            RespValue type = call("TYPE", key);
            String name = type instanceof RespValue.Simple t ? t.value() : "none";
            print("type: " + name + "\n");
            if (name.equals("none")) {
                return;
            }
            print("encoding: " + text(ReplyFormatter.raw(call("OBJECT", "ENCODING", key))) + "\n");
            RespValue ttl = call("PTTL", key);
            print("ttl: " + (ttl instanceof RespValue.Integer ms && ms.value() >= 0 ? ms.value() + " ms" : "none")
                    + "\n");
            Object[][] probes = switch (name) {
                case "string" -> new Object[][] {{"STRLEN", key}, {"GETRANGE", key, "0", "63"}};
                case "list" -> new Object[][] {{"LLEN", key}, {"LRANGE", key, "0", "4"}};
                case "set" -> new Object[][] {{"SCARD", key}, {"SRANDMEMBER", key, "5"}};
                case "zset" -> new Object[][] {{"ZCARD", key}, {"ZRANGE", key, "0", "4", "WITHSCORES"}};
                case "hash" -> new Object[][] {{"HLEN", key}, {"HRANDFIELD", key, "5", "WITHVALUES"}};
                case "stream" -> new Object[][] {{"XLEN", key}, {"XRANGE", key, "-", "+", "COUNT", "3"}};
                default -> new Object[0][];
            };
            if (probes.length == 2) {
                print("size: " + text(ReplyFormatter.raw(call(probes[0]))) + "\n");
                print("sample:\n");
                print(ReplyFormatter.tty(call(probes[1])));
            }
        } catch (IOException | RuntimeException e) {
            err.println("Error: " + e.getMessage());
        }
    }

    /** Runs a command made of strings and byte arrays. */
    private RespValue call(Object... parts) throws IOException {
        List<byte[]> args = new ArrayList<>();
        for (Object p : parts) {
            args.add(p instanceof byte[] b ? b : p.toString().getBytes(StandardCharsets.UTF_8));
        }
        return connection.execute(args);
    }

    /**
     * redis-cli's {@code CONNECT}: the current connection is closed (an embedded engine saves) and replaced;
     * the new one is signed in and in the database asked for, as every connection (see {@link #handshake}).
     */
    private void connect(String host, int port) {
        connection.close();
        db = 0;
        inMulti = false;
        help = null;
        connection = connector.apply(host, port);
        if (connection instanceof RemoteConnection remote) {
            remote.onPush(this::printPush);
            try {
                remote.connect();
            } catch (IOException e) {
                err.println(e.getMessage());
            }
        }
    }

    /** The prompt's state after a reply, as redis-cli's {@code cliSendCommand} keeps it. */
    private void follow(List<byte[]> args, RespValue reply) {
        String command = text(args.get(0)).toLowerCase(Locale.ROOT);
        boolean error = reply instanceof RespValue.Error;
        int argc = args.size();
        if (command.equals("select") && argc == 2 && !error) {
            db = atoi(text(args.get(1)));
            wantedDb = db;
        } else if (command.equals("auth") && (argc == 2 || argc == 3) && !error) {
            // kept for the next connection (redis-cli only selects again); AUTH may have made SELECT possible
            user = argc == 3 ? text(args.get(1)) : null;
            password = text(args.get(argc - 1));
            try {
                select(connection);
            } catch (IOException e) {
                err.println("Error: " + e.getMessage());
            }
        } else if (command.equals("multi") && argc == 1 && !error) {
            inMulti = true;
            preMultiDb = db;
        } else if (command.equals("exec") && argc == 1 && inMulti) {
            inMulti = false;
            if (error || reply instanceof RespValue.Null) {
                db = preMultiDb;
                wantedDb = db;
            }
        } else if (command.equals("discard") && argc == 1 && !error) {
            inMulti = false;
            db = preMultiDb;
            wantedDb = db;
        } else if (command.equals("reset") && argc == 1 && !error) {
            inMulti = false;
            db = 0;
            wantedDb = 0;
            protocol = 2;
            user = null; // RESET signs the connection out: a new one would not be signed in either
            password = null;
        } else if (command.equals("hello") && argc >= 2 && !error) {
            protocol = atoi(text(args.get(1)));
            for (int i = 2; i < argc; i++) {
                if (text(args.get(i)).equalsIgnoreCase("auth") && i + 2 < argc) {
                    user = text(args.get(i + 1));
                    password = text(args.get(i + 2));
                    i += 2;
                } else if (text(args.get(i)).equalsIgnoreCase("setname")) {
                    i++;
                }
            }
        }
    }

    /** C's {@code atoi}: leading digits, 0 when there are none. */
    private static int atoi(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*([+-]?\\d+)").matcher(s);
        if (!m.find()) {
            return 0;
        }
        try {
            return Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A reply: through the pager when it is on and the reply is taller than the terminal, else printed. */
    private void show(byte[] reply, boolean streaming) {
        if (pager != null && paging && !streaming) {
            try {
                if (pager.page(reply)) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                // a pager that fails must not lose the reply
            }
        }
        print(reply);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void print(String s) {
        print(s.getBytes(StandardCharsets.UTF_8));
    }

    private void print(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
