// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@code --json} option of the tools that print a report, with the streams of the command it is mixed
 * into: every report goes to stdout as text or as one JSON object, and is flushed before the exit code.
 */
public final class ReportOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--json", description = "Print the report as one JSON object on stdout.")
    public boolean json;

    /** The streams of a command run without picocli (see {@link #text}); null when mixed in. */
    private PrintWriter directOut;
    private PrintWriter directErr;

    /** The default (text) report of a command run without picocli, on {@code out} and {@code err}. */
    public static ReportOptions text(PrintWriter out, PrintWriter err) {
        ReportOptions options = new ReportOptions();
        options.directOut = out;
        options.directErr = err;
        return options;
    }

    public PrintWriter out() {
        return directOut != null ? directOut : mixee.commandLine().getOut();
    }

    public PrintWriter err() {
        return directErr != null ? directErr : mixee.commandLine().getErr();
    }

    /** Prints the report as JSON ({@code json} is only built then) or as {@code text}, and flushes stdout. */
    public void print(Supplier<?> json, Consumer<PrintWriter> text) {
        PrintWriter out = out();
        if (this.json) {
            JsonReport.print(out, json.get());
        } else {
            text.accept(out);
        }
        out.flush();
    }
}
