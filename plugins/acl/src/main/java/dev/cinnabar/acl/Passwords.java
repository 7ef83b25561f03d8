// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.acl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiPredicate;

/** Passwords as Redis keeps them: the lower-case hex of their SHA-256, compared in constant time. */
final class Passwords {
    /** Characters of a hex SHA-256 (Redis's {@code HASH_PASSWORD_LEN}). */
    static final int HASH_LENGTH = 64;

    private Passwords() {
    }

    static String hash(byte[] cleartext) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cleartext));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** True if {@code hash} is 64 characters of {@code [0-9a-f]} (Redis's {@code ACLCheckPasswordHash}). */
    static boolean isValidHash(byte[] hash) {
        if (hash.length != HASH_LENGTH) {
            return false;
        }
        for (byte c : hash) {
            if ((c < 'a' || c > 'f') && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /**
     * True if {@code password} hashes to one of {@code hashes}. Each comparison is {@link MessageDigest#isEqual}
     * on equal-length digests, and every stored hash is compared, so the time taken says nothing about how
     * much of a hash matched nor which one did.
     */
    static boolean matches(byte[] password, List<String> hashes) {
        return matches(password, hashes, MessageDigest::isEqual);
    }

    /** {@link #matches(byte[], List)} with the comparison given, so a test can watch what is compared. */
    static boolean matches(byte[] password, List<String> hashes, BiPredicate<byte[], byte[]> constantTimeEquals) {
        byte[] candidate = hash(password).getBytes(StandardCharsets.US_ASCII);
        boolean found = false;
        for (String stored : hashes) {
            found |= constantTimeEquals.test(candidate, stored.getBytes(StandardCharsets.US_ASCII));
        }
        return found;
    }
}
