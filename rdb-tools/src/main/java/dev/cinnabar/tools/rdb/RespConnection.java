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
import java.nio.file.Files;
import java.nio.file.Path;
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

    /**
     * Where {@link #callAll(List, BulkSpill, ReplyHandler)} puts a bulk reply longer than {@code threshold} bytes:
     * a temporary file in {@code dir}, streamed from the socket, instead of a byte[] on the heap.
     */
    public record BulkSpill(long threshold, Path dir) {
    }

    /**
     * A bulk reply of {@code length} bytes held in {@code file}, a temporary file that exists only while the
     * {@link ReplyHandler} that gets it runs.
     */
    public record SpilledBulk(Path file, long length) {
    }

    /** Takes the replies of a pipeline as they are read. */
    @FunctionalInterface
    public interface ReplyHandler {
        /** The reply to command {@code index}: as {@link #call(byte[]...)} gives it, or a {@link SpilledBulk}. */
        void reply(int index, Object reply) throws IOException;
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

    /**
     * Sends every command at once, then hands each reply to {@code handler} as soon as it is read, in order, so
     * only one reply is held at a time. A bulk reply longer than {@code spill}'s threshold is streamed into a
     * temporary file, handed over as a {@link SpilledBulk}, and deleted when the handler returns or throws (or
     * when the connection breaks in the middle of it); the replies after it are read on as usual. When the
     * handler throws, the replies after its one are left unread: the connection must be closed.
     */
    public void callAll(List<byte[][]> commands, BulkSpill spill, ReplyHandler handler) throws IOException {
        drain();
        for (byte[][] argv : commands) {
            write(argv);
        }
        out.flush();
        for (int i = 0; i < commands.size(); i++) {
            Object reply = readReply(spill);
            try {
                handler.reply(i, reply);
            } finally {
                if (reply instanceof SpilledBulk b) {
                    Files.deleteIfExists(b.file());
                }
            }
        }
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
        return readReply(null);
    }

    /** One reply; a top-level bulk reply longer than {@code spill}'s threshold (when not null) goes to a file. */
    private Object readReply(BulkSpill spill) throws IOException {
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
                long len = Long.parseLong(line);
                if (len < 0) {
                    return null;
                }
                if (spill != null && len > spill.threshold()) {
                    return spill(len, spill.dir());
                }
                if (len > Integer.MAX_VALUE - 8) {
                    throw new IOException(address + ": a bulk reply of " + len + " bytes is too long to hold");
                }
                byte[] b = in.readNBytes((int) len);
                if (b.length != len) {
                    throw truncated(b.length, len);
                }
                endOfBulk(len);
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

    /** Streams a bulk reply of {@code len} bytes into a new temporary file in {@code dir}, removed on failure. */
    private SpilledBulk spill(long len, Path dir) throws IOException {
        Path file = Files.createTempFile(dir, "cinnabar-bulk-", ".tmp");
        boolean complete = false;
        try (OutputStream o = Files.newOutputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            long read = 0;
            while (read < len) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, len - read));
                if (n < 0) {
                    throw truncated(read, len);
                }
                o.write(buffer, 0, n);
                read += n;
            }
            endOfBulk(len);
            complete = true;
        } finally {
            if (!complete) {
                Files.deleteIfExists(file);
            }
        }
        return new SpilledBulk(file, len);
    }

    private EOFException truncated(long read, long len) {
        return new EOFException(address + " closed the connection after " + read + " bytes of a " + len
                + "-byte bulk reply");
    }

    private void endOfBulk(long len) throws IOException {
        int cr = in.read();
        int lf = in.read();
        if (cr < 0 || lf < 0) {
            throw truncated(len, len);
        }
        if (cr != '\r' || lf != '\n') {
            throw new IOException(address + ": a " + len + "-byte bulk reply not terminated by CRLF");
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
