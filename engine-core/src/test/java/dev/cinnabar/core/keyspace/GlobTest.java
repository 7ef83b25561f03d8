// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.keyspace;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlobTest {
    private static boolean m(String pattern, String s) {
        return Glob.matches(pattern.getBytes(StandardCharsets.ISO_8859_1), s.getBytes(StandardCharsets.ISO_8859_1),
                false);
    }

    @Test
    void matchesLikeRedisStringmatchlen() {
        assertTrue(m("h?llo", "hello"));
        assertTrue(m("h*llo", "heeeello"));
        assertTrue(m("h[ae]llo", "hallo"));
        assertFalse(m("h[^e]llo", "hello"));
        assertTrue(m("h[a-b]llo", "hbllo"));
        assertTrue(m("h[b-a]llo", "hbllo"));
        assertTrue(m("\\*", "*"));
        assertFalse(m("\\*", "a"));
        assertTrue(m("*", "anything"));
        assertTrue(m("a*", "a"));
        assertFalse(m("a", "ab"));
        assertFalse(m("a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", "a".repeat(60)));
    }

    @Test
    void nocaseFoldsAsciiLetters() {
        assertTrue(Glob.matches("HeLLo".getBytes(), "hello".getBytes(), true));
        assertFalse(Glob.matches("HeLLo".getBytes(), "hello".getBytes(), false));
    }
}
