// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.persistence.LoadFailedException;
import dev.cinnabar.core.server.RespServer;
import dev.cinnabar.core.server.tls.TlsSetupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Unmatched;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "server", header = "Run the RESP server.",
        description = "Starts Cinnabar as a network server, like redis-server. Any config parameter can be "
                + "given as --<name> <value>, as with redis-server.",
        footer = {"", "Examples:", "  cinnabar server", "  cinnabar server --port 6380 --dir /var/lib/cinnabar",
                "  cinnabar server /etc/cinnabar.conf --requirepass secret"})
final class ServerCommand implements Callable<Integer> {
    /**
     * Where the server's defaults differ from redis-server's (listed in docs/compatibility.md): an
     * append-only file with an RDB preamble, fsynced every second, so a restart keeps the data. A config
     * file or a --name value overrides each. The embedded Engine.open() keeps Redis's defaults.
     */
    static final Map<String, String> SAFE_DEFAULTS = Map.of(
            "appendonly", "yes",
            "appendfsync", "everysec",
            "aof-use-rdb-preamble", "yes");

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "A redis.conf-style config file.")
    Path configFile;

    @Option(names = "--port", description = "TCP port (default 6379).")
    Integer port;

    @Option(names = "--bind", description = "Addresses to listen on (default 127.0.0.1 -::1).")
    String bind;

    @Option(names = "--dir", description = "Working directory for data files (default ./data).")
    Path dir;

    /** {@code [CONFIG] [--name value…]} as redis-server takes them; see {@link ExtraOptions}. */
    @Unmatched
    List<String> extra = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> settings = new LinkedHashMap<>(SAFE_DEFAULTS);
        Path configPositional = !extra.isEmpty() && !extra.get(0).startsWith("--") ? Path.of(extra.remove(0)) : null;
        Path file = configFile != null ? configFile : configPositional;
        if (file != null) {
            settings.putAll(ConfigFile.read(file));
        }
        settings.putAll(ExtraOptions.parse(extra));
        if (port != null) {
            settings.put("port", port.toString());
        }
        if (bind != null) {
            settings.put("bind", bind);
        }
        Path dataDir = dir != null ? dir : Path.of(settings.getOrDefault("dir", "data"));
        Files.createDirectories(dataDir);
        settings.put("dir", dataDir.toAbsolutePath().toString());

        Engine engine = file == null ? Engine.open(settings) : Engine.open(settings, file);
        RespServer server = new RespServer(engine);
        try {
            server.startConfigured();
        } catch (TlsSetupException e) {
            // as redis-server: the reason, then its own line, and a non-zero exit
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine().getErr().println("Failed to configure TLS. Check logs for more info.");
            spec.commandLine().getErr().flush();
            engine.close();
            return Cli.FAILURE;
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine().getErr().flush();
            engine.close();
            return Cli.FAILURE;
        }
        String listening = listening(engine.config().get("bind"), server);
        long pid = ProcessHandle.current().pid();
        out.printf("Cinnabar %s (Redis %s compatible) on Java %s, pid %d%n", Version.CINNABAR,
                Version.REDIS_COMPAT, Runtime.version(), pid);
        out.printf("Config file: %s%n", file == null ? "none" : file.toAbsolutePath());
        out.printf("Families: %s%n", String.join(", ", engine.families()));
        out.flush();

        CountDownLatch stopped = new CountDownLatch(1);
        engine.onShutdown(stopped::countDown);
        // as redis-server: clients get -LOADING while dump.rdb loads; a damaged file stops the server
        java.util.concurrent.atomic.AtomicReference<LoadFailedException> loadFailure =
                new java.util.concurrent.atomic.AtomicReference<>();
        engine.persistence().loadAtStartupWhileServing().whenComplete((ok, failure) -> {
            if (failure == null) {
                out.printf("Ready to accept connections on %s%n", listening);
                out.flush();
            } else {
                loadFailure.set((LoadFailedException) failure);
                stopped.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (stopped.getCount() == 0) {
                return; // stopped by SHUTDOWN: the JVM is just exiting
            }
            out.println("Received SIGTERM, shutting down");
            out.flush();
            // as Redis on SIGTERM: save when save points are configured, exit even if that fails
            try {
                engine.loop().submit(() -> engine.persistence().prepareShutdown(false, false, true)).get();
            } catch (Exception e) {
                out.println("Saving on shutdown failed: " + e);
            }
            server.close();
            engine.close();
            stopped.countDown();
        }, "cinnabar-shutdown"));
        stopped.await();
        if (engine.busyError() == null) {
            server.close();
            engine.close();
        }
        // else SHUTDOWN NOSAVE came while a script keeps the engine thread: nothing can close in order, and
        // the process just ends, as Redis does

        if (loadFailure.get() != null) {
            spec.commandLine().getErr().println(loadFailure.get().getMessage());
            spec.commandLine().getErr().flush();
            return Cli.FAILURE;
        }
        out.println("Cinnabar is now ready to exit, bye bye...");
        out.flush();
        return Cli.OK;
    }

    /** "127.0.0.1 -::1 port 6379", with "tls-port N" when TLS listens too (or alone). */
    private static String listening(String bind, RespServer server) {
        StringBuilder out = new StringBuilder(bind);
        if (server.port() != 0) {
            out.append(" port ").append(server.port());
        }
        if (server.tlsPort() != 0) {
            out.append(" tls-port ").append(server.tlsPort());
        }
        return out.toString();
    }
}
