// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * One-line summaries of commands, our own words, for COMMAND DOCS and HELP. Kept in
 * {@code summaries.properties}; a command without one gets an empty summary.
 */
final class Summaries {
    private static final Properties SUMMARIES = load();

    private Summaries() {
    }

    static String of(String name) {
        return SUMMARIES.getProperty(name, "");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Summaries.class.getResourceAsStream("/dev/cinnabar/core/summaries.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
