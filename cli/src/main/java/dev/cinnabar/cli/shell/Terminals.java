// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/** Whether stdin and stdout are terminals ({@code isatty}), through JLine's native or exec provider. */
public final class Terminals {
    private Terminals() {
    }

    public static boolean isTerminal(SystemStream stream) {
        for (String name : new String[] {"jni", "exec"}) {
            try {
                return TerminalProvider.load(name).isSystemStream(stream);
            } catch (Throwable e) {
                // try the next provider
            }
        }
        return System.console() != null;
    }
}
