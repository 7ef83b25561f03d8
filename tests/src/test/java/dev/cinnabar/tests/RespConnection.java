// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A deliberately dumb RESP client for tests: sends commands as multibulk and reads each reply back as the
 * exact bytes the server sent, so two servers' replies can be compared byte for byte.
 */
public final class RespConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RespConnection(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    public void send(byte[]... argv) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.write(('*' + Integer.toString(argv.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : argv) {
            buf.write(('$' + Integer.toString(a.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            buf.write(a);
            buf.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(buf.toByteArray());
        out.flush();
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public byte[] call(String... args) throws IOException {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        send(argv);
        return readReply();
    }

    /** Reads one complete reply (nested aggregates included) and returns its raw bytes. */
    public byte[] readReply() throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        readInto(raw);
        return raw.toByteArray();
    }

    public void setTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    private void readInto(ByteArrayOutputStream raw) throws IOException {
        String line = readLine(raw);
        char type = line.charAt(0);
        switch (type) {
            case '+', '-', ':', '_', ',', '#', '(' -> { }
            case '$', '=', '!' -> {
                long len = Long.parseLong(line.substring(1));
                if (len >= 0) {
                    byte[] body = in.readNBytes((int) len + 2);
                    if (body.length < len + 2) {
                        throw new IOException("connection closed inside a bulk string");
                    }
                    raw.write(body);
                }
            }
            case '*', '~', '>' -> {
                long n = Long.parseLong(line.substring(1));
                for (long i = 0; i < n; i++) {
                    readInto(raw);
                }
            }
            case '%', '|' -> {
                long n = Long.parseLong(line.substring(1));
                for (long i = 0; i < 2 * n; i++) {
                    readInto(raw);
                }
            }
            default -> throw new IOException("unexpected reply type '" + type + "' in line " + line);
        }
    }

    private String readLine(ByteArrayOutputStream raw) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed");
            }
            raw.write(b);
            if (b == '\r') {
                int n = in.read();
                raw.write(n);
                if (n == '\n') {
                    return sb.toString();
                }
                sb.append('\r').append((char) n);
            } else {
                sb.append((char) b);
            }
        }
    }

    /** True once the server has closed the connection (reads EOF within the timeout). */
    public boolean isClosedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
