// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.server;

import io.netty.channel.Channel;
import io.netty.channel.nio.AbstractNioChannel;
import io.netty.channel.unix.UnixChannel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Reads a channel's input now, from the engine thread while it is inside a long command (a busy script):
 * the event loop that would report the socket readable is that same thread, so the engine makes the call
 * the loop would make. On a connection, what is read goes through the pipeline as a normal read would, so
 * the connection handler decodes and dispatches it; on a listening channel, waiting connections are
 * accepted and register on the engine's loop at once (this is that loop's thread), becoming clients the
 * busy loop serves like the others. Epoll's handler drains the socket (edge-triggered), so the loop's later
 * readiness event finds nothing.
 */
public final class BusyReads {
    private static final System.Logger LOG = System.getLogger("cinnabar.server");
    /** Epoll's read-readiness handler, package-private in Netty; null where it cannot be reached. */
    private static final Method EPOLL_IN_READY = epollInReady();

    private BusyReads() {
    }

    private static Method epollInReady() {
        try {
            Class<?> unsafe = Class.forName("io.netty.channel.epoll.AbstractEpollChannel$AbstractEpollUnsafe");
            Method m = unsafe.getDeclaredMethod("epollInReady");
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "epoll channels cannot be served while a script is busy", e);
            return null;
        }
    }

    /** Delivers whatever {@code channel} has received (a listener: accepts what is waiting). */
    public static void readNow(Channel channel) {
        if (!channel.isActive()) {
            return;
        }
        if (channel instanceof AbstractNioChannel nio) {
            // the same call the NIO loop makes when the selector reports the channel readable
            ((AbstractNioChannel.NioUnsafe) nio.unsafe()).read();
        } else if (EPOLL_IN_READY != null && channel instanceof UnixChannel) {
            try {
                EPOLL_IN_READY.invoke(channel.unsafe());
            } catch (IllegalAccessException | InvocationTargetException e) {
                LOG.log(System.Logger.Level.DEBUG, "read while busy failed", e);
            }
        }
    }
}
