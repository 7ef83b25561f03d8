// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

import java.util.List;

/** One command the engine asks {@link AccessControl} about before its handler runs. */
public interface AccessRequest {
    /** The client that sent the command (for a script's call, the client running the script). */
    ClientView client();

    /** The command or subcommand, resolved as the dispatcher resolved it. */
    CommandSpec spec();

    /** The command line; index 0 is the command name. */
    Arguments args();

    AccessContext context();

    /** The keys of the command line, found as COMMAND GETKEYSANDFLAGS finds them. */
    List<KeyAccess> keys();

    /** The client as a CLIENT LIST line (ACL LOG's {@code client-info}). */
    String clientInfo();
}
