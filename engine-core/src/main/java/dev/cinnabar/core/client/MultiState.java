// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.client;

import dev.cinnabar.core.command.Command;

import java.util.ArrayList;
import java.util.List;

/** A client's MULTI block: the queued commands and whether EXEC must abort. */
public final class MultiState {
    /** A command queued with its arguments. */
    public record Queued(Command command, byte[][] argv) {
    }

    public boolean active;
    /** A queueing error happened: EXEC replies EXECABORT. */
    public boolean aborted;
    /** A WATCHed key was modified: EXEC replies a null array. */
    public boolean watchDirty;
    public final List<Queued> queue = new ArrayList<>();

    public void reset() {
        active = false;
        aborted = false;
        queue.clear();
    }
}
