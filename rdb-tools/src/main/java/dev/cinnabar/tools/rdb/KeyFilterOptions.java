// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import picocli.CommandLine.Option;

/**
 * The {@code --db}, {@code --key} and {@code --key-regex} options of the tools that select keys, mixed into
 * each command with {@code @Mixin} so the names, labels and help text stay the same everywhere. A command
 * whose filter means something else words the help in its resource bundle (keys {@code db}, {@code key},
 * {@code key-regex}), as {@code aof replay} does.
 */
public final class KeyFilterOptions {
    @Option(names = "--db", paramLabel = "N", description = "Only this database.")
    public Long db;

    @Option(names = "--key", paramLabel = "GLOB", description = "Only keys matching this glob (KEYS syntax).")
    public String keyGlob;

    @Option(names = "--key-regex", paramLabel = "REGEX", description = "Only keys in which this Java regex is found.")
    public String keyRegex;

    /** The filter the options describe; an {@link IllegalArgumentException} says which option is wrong. */
    public KeyFilter filter() {
        return KeyFilter.of(db, keyGlob, keyRegex);
    }

    /**
     * Whether an {@code --expired} value (whose default and help differ per command) means exclude.
     *
     * @throws IllegalArgumentException when it is neither include nor exclude
     */
    public static boolean excludeExpired(String expired) {
        if (!expired.equals("include") && !expired.equals("exclude")) {
            throw new IllegalArgumentException("--expired must be include or exclude");
        }
        return expired.equals("exclude");
    }
}
