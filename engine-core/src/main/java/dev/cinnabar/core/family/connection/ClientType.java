// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.connection;

import dev.cinnabar.core.client.Client;
import dev.cinnabar.spi.RedisError;

import java.util.Locale;

/** The client classes CLIENT LIST TYPE and CLIENT KILL TYPE filter on (Redis's {@code getClientType}). */
enum ClientType {
    NORMAL, REPLICA, PUBSUB, MASTER;

    /** Parses a type name as Redis's {@code getClientTypeByName}: "slave" is a replica too. */
    static ClientType parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "normal" -> NORMAL;
            case "slave", "replica" -> REPLICA;
            case "pubsub" -> PUBSUB;
            case "master" -> MASTER;
            default -> throw RedisError.err("Unknown client type '" + name + "'");
        };
    }

    /** A client's type: there are no replication links, and MONITOR clients count as normal, as in Redis. */
    static ClientType of(Client c) {
        return c.subscriptions.any() ? PUBSUB : NORMAL;
    }
}
