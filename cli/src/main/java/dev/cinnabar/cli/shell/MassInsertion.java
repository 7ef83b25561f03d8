// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import dev.cinnabar.core.resp.RespValue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --pipe}: mass insertion, as redis-cli's pipe mode. Commands are read from stdin in the RESP protocol
 * or as inline lines, sent in pipelined batches, and each error reply is printed on stderr; the end prints
 * redis-cli's summary lines ({@code errors: 0, replies: 3}). The exit code is 1 when any reply was an error.
 */
public final class MassInsertion {
    /** Commands sent before their replies are read. */
    private static final int BATCH = 1000;

    private final Connection connection;
    private final PrintStream out;
    private final PrintStream err;
    private long errors;
    private long replies;

    public MassInsertion(Connection connection, PrintStream out, PrintStream err) {
        this.connection = connection;
        this.out = out;
        this.err = err;
    }

    /** Sends every command of {@code in} and prints the summary; returns the exit code. */
    public int run(InputStream in) throws IOException {
        BufferedInputStream input = new BufferedInputStream(in);
        List<List<byte[]>> batch = new ArrayList<>();
        for (List<byte[]> command = next(input); command != null; command = next(input)) {
            if (command.isEmpty()) {
                continue;
            }
            batch.add(command);
            if (batch.size() == BATCH) {
                flush(batch);
            }
        }
        flush(batch);
        out.println("All data transferred. Waiting for the last reply...");
        out.println("Last reply received from server.");
        out.println("errors: " + errors + ", replies: " + replies);
        out.flush();
        return errors > 0 ? 1 : 0;
    }

    private void flush(List<List<byte[]>> batch) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        for (RespValue reply : connection.executeAll(batch)) {
            replies++;
            if (reply instanceof RespValue.Error e) {
                errors++;
                err.println(e.line());
            }
        }
        batch.clear();
    }

    /** The next command: a RESP array of bulk strings, or an inline line split as the server splits it. */
    private static List<byte[]> next(BufferedInputStream in) throws IOException {
        in.mark(1);
        int first = in.read();
        if (first < 0) {
            return null;
        }
        if (first == '*') {
            in.reset();
            RespValue request = new RespReader(in).read();
            List<byte[]> args = new ArrayList<>();
            if (request instanceof RespValue.Array a) {
                for (RespValue item : a.items()) {
                    if (item instanceof RespValue.Bulk b) {
                        args.add(b.value());
                    }
                }
            }
            return args;
        }
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = first; b >= 0 && b != '\n'; b = in.read()) {
            line.write(b);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        List<byte[]> args = LineSplitter.split(text);
        return args == null ? List.of() : args;
    }
}
