// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.resp.RespValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** An engine in this process: in memory, or on a data directory loaded and saved as the server does. */
public final class EmbeddedConnection implements Connection {
    private final Engine engine;
    private final boolean persistent;
    private volatile boolean shutDown;

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
