// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.aof;

import dev.cinnabar.core.Engine;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Loads a multi-part AOF into the engine as Redis 7.0's {@code loadAppendOnlyFiles}: the manifest's base
 * (an RDB preamble or commands) then each incremental file in order, every command replayed by
 * {@link AofReplayer}. A legacy single {@code appendonly.aof} in {@code dir} is first moved into the AOF
 * directory under a new manifest ({@code aofUpgradePrepare}). A last file that ends inside a command (or
 * a MULTI without EXEC) is cut back to its last complete command when {@code aof-load-truncated} allows;
 * anything else wrong stops the load with the file and byte offset. Engine thread only.
 */
public final class AofLoader {
    private static final System.Logger LOG = System.getLogger("cinnabar.aof");
    private static final byte[] RDB_MAGIC = "REDIS".getBytes(StandardCharsets.US_ASCII);

    /** Loads an RDB preamble from {@code in}, returning how many bytes it took (up to its checksum). */
    @FunctionalInterface
    public interface PreambleLoader {
        long load(Engine engine, InputStream in, String source);
    }

    /**
     * @param manifest   the manifest loaded from (after any upgrade); empty when there was none
     * @param totalSize  bytes of the base and incremental files (aof_current_size)
     * @param baseSize   bytes of the base file (aof_base_size)
     * @param commands   commands replayed
     */
    public record Result(AofManifest manifest, long totalSize, long baseSize, long commands) {
    }

    private final Engine engine;
    private final AofPaths paths;
    private final boolean loadTruncated;
    private final PreambleLoader preamble;
    private long commands;

    public AofLoader(Engine engine, AofPaths paths, boolean loadTruncated, PreambleLoader preamble) {
        this.engine = Objects.requireNonNull(engine, "engine is null");
        this.paths = Objects.requireNonNull(paths, "paths is null");
        this.loadTruncated = loadTruncated;
        this.preamble = Objects.requireNonNull(preamble, "preamble is null");
    }

    /** Reads the manifest if the AOF directory has one, else an empty manifest (aofLoadManifestFromDisk). */
    public static AofManifest readManifest(AofPaths paths) {
        Path file = paths.manifest();
        if (!Files.isRegularFile(file)) {
            return new AofManifest(paths.appendFilename());
        }
        try {
            return AofManifest.parse(Files.readAllBytes(file), paths.appendFilename(),
                    paths.manifestName());
        } catch (IOException e) {
            throw new UncheckedIOException("can't read the AOF manifest " + file, e);
        }
    }

    /**
     * Loads every file. On an error the engine's databases may hold part of the data: the caller refuses
     * to start (as Redis exits) and must not serve them.
     *
     * @throws AofFormatException naming the file and offset
     */
    public Result load() {
        AofManifest manifest = readManifest(paths);
        manifest = upgradeLegacy(manifest);
        if (manifest.isEmpty()) {
            return new Result(manifest, 0, 0, 0);
        }
        List<AofManifest.FileInfo> files = manifest.loadOrder();
        long total = 0;
        for (AofManifest.FileInfo f : files) {
            Path p = paths.inDir(f.name());
            if (!Files.isRegularFile(p)) {
                throw new AofFormatException("The AOF file listed in the manifest doesn't exist", f.name(), -1);
            }
            total += size(p);
        }
        if (total == 0) {
            return new Result(manifest, 0, 0, 0);
        }
        long baseSize = manifest.base() == null ? 0 : size(paths.inDir(manifest.base().name()));
        long loadStart = System.nanoTime();
        for (int i = 0; i < files.size(); i++) {
            boolean last = i == files.size() - 1;
            long start = System.nanoTime();
            AofManifest.FileInfo f = files.get(i);
            if (loadFile(f.name(), last)) {
                // the tail was cut off: the sizes changed
                total = 0;
                for (AofManifest.FileInfo g : files) {
                    total += size(paths.inDir(g.name()));
                }
            }
            LOG.log(System.Logger.Level.INFO, "DB loaded from {0} file {1}: {2} seconds",
                    f.type() == AofManifest.Type.BASE ? "base" : "incr", f.name(),
                    String.format("%.3f", (System.nanoTime() - start) / 1e9));
        }
        LOG.log(System.Logger.Level.INFO, "DB loaded from append only file: {0} seconds",
                String.format("%.3f", (System.nanoTime() - loadStart) / 1e9));
        return new Result(manifest, total, baseSize, commands);
    }

