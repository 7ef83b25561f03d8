// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.hashes;

/**
 * When a hash leaves the compact encoding: the current {@code hash-max-listpack-entries} and
 * {@code hash-max-listpack-value}, parsed once when CONFIG SET changes them. One per engine.
 */
public final class HashLimits {
    private long maxEntries = 512;
    private long maxValue = 64;

    /** More fields than this convert a hash to a hashtable. */
    public long maxEntries() {
        return maxEntries;
    }

    /** A field or value longer than this (bytes) converts a hash to a hashtable. */
    public long maxValue() {
        return maxValue;
    }

    void maxEntries(String value) {
        maxEntries = Long.parseLong(value);
    }

    void maxValue(String value) {
        maxValue = Long.parseLong(value);
    }
}
