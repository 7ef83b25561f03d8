// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.server.tls;

import dev.cinnabar.spi.RedisError;

import java.util.function.Function;

/**
 * The engine's current TLS context and its reloads. New connections take whatever is current when they are
 * accepted; a CONFIG SET of a {@code tls-*} parameter builds a new context while a TLS port is open and keeps
 * the old one if that fails, as Redis's {@code applyTlsCfg}. Before a server listens (config file, command
 * line, embedded use) changes are only stored: the server builds the context once it starts.
 */
public final class ServerTls {
    private static final System.Logger LOG = System.getLogger("cinnabar.server");
    static final String UPDATE_FAILED = "Unable to update TLS configuration. Check server logs.";

    private final Function<String, String> config;
    private volatile TlsContext current;
    private volatile boolean serving;
    private volatile boolean tlsOpen;

    /** @param config the current value of a parameter, by name */
    public ServerTls(Function<String, String> config) {
        this.config = config;
    }

    /** The context new TLS connections use; null until one was built. */
    public TlsContext current() {
        return current;
    }

    /** Builds the context from the parameters now and makes it current. */
    public TlsContext configure() throws TlsSetupException {
        TlsContext built = TlsContext.build(TlsSettings.from(config));
        current = built;
        return built;
    }

    /**
     * The context a TLS port opening now uses: the current one if any (Redis's {@code isTlsConfigured}),
     * else a new one.
     *
     * @throws RedisError CONFIG SET's reason when none can be built
     */
    public TlsContext forNewPort() {
        TlsContext ctx = current;
        if (ctx != null) {
            return ctx;
        }
        try {
            return configure();
        } catch (TlsSetupException e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
            throw RedisError.err(UPDATE_FAILED);
        }
    }

    /** Whether a server listens: before that, values are only stored (the config file is being read). */
    public void serving(boolean serving) {
        this.serving = serving;
    }

    /** Whether a TLS port is open; a server started on a free port leaves {@code tls-port} at 0. */
    public void tlsOpen(boolean open) {
        this.tlsOpen = open;
    }

    /**
     * A parameter the context is built from has a new value.
     *
     * @throws RedisError CONFIG SET's reason when the new context cannot be built; the old one stays
     */
    public void changed(String param) {
        // Redis reconfigures when tls-port is set, even by the same CONFIG SET (its values are all in first)
        if (!serving || (!tlsOpen && "0".equals(config.apply("tls-port")))) {
            return;
        }
        try {
            configure();
        } catch (TlsSetupException e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
            LOG.log(System.Logger.Level.WARNING, "Failed applying new configuration. Possibly related to new {0} "
                    + "setting. Restoring previous settings.", param);
            throw RedisError.err(UPDATE_FAILED);
        }
    }
}
