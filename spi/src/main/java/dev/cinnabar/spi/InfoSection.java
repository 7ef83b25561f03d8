// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

import java.util.function.BiConsumer;

/** A section of INFO, e.g. {@code server}. Fields are written as {@code field:value} lines. */
public interface InfoSection {
    /** Lower-case name; INFO prints it as {@code # Name}. */
    String name();

    /** True if plain INFO (and {@code default}) includes it; false for sections like commandstats. */
    default boolean inDefault() {
        return true;
    }

    /** Writes the fields in order. */
    void write(BiConsumer<String, Object> field);
}
