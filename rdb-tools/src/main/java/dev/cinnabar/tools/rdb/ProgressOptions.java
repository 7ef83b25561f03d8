// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code --progress}/{@code --no-progress} options of the tools that read a whole input: by default a
 * progress line is drawn on stderr only when it is a terminal, so pipes and logs never receive it.
 */
public final class ProgressOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--progress", negatable = true,
            description = "Draw a progress line (bytes, percent, MB/s, ETA) on stderr. Default: only when stderr is a terminal.")
    Boolean progress;

    /** The stderr of a command run without picocli (see {@link #byDefault}); null when mixed in. */
    private PrintWriter directErr;

    /** The default (a line only when stderr is a terminal) of a command run without picocli, drawn on {@code err}. */
    public static ProgressOptions byDefault(PrintWriter err) {
        ProgressOptions options = new ProgressOptions();
        options.directErr = err;
        return options;
    }

    /** A line for {@code total} bytes ({@code <= 0}: unknown), or null when none is wanted; close it when done. */
    public Progress start(long total) {
        boolean wanted = progress != null ? progress : System.console() != null;
        if (!wanted) {
            return null;
        }
        return Progress.start(directErr != null ? directErr : mixee.commandLine().getErr(), total);
    }

    /** The total size of {@code paths} that are regular files (a live server counts nothing). */
    public static long sizeOf(Path... paths) {
        long total = 0;
        for (Path p : paths) {
            try {
                if (p != null && Files.isRegularFile(p)) {
                    total += Files.size(p);
                }
            } catch (IOException e) {
                // the command reports an unreadable input itself
            }
        }
        return total;
    }
}
