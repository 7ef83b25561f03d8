// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core;

import dev.cinnabar.core.client.Client;
import dev.cinnabar.core.keyspace.ByteKey;
import dev.cinnabar.spi.ClientView;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** A connected client as the SPI shows it to a family that manages clients (the ACL plugin). */
final class ConnectedClient implements ClientView {
    private final Engine engine;
    private final Client client;

    ConnectedClient(Engine engine, Client client) {
        this.engine = Objects.requireNonNull(engine, "engine is null");
        this.client = Objects.requireNonNull(client, "client is null");
    }

    @Override
    public long id() {
        return client.id();
    }

    @Override
    public String name() {
        return client.name();
    }

    @Override
    public int db() {
        return client.db();
    }

    @Override
    public int protocol() {
        return client.protocol();
    }

    @Override
    public boolean inMulti() {
        return client.inMulti();
    }

    @Override
    public boolean inScript() {
        return client.inScript();
    }

    @Override
    public String user() {
        return client.user();
    }

    @Override
    public List<byte[]> subscribedChannels() {
        return bytes(client.subscriptions.channels);
    }

    @Override
    public List<byte[]> subscribedPatterns() {
        return bytes(client.subscriptions.patterns);
    }

    @Override
    public List<byte[]> subscribedShardChannels() {
        return bytes(client.subscriptions.shardChannels);
    }

    @Override
    public void disconnect() {
        // as Redis, back to the unauthenticated default user first, so nothing more runs as the old one
        client.user = "default";
        client.authenticated = false;
        if (engine.dispatcher().context().currentClient() == client) {
            client.closeAfterReply = true;
        } else if (!client.closed) {
            engine.kill(client);
        }
    }

    private static List<byte[]> bytes(Collection<ByteKey> keys) {
        List<byte[]> out = new ArrayList<>(keys.size());
        for (ByteKey k : keys) {
            out.add(k.bytes());
        }
        return out;
    }
}
