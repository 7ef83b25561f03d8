// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core;

import dev.cinnabar.core.client.Client;
import dev.cinnabar.core.command.Command;

/**
 * Sees every executed command after it ran (SLOWLOG, MONITOR, LATENCY). {@code argv} shows redacted
 * arguments (passwords) as {@code (redacted)}.
 */
@FunctionalInterface
public interface CallObserver {
    void called(Client client, Command command, byte[][] argv, long micros);
}
