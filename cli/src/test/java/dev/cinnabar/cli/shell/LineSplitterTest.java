// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineSplitterTest {
    @Test
    void wordsAreSeparatedByAnyRunOfBlanks() {
        assertEquals(List.of("SET", "k", "v"), split("  SET \t k   v  "));
        assertEquals(List.of(), split("   "));
    }

    @Test
    void doubleQuotesTakeCEscapesAndHexBytes() {
        assertEquals(List.of("a\"b\nc\r\t\b\u0007z", "A"), split("\"a\\\"b\\nc\\r\\t\\b\\az\" \"\\x41\""));
        assertEquals(List.of("\u00ff"), List.of(new String(LineSplitter.split("\"\\xff\"").get(0),
                StandardCharsets.ISO_8859_1)));
    }

    @Test
    void singleQuotesTakeOnlyAnEscapedSingleQuote() {
        assertEquals(List.of("it's", "a\\nb"), split("'it\\'s' 'a\\nb'"));
    }

    @Test
    void aQuoteInsideAWordOpensAQuotedPart() {
        assertEquals(List.of("ab c"), split("a\"b c\""));
    }

    @Test
    void unbalancedQuotesAndTextAfterAClosingQuoteAreInvalid() {
        assertNull(LineSplitter.split("set x \"open"));
        assertNull(LineSplitter.split("set x 'open"));
        assertNull(LineSplitter.split("set y \"a\"b"));
        assertNull(LineSplitter.split("set y 'a'b"));
    }

    @Test
    void aLineEndingInsideQuotesIsOpen() {
        assertTrue(LineSplitter.openQuote("set x \"a"));
        assertTrue(LineSplitter.openQuote("set x 'a"));
        assertFalse(LineSplitter.openQuote("set x \"a\""));
        assertFalse(LineSplitter.openQuote("set y \"a\"b"));
    }

    private static List<String> split(String line) {
        return LineSplitter.split(line).stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }
}
