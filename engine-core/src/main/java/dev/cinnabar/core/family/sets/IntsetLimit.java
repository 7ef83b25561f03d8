// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.sets;

/** The {@code set-max-intset-entries} setting, read by every command that creates or grows a set. */
final class IntsetLimit {
    /** Redis's default {@code set-max-intset-entries}. */
    static final long DEFAULT = 512;

    /** The most members an intset holds before it becomes a hashtable. */
    long maxEntries = DEFAULT;
}
