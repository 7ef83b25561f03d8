// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.server;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.client.Client;
import dev.cinnabar.core.resp.RespDecoder;
import dev.cinnabar.core.resp.RespProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

import java.nio.charset.StandardCharsets;

/**
 * One connection: accumulates what the socket brought, decodes every complete command in it and runs each
 * at once on the engine thread (this handler runs there), then flushes all replies once per read burst.
 * On a TLS port it sits behind the SslHandler and sees plaintext; the connection counts as accepted, and
 * protected mode is checked, once the handshake is done, as in Redis's {@code clientAcceptHandler}.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter implements RespDecoder.Limits {
    private static final System.Logger LOG = System.getLogger("cinnabar.server");
    private static final byte[] MAX_CLIENTS = "-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Engine engine;
    private final boolean tls;
    private final RespDecoder decoder = new RespDecoder(this);
    private Client client;
    private ByteBuf input;

    ConnectionHandler(Engine engine, boolean tls) {
        this.engine = engine;
        this.tls = tls;
    }

    @Override
    public long maxBulkLength() {
        return engine.coreConfig().protoMaxBulkLen;
    }

    @Override
    public boolean authenticated() {
        return client.authenticated;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (engine.clients().size() >= engine.coreConfig().maxClients) {
            engine.stats().rejectedConnections++;
            ctx.writeAndFlush(Unpooled.wrappedBuffer(MAX_CLIENTS)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (!tls && refused(ctx)) {
            return;
        }
        client = new Client(engine.newClientId(), ctx.channel(), System.currentTimeMillis());
        client.authenticated = !engine.accessControl().authRequired();
        engine.clients().add(client);
        if (!tls) {
            engine.stats().connectionsReceived++;
        }
    }

    /** Protected mode: a remote peer while the default user has no password gets Redis's DENIED and is closed. */
    private boolean refused(ChannelHandlerContext ctx) {
        boolean refuse = ProtectedMode.refuses(engine.config().getBool("protected-mode"),
                engine.accessControl().authRequired(), ctx.channel().remoteAddress());
        if (refuse) {
            engine.stats().rejectedConnections++;
            if (client != null) {
                client.closed = true;
            }
            ctx.writeAndFlush(Unpooled.wrappedBuffer(ProtectedMode.DENIED)).addListener(ChannelFutureListener.CLOSE);
        }
        return refuse;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf data = (ByteBuf) msg;
        if (client == null || client.closed) {
            data.release();
            return;
        }
        engine.stats().netInputBytes += data.readableBytes();
        input = input == null ? data : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), input, data);
        if (input.readableBytes() > engine.coreConfig().queryBufferLimit) {
            LOG.log(System.Logger.Level.WARNING, "Closing client that reached max query buffer length: id={0}",
                    client.id());
            close(ctx);
            return;
        }
        processInput();
    }

    /** Runs every complete command in the input, stopping while the client is blocked or paused. */
    private void processInput() {
        while (input != null && input.isReadable()) {
            if (client.waiting() || client.closeAfterReply) {
                client.pendingInput = client.waiting();
                break;
            }
            byte[][] argv;
            try {
                argv = decoder.decode(input);
            } catch (RespProtocolException e) {
                engine.stats().error(e.line());
                client.reply().error(e.line());
                client.closeAfterReply = true;
                input.skipBytes(input.readableBytes());
                break;
            }
            if (argv == null) {
                break;
            }
            engine.dispatcher().process(client, argv);
        }
        if (input != null && !input.isReadable()) {
            input.release();
            input = null;
        }
        engine.wake(client);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        engine.afterBatch();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == Engine.ResumeInput.INSTANCE) {
            processInput();
            engine.afterBatch();
        } else if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess() && client != null && !refused(ctx)) {
                engine.stats().connectionsReceived++;
            } else if (!done.isSuccess()) {
                LOG.log(System.Logger.Level.INFO, "Error accepting a client connection: {0}",
                        String.valueOf(done.cause().getMessage()));
            }
            ctx.fireUserEventTriggered(evt);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (input != null) {
            input.release();
            input = null;
        }
        if (client != null) {
            client.closed = true;
            engine.disconnected(client);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, "connection error", cause);
        close(ctx);
    }

    private void close(ChannelHandlerContext ctx) {
        if (client != null) {
            client.closed = true;
        }
        ctx.close();
    }
}
