// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core;

import dev.cinnabar.core.client.Client;
import dev.cinnabar.core.command.Command;
import dev.cinnabar.core.family.connection.ClientInfo;
import dev.cinnabar.core.family.server.KeyFinder;
import dev.cinnabar.spi.AccessContext;
import dev.cinnabar.spi.AccessRequest;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.ClientView;
import dev.cinnabar.spi.CommandSpec;
import dev.cinnabar.spi.KeyAccess;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A command put to the access control; keys and client info are worked out only when asked for. */
public final class EngineAccessRequest implements AccessRequest {
    private final Engine engine;
    private final Client client;
    private final Command command;
    private final byte[][] argv;
    private final AccessContext context;
    private List<KeyAccess> keys;

    public EngineAccessRequest(Engine engine, Client client, Command command, byte[][] argv, AccessContext context) {
        this.engine = Objects.requireNonNull(engine, "engine is null");
        this.client = Objects.requireNonNull(client, "client is null");
        this.command = Objects.requireNonNull(command, "command is null");
        this.argv = Objects.requireNonNull(argv, "argv is null");
        this.context = Objects.requireNonNull(context, "context is null");
    }

    @Override
    public ClientView client() {
        return client;
    }

    @Override
    public CommandSpec spec() {
        return command.spec();
    }

    @Override
    public Arguments args() {
        return new ArgumentsView(argv);
    }

    @Override
    public AccessContext context() {
        return context;
    }

    @Override
    public List<KeyAccess> keys() {
        if (keys == null) {
            keys = keysOf(command, argv);
        }
        return keys;
    }

    @Override
    public String clientInfo() {
        return ClientInfo.line(client, client, argv, engine.now());
    }

    /** The keys of {@code argv} with the intent Redis's ACL check reads from their key-spec flags. */
    static List<KeyAccess> keysOf(Command command, byte[][] argv) {
        if (!KeyFinder.hasKeys(command)) {
            return List.of();
        }
        List<KeyAccess> out = new ArrayList<>();
        for (KeyFinder.Key k : KeyFinder.find(command, argv)) {
            List<String> flags = k.flags();
            boolean write = flags.contains("INSERT") || flags.contains("DELETE") || flags.contains("UPDATE");
            out.add(new KeyAccess(k.pos(), flags.contains("ACCESS"), write));
        }
        return out;
    }
}
