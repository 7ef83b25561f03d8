// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import dev.cinnabar.core.resp.RespValue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A blocking RESP connection to any server, Cinnabar or Redis. Commands go out as multibulk. When the
 * connection is down, the next command reconnects first, as redis-cli does; {@code onConnect} then runs
 * again (AUTH, SELECT, HELLO).
 */
public final class RemoteConnection implements Connection {
    /** Connect timeout in milliseconds. */
    private static final int CONNECT_TIMEOUT_MILLIS = 5000;

    private final String host;
    private final int port;
    private volatile Socket socket;
    private RespReader reader;
    private OutputStream out;
    private ConnectHook onConnect = c -> { };
    private java.util.function.Consumer<RespValue> onPush = p -> { };

    /** What to send on every new connection, before the user's commands. */
    public interface ConnectHook {
        void connected(RemoteConnection connection) throws IOException;
    }

    public RemoteConnection(String host, int port) {
        this.host = requireNonNull(host, "host is null");
        this.port = port;
    }

    public void onConnect(ConnectHook hook) {
        this.onConnect = requireNonNull(hook, "hook is null");
    }

    /** Where RESP3 pushes that come before a reply go (client-side caching invalidations and the like). */
    public void onPush(java.util.function.Consumer<RespValue> listener) {
        this.onPush = requireNonNull(listener, "listener is null");
    }

    /** Connects now; throws with redis-cli's message when the server cannot be reached. */
    public void connect() throws IOException {
        if (socket != null) {
            return;
        }
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            s.setTcpNoDelay(true);
        } catch (IOException e) {
            s.close();
            String reason = e instanceof java.net.ConnectException ? "Connection refused" : e.getMessage();
            throw new IOException("Could not connect to Redis at " + name() + ": " + reason, e);
        }
        socket = s;
        reader = new RespReader(new BufferedInputStream(s.getInputStream()));
        out = new BufferedOutputStream(s.getOutputStream());
        try {
            onConnect.connected(this);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public RespValue execute(List<byte[]> args) throws IOException {
        connect();
        try {
            send(args);
            while (true) {
                RespValue reply = reader.read();
                if (reply instanceof RespValue.Array a && a.kind() == '>' && !answeredByPush(args)) {
                    onPush.accept(reply);
                    continue;
                }
                return reply;
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** Writes every command, then reads every reply (pushes that come between them are passed on). */
    @Override
    public List<RespValue> executeAll(List<List<byte[]>> commands) throws IOException {
        connect();
        try {
            for (List<byte[]> args : commands) {
                write(args);
            }
            out.flush();
            List<RespValue> replies = new java.util.ArrayList<>(commands.size());
            while (replies.size() < commands.size()) {
                RespValue reply = reader.read();
                if (reply instanceof RespValue.Array a && a.kind() == '>'
                        && !answeredByPush(commands.get(replies.size()))) {
                    onPush.accept(reply);
                    continue;
                }
                replies.add(reply);
            }
            return replies;
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** Cuts the connection: the command waiting on it ends, and the next command reconnects. */
    @Override
    public boolean cancel() {
        close();
        return true;
    }

    @Override
    public void reconnect() {
        try {
            connect();
        } catch (IOException e) {
            // the prompt says "not connected"; the next command tries again and reports the error
        }
    }

    @Override
    public boolean streams() {
        return true;
    }

    @Override
    public RespValue readNext() throws IOException {
        if (socket == null) {
            // cut (Ctrl-C) or lost: a stream does not go on over a new connection
            throw new java.io.EOFException("not connected");
        }
        try {
            return reader.read();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** The pub/sub commands, whose RESP3 replies are pushes. */
    private static boolean answeredByPush(List<byte[]> args) {
        String name = new String(args.get(0), StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
        return name.endsWith("subscribe");
    }

    /** Sends a command as a RESP multibulk. */
    private void send(List<byte[]> args) throws IOException {
        write(args);
        out.flush();
    }

    private void write(List<byte[]> args) throws IOException {
        out.write(('*' + Integer.toString(args.size()) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : args) {
            out.write(('$' + Integer.toString(a.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(a);
            out.write('\r');
            out.write('\n');
        }
    }

    @Override
    public String name() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public boolean connected() {
        return socket != null;
    }

    @Override
    public void close() {
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
