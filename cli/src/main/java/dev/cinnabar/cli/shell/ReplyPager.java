// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import org.jline.builtins.Less;
import org.jline.builtins.Source;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * Shows a reply taller than the terminal in JLine's {@code less}: space or f for the next page, b back, /
 * to search, q to leave; reaching the end leaves too, as {@code more} does. It draws on the main screen, as
 * {@code less -X}: the last page stays in view after it. Shorter replies are not its business.
 */
public final class ReplyPager {
    private final Terminal terminal;

    public ReplyPager(Terminal terminal) {
        this.terminal = requireNonNull(terminal, "terminal is null");
    }

    /**
     * Pages {@code text} when it has more lines than the terminal shows below a prompt.
     *
     * @return false when the text is short enough to be printed as it is (nothing was shown)
     */
    public boolean page(byte[] text) throws IOException {
        int height = terminal.getHeight();
        if (height <= 1 || lines(text) < height) {
            return false;
        }
        Less less = new Less(terminal, Path.of(""));
        less.quitAtFirstEof = true;
        less.noInit = true;
        try {
            // less shows the source's name on the first page's status line: a reminder of the keys
            less.run(new Source.InputStreamSource(new ByteArrayInputStream(text), true,
                    lines(text) + " lines - space: next page, b: back, /: search, q: quit"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // the last page shown stays on the screen (no alternate screen); the prompt replaces the status line
        terminal.puts(InfoCmp.Capability.carriage_return);
        terminal.puts(InfoCmp.Capability.clr_eol);
        terminal.flush();
        return true;
    }

    static int lines(byte[] text) {
        int lines = 0;
        for (byte b : text) {
            if (b == '\n') {
                lines++;
            }
        }
        return text.length > 0 && text[text.length - 1] != '\n' ? lines + 1 : lines;
    }
}
