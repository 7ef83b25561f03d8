// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.utils.AttributedString;

import java.util.function.Function;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Shows redis-cli's hint, the arguments still to type, in grey after the line: JLine's tail tip, refreshed
 * each time the line is drawn. The line itself is not coloured.
 */
final class HintHighlighter implements Highlighter {
    private final Function<String, String> hints;

    HintHighlighter(Function<String, String> hints) {
        this.hints = requireNonNull(hints, "hints is null");
    }

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        if (reader instanceof LineReaderImpl impl) {
            String hint = hints.apply(buffer);
            impl.setTailTip(hint == null ? "" : hint);
        }
        return new AttributedString(buffer);
    }

    @Override
    public void setErrorPattern(Pattern errorPattern) {
    }

    @Override
    public void setErrorIndex(int errorIndex) {
    }
}
