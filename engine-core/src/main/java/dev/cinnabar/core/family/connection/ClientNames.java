// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.connection;

import dev.cinnabar.core.client.Client;
import dev.cinnabar.spi.RedisError;

import java.nio.charset.StandardCharsets;

/** Client names as CLIENT SETNAME and HELLO SETNAME accept them (Redis's {@code validateClientName}). */
final class ClientNames {
    static final RedisError INVALID =
            RedisError.err("Client names cannot contain spaces, newlines or special characters.");

    private ClientNames() {
    }

    /**
     * Sets the name, or clears it for an empty one. Only '!' to '~' are allowed, so that CLIENT LIST lines
     * split on spaces.
     */
    static void set(Client c, byte[] name) {
        for (byte b : name) {
            if (b < '!' || b > '~') {
                throw INVALID;
            }
        }
        c.name = name.length == 0 ? null : new String(name, StandardCharsets.US_ASCII);
    }
}
