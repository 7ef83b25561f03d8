// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.aof.AofLoader;
import dev.cinnabar.core.aof.AofPaths;
import dev.cinnabar.core.rdb.RdbLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * Loads an RDB file or an AOF (a directory with its manifest, or one file) into an in-memory engine that never
 * writes back: no save points, no AOF, and its {@code dir} a private temporary directory, so even a SHUTDOWN
 * cannot reach the file. The RDB is read in place; an AOF is copied into that directory first, because the
 * engine's loader may upgrade a legacy file or cut a torn tail in place.
 */
public final class FileSnapshot {
    private FileSnapshot() {
    }

    /** An engine holding {@code rdb}'s data set. */
    public static Engine openRdb(Path rdb) throws IOException {
        if (!Files.isRegularFile(rdb)) {
            throw new IOException("No such RDB file: " + rdb);
        }
        Path scratch = Files.createTempDirectory("cinnabar-shell-rdb");
        Engine engine = open(scratch);
        return load(engine, scratch, () -> engine.persistence().loadRdb(rdb));
    }

    /** An engine holding the data set of {@code aof}: an AOF directory (with a manifest) or a single AOF file. */
    public static Engine openAof(Path aof) throws IOException {
        Path scratch = Files.createTempDirectory("cinnabar-shell-aof");
        AofPaths paths;
        try {
            paths = copyAof(aof, scratch);
        } catch (IOException | RuntimeException e) {
            deleteTree(scratch);
            throw e;
        }
        Engine engine = open(scratch);
        return load(engine, scratch, () -> new AofLoader(engine, paths, false,
                (e, in, source) -> RdbLoader.load(e, in, source).bytesRead()).load());
    }

    /** Deletes the engine's temporary directory; call after closing it. */
    public static void discard(Engine engine) {
        deleteTree(Path.of(engine.config().get("dir")));
    }

    private static AofPaths copyAof(Path aof, Path scratch) throws IOException {
        if (Files.isRegularFile(aof)) {
            // a lone file loads as a legacy appendonly.aof (plain commands, or an RDB preamble and commands)
            Files.copy(aof, scratch.resolve("appendonly.aof"), StandardCopyOption.COPY_ATTRIBUTES);
            return new AofPaths(scratch, "appendonlydir", "appendonly.aof");
        }
        if (!Files.isDirectory(aof)) {
            throw new IOException("No such AOF file or directory: " + aof);
        }
        Path manifest;
        try (Stream<Path> files = Files.list(aof)) {
            manifest = files.filter(p -> p.getFileName().toString().endsWith(".manifest")).findFirst().orElse(null);
        }
        if (manifest == null) {
            throw new IOException(aof + " holds no AOF manifest (*.manifest)");
        }
        String manifestName = manifest.getFileName().toString();
        Path copy = scratch.resolve("appendonlydir");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(aof)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, copy.resolve(f.getFileName().toString()), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return new AofPaths(scratch, "appendonlydir",
                manifestName.substring(0, manifestName.length() - ".manifest".length()));
    }

    private static Engine open(Path scratch) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("save", "");
        settings.put("appendonly", "no");
        settings.put("dir", scratch.toAbsolutePath().toString());
        return Engine.open(settings);
    }

    private static Engine load(Engine engine, Path scratch, Runnable load) throws IOException {
        try {
            engine.loop().submit(load).get();
            return engine;
        } catch (ExecutionException e) {
            engine.close();
            deleteTree(scratch);
            Throwable cause = e.getCause();
            throw new IOException(cause.getMessage(), cause);
        } catch (InterruptedException e) {
            engine.close();
            deleteTree(scratch);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading", e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("Could not delete " + dir + ": " + e.getMessage());
        }
    }
}
