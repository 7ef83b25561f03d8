// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.client;

import dev.cinnabar.core.command.Command;
import dev.cinnabar.core.resp.RespWriter;
import dev.cinnabar.spi.ClientView;
import dev.cinnabar.spi.ReplyWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.unix.UnixChannel;

import java.util.ArrayList;
import java.util.List;

/** One connection's state. Owned by the engine thread. */
public final class Client implements ClientView {
    /** CLIENT REPLY modes; SKIP is the mode while the one command after CLIENT REPLY SKIP runs. */
    public enum ReplyMode { ON, OFF, SKIP }

    private final long id;
    private final Channel channel;
    private final RespWriter writer;
    private ReplyWriter replyTarget;
    private ByteBuf out;

    /** Peer address as Redis prints it ({@code 127.0.0.1:50000}, {@code [::1]:50000}); {@code ?:0} without a socket. */
    public final String addr;
    /** Local address the client connected to, in the same form. */
    public final String laddr;
    /** The socket's file descriptor where the transport exposes one (epoll), else -1. */
    public final int fd;
    public final long createdAt;
    public long lastInteraction;
    public String name;
    public int db;
    public int protocol = 2;
    public boolean authenticated;
    public String user = "default";
    public ReplyMode replyMode = ReplyMode.ON;
    public boolean skipNextReply;
    public boolean noEvict;
    public boolean noTouch;
    public boolean closeAfterReply;
    public boolean closed;
    public boolean monitor;
    public boolean scripting;
    public Command lastCommand;
    public Command currentCommand;
    public String libName;
    public String libVersion;

    /** MULTI state. */
    public final MultiState multi = new MultiState();
    /** Keys this client WATCHes, as (db, key) pairs. */
    public final List<WatchedKey> watched = new ArrayList<>();
    /** Pub/sub subscriptions. */
    public final Subscriptions subscriptions = new Subscriptions();
    /** Non-null while blocked on keys. */
    public BlockedState blocked;
    /** A command CLIENT PAUSE holds back, run again when the pause ends; null when none. */
    public byte[][] postponed;
    /** Set when a paused or blocked client has unprocessed input to go back to. */
    public boolean pendingInput;
    /** Set while the engine holds this client in its queue of output to flush. */
    public boolean flushQueued;
    /** Embedded client only: completes a caller waiting on a command that blocked. */
    public Runnable pendingReply;
    /** A client without a socket whose every reply is read as it comes (an embedded shell's MONITOR). */
    public boolean streamed;

    public Client(long id, Channel channel, long now) {
        this.id = id;
        this.channel = channel;
        this.addr = channel == null ? Addresses.NONE : Addresses.format(channel.remoteAddress());
        this.laddr = channel == null ? Addresses.NONE : Addresses.format(channel.localAddress());
        this.fd = channel instanceof UnixChannel unix ? unix.fd().intValue() : -1;
        this.createdAt = now;
        this.lastInteraction = now;
        this.writer = new RespWriter(null);
        this.replyTarget = writer;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int db() {
        return db;
    }

    @Override
    public int protocol() {
        return protocol;
    }

    @Override
    public boolean inMulti() {
        return multi.active;
    }

    @Override
    public boolean inScript() {
        return scripting;
    }

    @Override
    public String user() {
        return user;
    }

    /** True while the client waits: blocked on keys or holding a command back for CLIENT PAUSE. */
    public boolean waiting() {
        return blocked != null || postponed != null;
    }

    public Channel channel() {
        return channel;
    }

    /** The writer for the current command's reply, bound to this client's output buffer. */
    public ReplyWriter reply() {
        if (replyTarget == writer) {
            if (out == null) {
                ByteBufAllocator alloc = channel != null ? channel.alloc() : ByteBufAllocator.DEFAULT;
                out = alloc.ioBuffer(256);
                writer.target(out);
            }
            writer.protocol(protocol);
        }
        return replyTarget;
    }

    /** Sends replies to another writer instead of the socket (embedded callers, nested calls). */
    public void redirectReplies(ReplyWriter target) {
        replyTarget = target == null ? writer : target;
    }

    public ReplyWriter replyTarget() {
        return replyTarget;
    }

    /** Takes the bytes written so far, or null if none. */
    public ByteBuf takeOutput() {
        ByteBuf b = out;
        if (b == null) {
            return null;
        }
        out = null;
        writer.target(null);
        if (!b.isReadable()) {
            b.release();
            return null;
        }
        return b;
    }

    public boolean hasOutput() {
        return out != null && out.isReadable();
    }

    public int outputBytes() {
        return out == null ? 0 : out.readableBytes();
    }

    /** Discards output written since {@code mark} (CLIENT REPLY OFF / SKIP). */
    public int outputMark() {
        return out == null ? 0 : out.writerIndex();
    }

    public void truncateOutput(int mark) {
        if (out != null && out.writerIndex() > mark) {
            out.writerIndex(mark);
        }
    }
}
