// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.server;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.server.tls.TlsContext;
import dev.cinnabar.core.server.tls.TlsSetupException;
import dev.cinnabar.spi.RedisError;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The RESP server: Netty channels registered on the engine's own event loop, so reading, executing and
 * replying happen on one thread with no hand-off (Redis's model with {@code io-threads 1}). A plain port
 * and a TLS port may be open side by side; CONFIG SET of {@code port} or {@code tls-port} moves or closes
 * either at runtime, as Redis's {@code changeListenPort}.
 */
public final class RespServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("cinnabar.server");
    private static final String LISTEN_FAILED = "Unable to listen on this port. Check server logs.";
    private static final String BIND_FAILED = "Failed to bind to specified addresses.";

    private final Engine engine;
    private final List<Channel> plain = new ArrayList<>();
    private final List<Channel> tls = new ArrayList<>();
    private int plainPort;
    private int tlsPort;
    /** The {@code bind} value the listeners were opened with. */
    private String boundAddresses;

    public RespServer(Engine engine) {
        this.engine = Objects.requireNonNull(engine, "engine is null");
    }

    /**
     * Listens for plain connections on every address of the {@code bind} parameter at {@code port}; 0 picks
     * a free port (embedded and test use). An address prefixed with '-' is optional, as in Redis: failing
     * to bind it is not an error.
     *
     * @return the port actually bound (differs from {@code port} only when it is 0)
     */
    public int start(int port) throws InterruptedException {
        plainPort = listen(port, false, plain);
        recordPicked("port", port, plainPort);
        attach();
        return plainPort;
    }

    /**
     * A port picked by the system becomes the parameter's value, so CONFIG GET tells where the server listens
     * and a later CONFIG SET (or its rollback) compares against the port really open.
     */
    private void recordPicked(String param, int requested, int bound) {
        if (requested != 0) {
            return;
        }
        Runnable set = () -> engine.config().set(param, Integer.toString(bound), true);
        if (engine.loop().inEventLoop()) {
            set.run();
        } else {
            engine.loop().submit(set).syncUninterruptibly();
        }
    }

    /**
     * Listens for TLS connections at {@code port} (0 picks a free one), building the TLS context from the
     * {@code tls-*} parameters first.
     *
     * @return the port actually bound
     * @throws TlsSetupException what Redis would log before "Failed to configure TLS"
     */
    public int startTls(int port) throws TlsSetupException {
        engine.tls().configure();
        tlsPort = listen(port, true, tls);
        recordPicked("tls-port", port, tlsPort);
        attach();
        engine.tls().tlsOpen(true);
        return tlsPort;
    }

    /**
     * Listens as redis-server does: {@code port} and {@code tls-port} from the config, 0 meaning "not this
     * one", and at least one of them.
     *
     * @throws TlsSetupException when TLS is asked for and its context cannot be built
     */
    public void startConfigured() throws TlsSetupException, InterruptedException {
        int port = Integer.parseInt(engine.config().get("port"));
        int tlsConfigured = Integer.parseInt(engine.config().get("tls-port"));
        if ((port == 0 && tlsConfigured == 0) || engine.config().get("bind").isBlank()) {
            throw new IllegalStateException("Configured to not listen anywhere, exiting.");
        }
        if (tlsConfigured != 0) {
            // before any port opens, as Redis configures TLS before it listens
            engine.tls().configure();
        }
        if (port != 0) {
            start(port);
        }
        if (tlsConfigured != 0) {
            startTls(tlsConfigured);
        }
    }

    /** The plain port bound, 0 if none. */
    public int port() {
        return plainPort;
    }

    /** The TLS port bound, 0 if none. */
    public int tlsPort() {
        return tlsPort;
    }

    /**
     * CONFIG SET of {@code port} or {@code tls-port}: listens on the new port before closing the old one, so a
     * port that cannot be bound leaves things as they were. Engine thread.
     *
     * @throws RedisError CONFIG SET's reason
     */
    public void portChanged(boolean secure, int port) {
        if (port == (secure ? tlsPort : plainPort)) {
            return;
        }
        if (secure && port != 0) {
            engine.tls().forNewPort();
        }
        List<Channel> old = secure ? tls : plain;
        List<Channel> opened = new ArrayList<>();
        if (port != 0) {
            try {
                listen(port, secure, opened);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not create server TCP listening socket on port {0}: {1}",
                        port, e.getMessage());
                throw RedisError.err(LISTEN_FAILED);
            }
        }
        for (Channel ch : old) {
            ch.close();
        }
        old.clear();
        old.addAll(opened);
        if (secure) {
            tlsPort = port;
            engine.tls().tlsOpen(port != 0);
        } else {
            plainPort = port;
        }
    }

    /**
     * CONFIG SET of {@code bind}: reopens every open port on the new addresses, as Redis's
     * {@code changeBindAddr}; if one cannot be bound, the old addresses are bound again. Engine thread.
     *
     * @throws RedisError CONFIG SET's reason
     */
    public void bindChanged(String addresses) {
        if (addresses.equals(boundAddresses) || (plainPort == 0 && tlsPort == 0)) {
            boundAddresses = addresses;
            return;
        }
        closeAll(false);
        List<Channel> newPlain = new ArrayList<>();
        List<Channel> newTls = new ArrayList<>();
        try {
            if (plainPort != 0) {
                listen(addresses, plainPort, false, newPlain);
            }
            if (tlsPort != 0) {
                listen(addresses, tlsPort, true, newTls);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Failed to bind {0}: {1}", addresses, e.getMessage());
            newPlain.forEach(Channel::close);
            newTls.forEach(Channel::close);
            if (plainPort != 0) {
                listen(boundAddresses, plainPort, false, plain);
            }
            if (tlsPort != 0) {
                listen(boundAddresses, tlsPort, true, tls);
            }
            throw RedisError.err(BIND_FAILED);
        }
        plain.addAll(newPlain);
        tls.addAll(newTls);
        boundAddresses = addresses;
    }

    private void closeAll(boolean wait) {
        for (List<Channel> list : List.of(plain, tls)) {
            for (Channel ch : list) {
                if (wait) {
                    ch.close().syncUninterruptibly();
                } else {
                    ch.close();
                }
            }
            list.clear();
        }
    }

    private void attach() {
        engine.attachServer(this);
        engine.tls().serving(true);
    }

    /**
     * Binds every address of {@code bind} at {@code port}, adding the channels to {@code into}. Works from the
     * engine thread too: registering and binding run inline there, so their futures are already complete
     * when waited on (the bootstrap's own bind would queue the bind behind the caller and deadlock).
     *
     * @return the port bound
     */
    private int listen(int port, boolean secure, List<Channel> into) {
        String addresses = engine.config().get("bind");
        int bound = listen(addresses, port, secure, into);
        boundAddresses = addresses;
        return bound;
    }

    private int listen(String addresses, int port, boolean secure, List<Channel> into) {
        if (addresses.isBlank()) {
            return port; // bind "": no TCP listener, as Redis with an empty bind list
        }
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(engine.group(), engine.group())
                .channel(Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 511)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (secure) {
                            TlsContext ctx = engine.tls().current();
                            ch.pipeline().addLast(ctx.newHandler(ch.alloc(), engine.config().get("tls-auth-clients")));
                        }
                        ch.pipeline().addLast(new ConnectionHandler(engine, secure));
                    }
                });
        int bound = port;
        List<Channel> added = new ArrayList<>();
        for (String address : addresses.trim().split("\\s+")) {
            boolean optional = address.startsWith("-");
            String host = optional ? address.substring(1) : address;
            if (host.equals("*")) {
                host = "0.0.0.0";
            } else if (host.equals("::*")) {
                host = "::";
            }
            try {
                ChannelFuture registered = bootstrap.register().syncUninterruptibly();
                Channel ch = registered.channel();
                ChannelFuture bind = ch.bind(new InetSocketAddress(host, bound)).awaitUninterruptibly();
                if (!bind.isSuccess()) {
                    ch.close();
                    throw new IllegalStateException(String.valueOf(bind.cause().getMessage()), bind.cause());
                }
                bound = ((InetSocketAddress) ch.localAddress()).getPort();
                added.add(ch);
                engine.addListener(ch);
            } catch (Exception e) {
                if (!optional) {
                    added.forEach(Channel::close);
                    throw new IllegalStateException("Could not bind " + host + ":" + bound + ": " + e.getMessage(), e);
                }
                LOG.log(System.Logger.Level.DEBUG, "optional bind {0} skipped: {1}", host, e.getMessage());
            }
        }
        if (added.isEmpty()) {
            throw new IllegalStateException("no address to listen on");
        }
        into.addAll(added);
        return bound;
    }

    @Override
    public void close() {
        engine.tls().serving(false);
        engine.tls().tlsOpen(false);
        closeAll(true);
    }
}
