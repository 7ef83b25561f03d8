// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.acl;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordsTest {
    private static final String PASSWD4 = "34344e4d60c2b6d639b7bd22e18f2b0b91bc34bf0ac5f9952744435093cfb4e6";

    @Test
    void passwordsAreStoredAsLowerCaseHexSha256() {
        // the hash Redis's own acl.tcl uses for "passwd4"
        assertEquals(PASSWD4, Passwords.hash("passwd4".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void onlySixtyFourLowerCaseHexCharactersAreAHash() {
        assertTrue(Passwords.isValidHash(PASSWD4.getBytes(StandardCharsets.US_ASCII)));
        assertFalse(Passwords.isValidHash(PASSWD4.substring(1).getBytes(StandardCharsets.US_ASCII)));
        assertFalse(Passwords.isValidHash(PASSWD4.toUpperCase().getBytes(StandardCharsets.US_ASCII)));
        assertFalse(Passwords.isValidHash((PASSWD4.substring(1) + "g").getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void everyStoredHashIsComparedAsFixedLengthDigestsWhateverThePasswordLength() {
        List<String> hashes = List.of(Passwords.hash(bytes("a")), PASSWD4, Passwords.hash(bytes("zzz")));
        for (String attempt : List.of("", "p", "passwd4", "x".repeat(10_000))) {
            List<int[]> compared = new ArrayList<>();
            boolean ok = Passwords.matches(bytes(attempt), hashes, (a, b) -> {
                compared.add(new int[]{a.length, b.length});
                return java.security.MessageDigest.isEqual(a, b);
            });
            assertEquals(attempt.equals("passwd4"), ok);
            // no early exit on a match or a mismatch, and never the cleartext: three 64-byte digest pairs
            assertEquals(3, compared.size());
            for (int[] lengths : compared) {
                assertEquals(64, lengths[0]);
                assertEquals(64, lengths[1]);
            }
        }
    }

    @Test
    void theDefaultComparisonAcceptsOnlyTheRightPassword() {
        assertTrue(Passwords.matches(bytes("passwd4"), List.of(PASSWD4)));
        assertFalse(Passwords.matches(bytes("passwd5"), List.of(PASSWD4)));
        assertFalse(Passwords.matches(bytes("passwd4"), List.of()));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
