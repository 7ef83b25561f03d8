// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.acl;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlobTest {
    private static boolean match(String pattern, String key) {
        return Glob.matches(pattern.getBytes(StandardCharsets.ISO_8859_1), key.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void starQuestionAndClassesMatchAsInRedis() {
        assertTrue(match("user:*", "user:1"));
        assertTrue(match("user:*", "user:"));
        assertFalse(match("user:*", "user"));
        assertTrue(match("h?llo", "hello"));
        assertFalse(match("h?llo", "hllo"));
        assertTrue(match("h[ae]llo", "hallo"));
        assertFalse(match("h[ae]llo", "hillo"));
        assertTrue(match("h[^e]llo", "hallo"));
        assertFalse(match("h[^e]llo", "hello"));
        assertTrue(match("h[a-b]llo", "hbllo"));
        assertTrue(match("h[b-a]llo", "hallo"));
        // as Redis: "*" needs at least one byte to start matching
        assertFalse(match("*", ""));
        assertFalse(match("", "a"));
    }

    @Test
    void globCharactersInAKeyNameAreJustCharacters() {
        // a key named "user:*" is not a wildcard: only patterns are
        assertFalse(match("user:1*", "user:*"));
        assertTrue(match("user:\\*", "user:*"));
        assertFalse(match("user:\\*", "user:1"));
        assertFalse(match("a[b]c", "a[b]c"));
        assertTrue(match("a\\[b\\]c", "a[b]c"));
        assertFalse(match("user:1:*", "user:10:x"));
        assertFalse(match("user:1:*", "user:1"));
    }

    @Test
    void binaryKeysAreComparedByteForByte() {
        assertTrue(match("user:1:*", "user:1:\u0000secret"));
        assertFalse(match("user:1:*", "user:1\u0000:x"));
        assertFalse(match("user:1:*", "user\u0000:1:x"));
        assertTrue(match("k?y", "k\u00ffy"));
        assertTrue(match("k\u00ff*", "k\u00ff\u00fe"));
        assertFalse(match("k\u00ff*", "k\u00fe\u00ff"));
        // bytes compare as C's signed char: 0x80-0xff sort below 'a' in a range, as in Redis
        assertFalse(match("[a-z]", "\u00e9"));
    }

    @Test
    void anUnclosedClassOrTrailingBackslashDoesNotThrow() {
        assertFalse(match("[abc", "d"));
        assertTrue(match("[abc", "a"));
        assertTrue(match("ab\\", "ab\\"));
        assertFalse(match("[", ""));
    }

    @Test
    void pathologicalPatternsFinishQuickly() {
        String pattern = "a*".repeat(40) + "b";
        String key = "a".repeat(5000);
        // Redis's early stop makes this polynomial; without it the test would not finish
        assertFalse(match(pattern, key));
    }
}
