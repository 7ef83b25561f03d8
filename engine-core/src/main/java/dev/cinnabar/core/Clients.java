// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core;

import dev.cinnabar.core.client.Client;
import dev.cinnabar.core.stats.Stats;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Connected clients by id, in connection order (CLIENT LIST order). Engine thread only. */
public final class Clients {
    private final Map<Long, Client> byId = new LinkedHashMap<>();

    public void add(Client c) {
        byId.put(c.id(), c);
    }

    public void remove(Client c) {
        byId.remove(c.id());
    }

    public Client get(long id) {
        return byId.get(id);
    }

    public int size() {
        return byId.size();
    }

    public Collection<Client> all() {
        return Collections.unmodifiableCollection(byId.values());
    }

    /** Writes a client's pending output to its socket; closes it afterwards if it asked to. */
    public void flush(Client c, Stats stats) {
        if (c.channel() == null || c.closed) {
            return;
        }
        ByteBuf out = c.takeOutput();
        if (out == null) {
            if (c.closeAfterReply) {
                c.closed = true;
                c.channel().close();
            }
            return;
        }
        stats.netOutputBytes += out.readableBytes();
        if (c.closeAfterReply) {
            c.closed = true;
            c.channel().writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
        } else {
            c.channel().writeAndFlush(out, c.channel().voidPromise());
        }
    }

    /** Closes connections idle for longer than {@code timeoutSeconds} (the {@code timeout} parameter). */
    void closeIdle(long now, long timeoutSeconds, Engine engine) {
        if (timeoutSeconds <= 0) {
            return;
        }
        List<Client> idle = new ArrayList<>();
        for (Client c : byId.values()) {
            if (c.channel() != null && !c.waiting() && !c.subscriptions.any()
                    && now - c.lastInteraction > timeoutSeconds * 1000) {
                idle.add(c);
            }
        }
        for (Client c : idle) {
            c.closed = true;
            c.channel().close();
        }
    }
}
