// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.DefaultParser;

/**
 * Words for completion as JLine's default parser finds them, but lines are accepted by redis-cli's
 * quoting rules: a line that ends inside {@code "…"} or {@code '…'} continues on the next line.
 */
final class ShellParser extends DefaultParser {
    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE && LineSplitter.openQuote(line)) {
            throw new EOFError(-1, -1, "open quote", "quote");
        }
        return super.parse(line, cursor, context == ParseContext.ACCEPT_LINE ? ParseContext.COMPLETE : context);
    }
}
