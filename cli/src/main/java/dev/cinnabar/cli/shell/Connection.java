// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import dev.cinnabar.core.resp.RespValue;

import java.io.IOException;
import java.util.List;

/** Where the shell sends commands: an embedded engine or a RESP server. Everything above it is shared. */
public interface Connection extends AutoCloseable {
    /** Runs one command and returns its reply. */
    RespValue execute(List<byte[]> args) throws IOException;

    /** The prompt's name for this connection: {@code 127.0.0.1:6379} or {@code cinnabar}. */
    String name();

    /** False when a remote connection is down (the prompt then says {@code not connected}). */
    default boolean connected() {
        return true;
    }

    /** True once the other side has shut down (SHUTDOWN): the shell then ends. */
    default boolean shutDown() {
        return false;
    }

    @Override
    void close();
}
