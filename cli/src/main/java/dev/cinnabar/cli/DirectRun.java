// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli;

import dev.cinnabar.tools.aof.AofCheckCommand;
import dev.cinnabar.tools.rdb.RdbCheckCommand;

import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The two checks scripts run most and compare with redis-check-rdb / redis-check-aof, {@code cinnabar rdb
 * check FILE} and {@code cinnabar aof check PATH}, run without picocli when they have no option: picocli's
 * model of a command is built by reflection over its annotations, in classes too old for the JVM's
 * start-up cache, and costs such a run more CPU than checking a million keys. Any other argument list (an
 * option, {@code --help}, an {@code @argfile}, a second operand) goes through picocli, which owns the usage
 * and error messages; what runs here prints the same report and returns the same exit code.
 */
final class DirectRun {
    private DirectRun() {
    }

    /** The exit code of {@code args} run directly, or null when they are not a plain check. */
    static Integer run(String[] args, PrintWriter out, PrintWriter err) {
        if (args.length != 3 || !args[1].equals("check") || !plainOperand(args[2])) {
            return null;
        }
        boolean rdb = args[0].equals("rdb");
        if (!rdb && !args[0].equals("aof")) {
            return null;
        }
        Path path;
        try {
            path = Path.of(args[2]);
        } catch (InvalidPathException e) {
            return null; // picocli says why
        }
        try {
            return rdb ? RdbCheckCommand.run(path, out, err) : AofCheckCommand.run(path, out, err);
        } catch (RuntimeException e) {
            return Cli.executionFailure(e, err);
        }
    }

    /** Not an option, nor an {@code @file} that picocli would expand into arguments. */
    private static boolean plainOperand(String arg) {
        return !arg.isEmpty() && arg.charAt(0) != '-' && arg.charAt(0) != '@';
    }
}
