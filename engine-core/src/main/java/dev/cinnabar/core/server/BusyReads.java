// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.nio.AbstractNioChannel;
import io.netty.channel.unix.UnixChannel;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads a connection's input now, from the engine thread while it is inside a long command (a busy script):
 * the event loop that would report the socket readable is that same thread, so the engine asks the socket
 * itself. What is read goes through the channel's pipeline as a normal read would, so the connection handler
 * decodes and dispatches it. Epoll channels are edge-triggered, so they are drained until the socket would
 * block; the loop's later readiness event then finds nothing and costs one empty read.
 */
public final class BusyReads {
    private static final System.Logger LOG = System.getLogger("cinnabar.server");
    private static final int CHUNK = 16 * 1024;

    /** Epoll's read-readiness handler, package-private in Netty; null where it cannot be reached. */
    private static final java.lang.reflect.Method EPOLL_IN_READY = epollInReady();

    private BusyReads() {
    }

    private static java.lang.reflect.Method epollInReady() {
        try {
            Class<?> unsafe = Class.forName("io.netty.channel.epoll.AbstractEpollChannel$AbstractEpollUnsafe");
            java.lang.reflect.Method m = unsafe.getDeclaredMethod("epollInReady");
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "epoll accepts while busy unavailable", e);
            return null;
        }
    }

    /**
     * Accepts the connections waiting on a listening channel, as the event loop would when told the socket
     * is readable. The new channels register on the engine's loop at once, since this is that loop's thread,
     * and become clients that the busy loop serves like the others.
     */
    public static void acceptNow(Channel listener) {
        if (!listener.isActive()) {
            return;
        }
        if (listener instanceof AbstractNioChannel nio) {
            ((AbstractNioChannel.NioUnsafe) nio.unsafe()).read();
        } else if (EPOLL_IN_READY != null && listener instanceof UnixChannel) {
            try {
                EPOLL_IN_READY.invoke(listener.unsafe());
            } catch (ReflectiveOperationException e) {
                LOG.log(System.Logger.Level.DEBUG, "accept while busy failed", e);
            }
        }
    }

    /** Delivers whatever {@code channel} has received; closes it on end of stream or a read error. */
    public static void readNow(Channel channel) {
        if (!channel.isActive()) {
            return;
        }
        if (channel instanceof AbstractNioChannel nio) {
            // the same call the NIO loop makes when the selector reports the socket readable
            ((AbstractNioChannel.NioUnsafe) nio.unsafe()).read();
        } else if (channel instanceof UnixChannel) {
            drain(channel);
        }
    }

    private static void drain(Channel channel) {
        boolean readAny = false;
        try {
            while (true) {
                ByteBuf buf = channel.alloc().ioBuffer(CHUNK);
                ByteBuffer target = buf.nioBuffer(buf.writerIndex(), buf.writableBytes());
                int n;
                try {
                    n = ((UnixChannel) channel).fd().read(target, target.position(), target.limit());
                } catch (IOException | RuntimeException e) {
                    buf.release();
                    throw e;
                }
                if (n <= 0) {
                    buf.release();
                    if (n < 0) {
                        channel.close();
                    }
                    break;
                }
                buf.writerIndex(buf.writerIndex() + n);
                readAny = true;
                channel.pipeline().fireChannelRead(buf);
                if (!channel.isActive()) {
                    break;
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "read while busy failed", e);
            channel.close();
        }
        if (readAny) {
            channel.pipeline().fireChannelReadComplete();
        }
    }
}
