// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.server.RespServer;

import java.util.Map;

/** A Cinnabar server in this JVM on a free port. */
public final class CinnabarServer implements TestServer {
    private final Engine engine;
    private final RespServer server;
    private final int port;

    private CinnabarServer(Engine engine, RespServer server, int port) {
        this.engine = engine;
        this.server = server;
        this.port = port;
    }

    public static CinnabarServer start() throws InterruptedException {
        return start(Map.of());
    }

    /**
     * Starts with {@code config} over the harness defaults, which match {@link RedisServerProcess}: no save
     * points and a fresh temp directory, so FLUSHALL and cron never write into the working directory.
     */
    public static CinnabarServer start(Map<String, String> config) throws InterruptedException {
        Map<String, String> settings = new java.util.HashMap<>();
        settings.put("save", "");
        try {
            settings.put("dir", java.nio.file.Files.createTempDirectory("cinnabar-test").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        settings.putAll(config);
        Engine engine = Engine.open(settings);
        RespServer server = new RespServer(engine);
        int port = server.start(0);
        return new CinnabarServer(engine, server, port);
    }

    @Override
    public int port() {
        return port;
    }

    public Engine engine() {
        return engine;
    }

    @Override
    public void close() {
        server.close();
        engine.close();
    }
}