    /**
     * Moves a legacy {@code dir/appendonly.aof} into the AOF directory as the base of a new manifest, in
     * the three cases {@code loadAppendOnlyFiles} does; a crash half-way is retried at the next start.
     */
    private AofManifest upgradeLegacy(AofManifest manifest) {
        Path legacy = paths.legacyFile();
        if (!Files.isRegularFile(legacy)) {
            return manifest;
        }
        boolean upgrade = !Files.isDirectory(paths.aofDir())
                || manifest.isEmpty()
                || (manifest.base() != null && manifest.incr().isEmpty()
                    && manifest.base().name().equals(paths.appendFilename())
                    && !Files.exists(paths.inDir(paths.appendFilename())));
        if (!upgrade) {
            return manifest;
        }
        try {
            Files.createDirectories(paths.aofDir());
            AofManifest upgraded = new AofManifest(paths.appendFilename());
            upgraded.legacyBase(paths.appendFilename());
            AofFiles.writeManifest(paths, upgraded);
            Files.move(legacy, paths.inDir(paths.appendFilename()));
            AofFiles.fsyncDir(paths.aofDir());
            LOG.log(System.Logger.Level.INFO, "Successfully migrated an old-style AOF file ({0}) into the AOF "
                    + "directory ({1}).", paths.appendFilename(), paths.aofDir());
            return upgraded;
        } catch (IOException e) {
            throw new UncheckedIOException("can't migrate the old-style AOF file " + legacy, e);
        }
    }

    /** Loads one file; true if it was truncated and cut back. */
    private boolean loadFile(String name, boolean last) {
        Path path = paths.inDir(name);
        AofReplayer replayer = new AofReplayer(engine);
        long validBeforeMulti = 0;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                return false;
            }
            long start = 0;
            if (startsWithRdb(channel)) {
                channel.position(0);
                InputStream rdb = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
                start = preamble.load(engine, rdb, name);
                channel.position(start);
            }
            AofCommandReader reader = new AofCommandReader(
                    Channels.newInputStream(channel), name, start, size);
            try {
                while (true) {
                    byte[][] argv = reader.next();
                    if (argv == null) {
                        break;
                    }
                    if (!replayer.inMulti() && AofReplayer.isMulti(argv)) {
                        validBeforeMulti = reader.lastCommandStart();
                    }
                    try {
                        replayer.replay(argv);
                    } catch (IllegalArgumentException e) {
                        throw new AofFormatException(e.getMessage(), name, reader.lastCommandStart());
                    }
                    commands++;
                }
            } catch (AofTruncatedException e) {
                return truncate(path, name, last, replayer.inMulti() ? validBeforeMulti : e.validUpTo(), e);
            }
            if (replayer.inMulti()) {
                LOG.log(System.Logger.Level.WARNING, "Revert incomplete MULTI/EXEC transaction in AOF file {0}", name);
                replayer.resetMulti();
                return truncate(path, name, last, validBeforeMulti,
                        new AofTruncatedException(name, size, validBeforeMulti));
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("Unrecoverable error reading the append only file " + name, e);
        }
    }

    private boolean truncate(Path path, String name, boolean last, long validUpTo, AofTruncatedException cause) {
        if (!loadTruncated) {
            throw new AofFormatException("Unexpected end of file reading the append only file: make a backup "
                    + "of it and cut it at its last complete command (offset " + validUpTo + "), or set "
                    + "'aof-load-truncated' to yes", name, cause.offset());
        }
        if (!last) {
            throw new AofFormatException("Fatal error: the truncated file is not the last file", name,
                    cause.offset());
        }
        LOG.log(System.Logger.Level.WARNING, "!!! Warning: short read while loading the AOF file {0}!!!", name);
        LOG.log(System.Logger.Level.WARNING, "!!! Truncating the AOF {0} at offset {1} !!!", name,
                Long.toString(validUpTo));
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            ch.truncate(validUpTo);
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("Error truncating the AOF file " + name, e);
        }
        LOG.log(System.Logger.Level.WARNING, "AOF {0} loaded anyway because aof-load-truncated is enabled", name);
        return true;
    }

    private static boolean startsWithRdb(FileChannel channel) throws IOException {
        java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(RDB_MAGIC.length);
        channel.position(0);
        while (head.hasRemaining() && channel.read(head) > 0) {
            // read up to five bytes
        }
        channel.position(0);
        return !head.hasRemaining() && Arrays.equals(head.array(), RDB_MAGIC);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException("Unable to obtain the AOF file length of " + p, e);
        }
    }
}
