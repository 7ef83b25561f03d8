// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * The interactive loop on a JLine terminal: line editing, history kept in {@code historyFile}, completion.
 * Ctrl-C cancels the line, Ctrl-D ends the shell, as do {@code quit} and {@code exit}.
 */
public final class Repl {
    /**
     * Lines not kept in the history, as JLine's {@code HISTORY_IGNORE} reads them (':' separates
     * patterns, '*' is any text): AUTH, HELLO with AUTH and ACL SETUSER carry passwords.
     */
    private static final String HISTORY_IGNORE = "(?i)auth *:(?i)hello *auth *:(?i)acl *setuser *";

    private final ShellSession session;
    private final Terminal terminal;
    private final LineReader reader;
    private final ShellHighlighter highlighter;
    private Runnable onUncutInterrupt = () -> { };

    public Repl(ShellSession session, Terminal terminal, Path historyFile, CommandCompleter completer) {
        this.session = requireNonNull(session, "session is null");
        this.terminal = terminal;
        this.highlighter = new ShellHighlighter(session::hint, session::roles);
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(requireNonNull(terminal, "terminal is null"))
                .appName("cinnabar")
                .parser(new ShellParser())
                .completer(requireNonNull(completer, "completer is null"))
                .highlighter(highlighter)
                .variable(LineReader.HISTORY_IGNORE, HISTORY_IGNORE)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%M> ")
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.CASE_INSENSITIVE, true);
        if (historyFile != null) {
            builder.variable(LineReader.HISTORY_FILE, historyFile);
        }
        this.reader = builder.build();
        reader.setAutosuggestion(LineReader.SuggestionType.TAIL_TIP);
    }

    /**
     * Whether the line being typed is drawn in colour (command, keys, tokens, strings, numbers); on by default.
     * The hint shows either way.
     */
    public void colors(boolean on) {
        highlighter.colors(on);
    }

    public LineReader reader() {
        return reader;
    }

    /**
     * What Ctrl-C does while a command runs on a connection that cannot be cut (the embedded engine); the shell
     * ends there. On a remote connection Ctrl-C cuts the command and the prompt comes back.
     */
    public void onUncutInterrupt(Runnable action) {
        this.onUncutInterrupt = requireNonNull(action, "action is null");
    }

    /** Reads and runs lines until {@code quit}, {@code exit}, end of input, or the engine shuts down. */
    public void run() {
        // JLine handles Ctrl-C itself while a line is read; this handler is for the time a command runs
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> {
            if (!session.interrupt()) {
                onUncutInterrupt.run();
            }
        });
        try {
            while (true) {
                String line;
                try {
                    line = reader.readLine(session.prompt());
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    return;
                }
                if (line.trim().equalsIgnoreCase("clear")) {
                    // as redis-cli's REPL: the screen is cleared, nothing is sent
                    terminal.puts(org.jline.utils.InfoCmp.Capability.clear_screen);
                    terminal.flush();
                    continue;
                }
                if (!session.runLine(line)) {
                    return;
                }
            }
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            try {
                reader.getHistory().save();
            } catch (java.io.IOException e) {
                // history is a convenience: losing it does not fail the shell
            }
        }
    }
}
