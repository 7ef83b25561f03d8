// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Draws the line being typed: the command name, keys, tokens, quoted strings and numbers each in their own
 * style (what each word is comes from the command's grammar), and redis-cli's hint, the arguments still to
 * type, in faint text after the line (JLine's tail tip). With colours off the line stays plain; the hint
 * still shows.
 */
final class ShellHighlighter implements Highlighter {
    static final AttributedStyle COMMAND = AttributedStyle.BOLD.foreground(AttributedStyle.CYAN);
    static final AttributedStyle KEY = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    static final AttributedStyle TOKEN = AttributedStyle.DEFAULT.foreground(AttributedStyle.MAGENTA);
    static final AttributedStyle STRING = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    static final AttributedStyle NUMBER = AttributedStyle.DEFAULT.foreground(AttributedStyle.BLUE);

    private static final Pattern NUMBER_TEXT = Pattern.compile("(?i)[+-]?(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?");
    /** The shell's own commands, drawn as commands. */
    private static final List<String> SHELL_WORDS = List.of("help", "?", "connect", "quit", "exit");

    private final Function<String, String> hints;
    private final Function<List<String>, ArgumentGrammar.Role[]> roles;
    private volatile boolean colors = true;

    ShellHighlighter(Function<String, String> hints, Function<List<String>, ArgumentGrammar.Role[]> roles) {
        this.hints = requireNonNull(hints, "hints is null");
        this.roles = requireNonNull(roles, "roles is null");
    }

    void colors(boolean on) {
        this.colors = on;
    }

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        if (reader instanceof LineReaderImpl impl) {
            String hint = hints.apply(buffer);
            impl.setTailTip(hint == null ? "" : hint);
        }
        return colors ? styled(buffer) : new AttributedString(buffer);
    }

    /** The buffer with each word in the style of what it is. */
    AttributedString styled(String buffer) {
        List<int[]> spans = spans(buffer);
        List<byte[]> args = LineSplitter.split(buffer);
        ArgumentGrammar.Role[] role = null;
        if (args != null && args.size() == spans.size() && !args.isEmpty()) {
            try {
                role = roles.apply(args.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList());
            } catch (RuntimeException e) {
                role = null; // not connected: words are drawn by their look alone
            }
        }
        AttributedStringBuilder sb = new AttributedStringBuilder();
        int at = 0;
        for (int i = 0; i < spans.size(); i++) {
            int[] span = spans.get(i);
            sb.append(buffer.substring(at, span[0]));
            String word = buffer.substring(span[0], span[1]);
            AttributedStyle style = style(word, i, role);
            if (style == null) {
                sb.append(word);
            } else {
                sb.styled(style, word);
            }
            at = span[1];
        }
        sb.append(buffer.substring(at));
        return sb.toAttributedString();
    }

    private static AttributedStyle style(String word, int index, ArgumentGrammar.Role[] role) {
        ArgumentGrammar.Role r = role != null ? role[index] : null;
        if (r == ArgumentGrammar.Role.COMMAND
                || index == 0 && (word.startsWith(":") || SHELL_WORDS.contains(word.toLowerCase(Locale.ROOT)))) {
            return COMMAND;
        }
        if (r == ArgumentGrammar.Role.KEY) {
            return KEY;
        }
        if (r == ArgumentGrammar.Role.TOKEN) {
            return TOKEN;
        }
        if (word.startsWith("\"") || word.startsWith("'")) {
            return STRING;
        }
        if (index > 0 && NUMBER_TEXT.matcher(word).matches()) {
            return NUMBER;
        }
        return null;
    }

    /**
     * Where each word of the buffer starts and ends, by redis-cli's quoting: a quote opens a quoted part that
     * runs to its closing quote (a backslash escapes the next character inside double quotes, a quote inside
     * single quotes); an unclosed quote runs to the end.
     */
    static List<int[]> spans(String buffer) {
        List<int[]> spans = new ArrayList<>();
        int i = 0;
        int n = buffer.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(buffer.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            char quote = 0;
            while (i < n) {
                char c = buffer.charAt(i);
                if (quote == 0) {
                    if (Character.isWhitespace(c)) {
                        break;
                    }
                    if (c == '"' || c == '\'') {
                        quote = c;
                    }
                } else if (c == '\\' && i + 1 < n && (quote == '"' || buffer.charAt(i + 1) == '\'')) {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                i++;
            }
            spans.add(new int[] {start, i});
        }
        return spans;
    }

    @Override
    public void setErrorPattern(Pattern errorPattern) {
    }

    @Override
    public void setErrorIndex(int errorIndex) {
    }
}
