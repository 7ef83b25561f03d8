// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import picocli.CommandLine.Command;

/** {@code cinnabar rdb}: offline tools for RDB files. */
@Command(name = "rdb", header = "Offline tools for RDB files.", mixinStandardHelpOptions = true,
        subcommands = {RdbCheckCommand.class, RdbInspectCommand.class, RdbConvertCommand.class,
                RdbDiffCommand.class, RdbSalvageCommand.class, RdbRestoreCommand.class, RdbImportCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 corrupt file, 2 usage or I/O error, 3 done with problems (see each command: "
                + "differences found, records lost, error replies)."})
public final class RdbCommand {
}
