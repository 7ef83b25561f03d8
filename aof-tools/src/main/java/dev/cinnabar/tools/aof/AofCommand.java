// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.aof;

import picocli.CommandLine.Command;

/** {@code cinnabar aof}: offline tools for append-only files. */
@Command(name = "aof", header = "Offline tools for AOF files and directories.", mixinStandardHelpOptions = true,
        subcommands = {AofCheckCommand.class, AofInspectCommand.class, AofReplayCommand.class, AofGetCommand.class,
                AofRewriteCommand.class, AofConvertCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 corrupt or truncated, 2 usage or I/O error, 3 done with problems (see each command), 4 not found (get)."})
public final class AofCommand {
}
