// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.client.Client;
import dev.cinnabar.core.resp.RespValue;
import dev.cinnabar.core.resp.ValueReplyWriter;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static java.util.Objects.requireNonNull;

/**
 * An engine in this process: in memory, or on a data directory loaded and saved as the server does.
 * SUBSCRIBE and MONITOR run on a client of their own, as if on a second connection: the engine's messages
 * to it are queued for {@link #readNext} until Ctrl-C ({@link #cancel}) drops it.
 */
public final class EmbeddedConnection implements Connection {
    /** How long Ctrl-C waits for the engine thread to unblock a command before giving up on it. */
    private static final long CANCEL_WAIT_MILLIS = 1000;
    /** How often {@link #readNext} looks whether its stream was cancelled or the engine closed. */
    private static final long STREAM_POLL_MILLIS = 100;

    private final Engine engine;
    private final boolean persistent;
    private volatile boolean shutDown;
    private volatile Stream stream;

    /** A client that SUBSCRIBE or MONITOR runs on, and the replies the engine has sent it. */
    private static final class Stream {
        final BlockingQueue<RespValue> replies = new LinkedBlockingQueue<>();
        Client client;
        ValueReplyWriter writer;
        volatile boolean cancelled;
    }

    private EmbeddedConnection(Engine engine, boolean persistent) {
        this.engine = requireNonNull(engine, "engine is null");
        this.persistent = persistent;
        engine.onShutdown(() -> shutDown = true);
    }

    /** An in-memory engine with Redis's defaults, except that it never saves on its own ({@code save ""}). */
    public static EmbeddedConnection inMemory(Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("save", "");
        all.putAll(settings);
        return new EmbeddedConnection(Engine.open(all), false);
    }

    /** An engine opened elsewhere, closed with this connection and never saved by it. */
    public static EmbeddedConnection of(Engine engine) {
        return new EmbeddedConnection(engine, false);
    }

    /**
     * An engine on {@code dir} with the server's settings ({@code serverDefaults}): its AOF or dump.rdb is
     * loaded before the first command, and closing saves as the server does on SIGTERM.
     */
    public static EmbeddedConnection onDirectory(Path dir, Map<String, String> serverDefaults,
            Map<String, String> settings) throws java.io.IOException {
        Files.createDirectories(dir);
        Map<String, String> all = new LinkedHashMap<>(serverDefaults);
        all.putAll(settings);
        all.put("dir", dir.toAbsolutePath().toString());
        Engine engine = Engine.open(all);
        try {
            engine.persistence().loadAtStartup();
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        return new EmbeddedConnection(engine, true);
    }

    public Engine engine() {
        return engine;
    }

    @Override
    public RespValue execute(List<byte[]> args) {
        return engine.execute(args.toArray(new byte[0][]));
    }

    @Override
    public boolean streams() {
        return true;
    }

    /**
     * Runs the command on a new client in the embedded client's database and protocol: its first reply is
     * returned, the others wait for {@link #readNext}. A stream still open is dropped first.
     */
    @Override
    public RespValue stream(List<byte[]> args) throws IOException {
        endStream();
        long[] state = clientState();
        Stream s = new Stream();
        byte[][] argv = args.toArray(new byte[0][]);
        onEngineThread(() -> {
            Client c = new Client(engine.newClientId(), null, engine.now());
            c.authenticated = true;
            c.streamed = true;
            c.db = (int) state[0];
            c.protocol = (int) state[1];
            s.client = c;
            s.writer = new ValueReplyWriter(() -> c.protocol);
            c.redirectReplies(s.writer);
            listen(s);
            engine.dispatcher().process(c, argv);
            engine.afterBatch();
            s.replies.addAll(s.writer.take());
        });
        RespValue first = s.replies.poll();
        if (first == null || first instanceof RespValue.Error) {
            drop(s);
            return first == null ? new RespValue.Null() : first;
        }
        stream = s;
        return first;
    }

    /** The engine wakes a client with no socket through its pending-reply hook: each wake moves its replies. */
    private void listen(Stream s) {
        s.client.pendingReply = () -> {
            s.replies.addAll(s.writer.take());
            if (!s.cancelled) {
                listen(s);
            }
        };
    }

    @Override
    public RespValue readNext() throws IOException {
        Stream s = stream;
        if (s == null) {
            throw new EOFException("no stream");
        }
        while (true) {
            RespValue next;
            try {
                next = s.replies.poll(STREAM_POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted");
            }
            if (next != null) {
                return next;
            }
            if (s.cancelled) {
                throw new InterruptedIOException("cancelled");
            }
            if (engine.isClosed()) {
                throw new EOFException("engine closed");
            }
        }
    }

    /**
     * Ctrl-C: ends a stream (its client is dropped, its subscriptions with it), or ends the command that
     * blocks the embedded client with its timeout reply (as CLIENT UNBLOCK does). False when neither: a
     * command that runs (DEBUG SLEEP, a script) cannot be cut.
     */
    @Override
    public boolean cancel() {
        if (endStream()) {
            return true;
        }
        if (engine.isClosed()) {
            return false;
        }
        try {
            return engine.loop().submit(engine::unblockEmbedded).get(CANCEL_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Drops the open stream, if any; true when there was one. */
    private boolean endStream() {
        Stream s = stream;
        if (s == null) {
            return false;
        }
        stream = null;
        drop(s);
        return true;
    }

    private void drop(Stream s) {
        s.cancelled = true;
        if (s.client == null || engine.isClosed()) {
            return;
        }
        try {
            onEngineThread(() -> {
                s.client.closed = true; // MONITOR forgets closed clients
                s.client.pendingReply = null;
                engine.disconnected(s.client);
            });
        } catch (IOException e) {
            // the engine is closing: its clients go with it
        }
    }

    /** The embedded client's database and protocol, which a stream starts in (as a spare client would). */
    private long[] clientState() {
        long[] state = {0, 2};
        RespValue reply = engine.execute("CLIENT", "INFO");
        String info = reply instanceof RespValue.Bulk b ? b.text()
                : reply instanceof RespValue.Verbatim v ? v.text() : null; // RESP3: a verbatim string
        if (info != null) {
            for (String field : info.trim().split(" ")) {
                if (field.startsWith("db=")) {
                    state[0] = Long.parseLong(field.substring(3));
                } else if (field.startsWith("resp=")) {
                    state[1] = Long.parseLong(field.substring(5));
                }
            }
        }
        return state;
    }

    private void onEngineThread(Runnable task) throws IOException {
        try {
            if (engine.loop().inEventLoop()) {
                task.run();
            } else {
                engine.loop().submit(task).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }

    @Override
    public String name() {
        return "cinnabar";
    }

    @Override
    public boolean shutDown() {
        return shutDown || engine.isClosed();
    }

    @Override
    public synchronized void close() {
        if (engine.isClosed()) {
            return;
        }
        endStream();
        if (persistent && !shutDown) {
            try {
                engine.loop().submit(() -> engine.persistence().prepareShutdown(false, false, true)).get();
            } catch (Exception e) {
                System.err.println("Saving on exit failed: " + e);
            }
        }
        engine.close();
    }
}
