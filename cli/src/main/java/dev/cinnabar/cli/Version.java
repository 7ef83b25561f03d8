// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli;

import picocli.CommandLine;

/** The version line: ours and the Redis version we are compatible with. */
public final class Version implements CommandLine.IVersionProvider {
    public static final String CINNABAR = "0.1.0";
    public static final String REDIS_COMPAT = "7.0.15";

    @Override
    public String[] getVersion() {
        return new String[]{"Cinnabar " + CINNABAR + " (Redis " + REDIS_COMPAT + " compatible), Java "
                + Runtime.version()};
    }
}
