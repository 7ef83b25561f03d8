// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-socket RESP2 client for the tools that talk to a live server (Cinnabar or Redis): synchronous
 * calls, and a pipeline that keeps at most {@code window} commands in flight, counting error replies and
 * keeping the first few with the command they answered. No dependency on a client library: the tools
 * run from the distribution's lib/ which carries none.
 */
public final class RespConnection implements AutoCloseable {
    /** Error replies kept verbatim; the rest are only counted. */
    public static final int ERROR_SAMPLES = 20;
    /** Longest reply line (status, error, length) accepted. */
    private static final int MAX_LINE = 64 * 1024;

    /** An error reply and the command it answered (its name and first argument). */
    public record ErrorSample(String command, String key, String error) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String address;
    private final int window;
    private final ArrayDeque<String[]> inFlight = new ArrayDeque<>();
    private long sent;
    private long replies;
    private long errors;
    private final List<ErrorSample> errorSamples = new ArrayList<>();

    private RespConnection(Socket socket, String address, int window) throws IOException {
        this.socket = socket;
        this.address = address;
        this.window = window;
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
    }

    /**
     * Connects to {@code host:port}, {@code redis://host:port} or {@code redis://host:port/db}
     * (then SELECTs db).
     *
     * @param window commands in flight at most when pipelining
     * @throws IOException if the address is malformed or the server can't be reached
     */
    public static RespConnection open(String target, int window) throws IOException {
        Address a = Address.parse(target);
        Socket s = new Socket();
        s.connect(new InetSocketAddress(a.host(), a.port()), 10_000);
        s.setTcpNoDelay(true);
        RespConnection c = new RespConnection(s, a.host() + ":" + a.port(), Math.max(1, window));
        if (a.db() != 0) {
            Object r = c.call("SELECT", Integer.toString(a.db()));
            if (r instanceof RespError e) {
                c.close();
                throw new IOException(target + ": SELECT " + a.db() + ": " + e.message());
            }
        }
        return c;
    }

    /** A parsed server address. */
    public record Address(String host, int port, int db) {
        /** host:port, redis://host:port or redis://host:port/db; IPv6 hosts in brackets. */
        public static Address parse(String target) throws IOException {
            String t = target;
            if (t.startsWith("redis://")) {
                t = t.substring("redis://".length());
            }
            int db = 0;
            int slash = t.indexOf('/');
            try {
                if (slash >= 0) {
                    String d = t.substring(slash + 1);
                    db = d.isEmpty() ? 0 : Integer.parseInt(d);
                    t = t.substring(0, slash);
                }
                int colon = t.lastIndexOf(':');
                if (colon <= 0 || colon == t.length() - 1) {
                    throw new IOException("expected HOST:PORT, got '" + target + "'");
                }
                String host = t.substring(0, colon);
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
                int port = Integer.parseInt(t.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw new IOException("port out of range in '" + target + "'");
                }
                return new Address(host, port, db);
            } catch (NumberFormatException e) {
                throw new IOException("expected HOST:PORT, got '" + target + "'");
            }
        }
    }

    /** An error reply. */
    public record RespError(String message) {
    }

    public String address() {
        return address;
    }

    /** Sends one command and waits for its reply (after draining the pipeline). */
    public Object call(String... args) throws IOException {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return call(argv);
    }

    /**
     * Sends one command and waits for its reply: a byte[] (bulk or status), Long, List, null or
     * {@link RespError}.
     */
    public Object call(byte[]... argv) throws IOException {
        drain();
        write(argv);
        out.flush();
        return readReply();
    }

    /** Sends every command at once, then reads their replies in order. */
    public List<Object> callAll(List<byte[][]> commands) throws IOException {
        drain();
        for (byte[][] argv : commands) {
            write(argv);
        }
        out.flush();
        List<Object> replies = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            replies.add(readReply());
        }
        return replies;
    }

    /** Queues a command; its reply is read later, an error reply is counted. */
    public void send(byte[]... argv) throws IOException {
        if (inFlight.size() >= window) {
            out.flush();
            while (inFlight.size() >= window / 2 + 1) {
                readPipelined();
            }
        }
        write(argv);
        inFlight.add(new String[] {name(argv[0]), argv.length > 1 ? dev.cinnabar.core.rdb.RdbFileReader.quote(argv[1]) : null});
        sent++;
    }

    /** Flushes and reads every outstanding reply. */
    public void drain() throws IOException {
        out.flush();
        while (!inFlight.isEmpty()) {
            readPipelined();
        }
    }

    /** Commands sent with {@link #send}. */
    public long sent() {
        return sent;
    }

    /** Replies read to commands sent with {@link #send}: every command before that many was answered. */
    public long replies() {
        return replies;
    }

    /** Error replies to commands sent with {@link #send}. */
    public long errors() {
        return errors;
    }

    public List<ErrorSample> errorSamples() {
        return List.copyOf(errorSamples);
    }

    private void readPipelined() throws IOException {
        String[] cmd = inFlight.peek();
        Object reply = readReply();
        inFlight.poll();
        replies++;
        if (reply instanceof RespError e) {
            errors++;
            if (errorSamples.size() < ERROR_SAMPLES) {
                errorSamples.add(new ErrorSample(cmd[0], cmd[1], e.message()));
            }
        }
    }

    private static String name(byte[] b) {
        return new String(b, StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
    }

    private void write(byte[][] argv) throws IOException {
        out.write('*');
        writeNumber(argv.length);
        for (byte[] a : argv) {
            out.write('$');
            writeNumber(a.length);
            out.write(a);
            out.write('\r');
            out.write('\n');
        }
    }

    private void writeNumber(long n) throws IOException {
        out.write(Long.toString(n).getBytes(StandardCharsets.US_ASCII));
        out.write('\r');
        out.write('\n');
    }

    private Object readReply() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException(address + " closed the connection");
        }
        String line = readLine();
        switch (type) {
            case '+':
                return line.getBytes(StandardCharsets.UTF_8);
            case '-':
                return new RespError(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int len = Integer.parseInt(line);
                if (len < 0) {
                    return null;
                }
                byte[] b = in.readNBytes(len);
                if (b.length != len || in.read() != '\r' || in.read() != '\n') {
                    throw new EOFException(address + ": truncated bulk reply");
                }
                return b;
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) {
                    items.add(readReply());
                }
                return items;
            }
            default:
                throw new IOException(address + ": unexpected reply byte " + type + " (is this a Redis server?)");
        }
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(address + " closed the connection");
            }
            if (b == '\r') {
                if (in.read() != '\n') {
                    throw new IOException(address + ": reply line not terminated by CRLF");
                }
                return sb.toString();
            }
            if (sb.length() >= MAX_LINE) {
                throw new IOException(address + ": reply line too long");
            }
            sb.append((char) b);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing: nothing left to report
        }
    }

    /** The text of a status or bulk reply, null otherwise. */
    public static String text(Object reply) {
        return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : null;
    }
}
