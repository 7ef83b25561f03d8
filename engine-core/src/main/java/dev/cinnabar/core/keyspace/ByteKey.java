// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.keyspace;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A binary key usable in Java collections (channels, watched keys); not used by the keyspace tables. */
public record ByteKey(byte[] bytes) implements Comparable<ByteKey> {
    public ByteKey {
        java.util.Objects.requireNonNull(bytes, "bytes is null");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(ByteKey o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
