// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.server;

import dev.cinnabar.core.Engine;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
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
 * replying happen on one thread with no hand-off (Redis's model with {@code io-threads 1}).
 */
public final class RespServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("cinnabar.server");

    private final Engine engine;
    private final List<Channel> listeners = new ArrayList<>();

    public RespServer(Engine engine) {
        this.engine = Objects.requireNonNull(engine, "engine is null");
    }

    /**
     * Listens on every address of the {@code bind} parameter at {@code port}. An address prefixed with
     * '-' is optional, as in Redis: failing to bind it is not an error.
     *
     * @return the port actually bound (differs from {@code port} only when it is 0)
     */
    public int start(int port) throws InterruptedException {
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
                        ch.pipeline().addLast(new ConnectionHandler(engine));
                    }
                });
        int bound = port;
        for (String address : engine.config().get("bind").trim().split("\\s+")) {
            boolean optional = address.startsWith("-");
            String host = optional ? address.substring(1) : address;
            if (host.equals("*")) {
                host = "0.0.0.0";
            }
            try {
                Channel ch = bootstrap.bind(new InetSocketAddress(host, bound)).sync().channel();
                bound = ((InetSocketAddress) ch.localAddress()).getPort();
                listeners.add(ch);
                engine.addListener(ch);
            } catch (Exception e) {
                if (!optional) {
                    close();
                    throw new IllegalStateException("Could not bind " + host + ":" + bound + ": " + e.getMessage(), e);
                }
                LOG.log(System.Logger.Level.DEBUG, "optional bind {0} skipped: {1}", host, e.getMessage());
            }
        }
        if (listeners.isEmpty()) {
            throw new IllegalStateException("no address to listen on");
        }
        return bound;
    }

    @Override
    public void close() {
        for (Channel ch : listeners) {
            ch.close().syncUninterruptibly();
        }
        listeners.clear();
    }
}
