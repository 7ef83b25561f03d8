// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.acl;

import java.util.Arrays;
import java.util.Objects;

/** A key pattern of a selector and whether it grants reads, writes or both ({@code %R~}, {@code %W~}, {@code ~}). */
final class KeyPattern {
    final byte[] pattern;
    boolean read;
    boolean write;

    KeyPattern(byte[] pattern, boolean read, boolean write) {
        this.pattern = Objects.requireNonNull(pattern, "pattern is null");
        this.read = read;
        this.write = write;
    }

    KeyPattern copy() {
        return new KeyPattern(pattern, read, write);
    }

    boolean samePattern(byte[] other) {
        return Arrays.equals(pattern, other);
    }

    /** As ACL LIST and GETUSER print it: {@code ~p}, {@code %R~p} or {@code %W~p}. */
    String describe() {
        String prefix = read && write ? "~" : read ? "%R~" : "%W~";
        return prefix + Users.text(pattern);
    }
}
