// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.aof;

import dev.cinnabar.core.aof.AofCommandReader;
import dev.cinnabar.core.aof.AofFormatException;
import dev.cinnabar.core.aof.AofManifest;
import dev.cinnabar.core.aof.AofTruncatedException;
import dev.cinnabar.tools.rdb.Progress;
import dev.cinnabar.tools.rdb.RdbCheckReport;
import dev.cinnabar.tools.rdb.RdbChecker;
import dev.cinnabar.tools.rdb.UnsyncBufferedInput;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * Checks an AOF: a multi-part directory (its manifest, then the base and incremental files in load order)
 * or a single file, with or without an RDB preamble. Commands are read with engine-core's
 * {@link AofCommandReader} (RESP framing, {@code #TS:} annotations), the preamble with {@link RdbChecker};
 * MULTI blocks are followed as {@code redis-check-aof} does (a MULTI without EXEC at the end is a
 * truncation before the MULTI).
 */
public final class AofChecker {
    private static final byte[] RDB_MAGIC = "REDIS".getBytes(US_ASCII);
    private static final String MANIFEST_SUFFIX = ".manifest";

    private AofChecker() {
    }

    /**
     * Finds the AOF at {@code path}: a directory holding one {@code *.manifest}, a manifest, or a single file.
     *
     * @throws IOException if it does not exist, or a directory holds no manifest or several
     */
    public static AofReport check(Path path) throws IOException {
        return check(path, AofVisitor.NONE);
    }

    /** As {@link #check(Path)}, telling {@code visitor} about each file and command as it goes. */
    public static AofReport check(Path path, AofVisitor visitor) throws IOException {
        if (Files.isDirectory(path)) {
            List<Path> manifests;
            try (Stream<Path> s = Files.list(path)) {
                manifests = s.filter(p -> p.getFileName().toString().endsWith(MANIFEST_SUFFIX)
                        && Files.isRegularFile(p)).sorted().toList();
            }
            if (manifests.size() != 1) {
                throw new IOException(path + " holds " + (manifests.isEmpty() ? "no" : manifests.size())
                        + " *" + MANIFEST_SUFFIX + " files: pass the manifest itself");
            }
            return checkManifest(manifests.get(0), visitor);
        }
        if (!Files.isRegularFile(path)) {
            throw new IOException(path + ": no such file or directory");
        }
        if (path.getFileName().toString().endsWith(MANIFEST_SUFFIX)) {
            return checkManifest(path, visitor);
        }
        return new AofReport(path, null, null, List.of(checkFile(path, path.toString(), "file", visitor)));
    }

    private static AofReport checkManifest(Path manifestPath, AofVisitor visitor) throws IOException {
        String manifestName = manifestPath.getFileName().toString();
        String appendFilename = manifestName.substring(0, manifestName.length() - MANIFEST_SUFFIX.length());
        AofManifest manifest;
        try {
            manifest = AofManifest.parse(Files.readAllBytes(manifestPath), appendFilename, manifestName);
        } catch (AofFormatException e) {
            return new AofReport(manifestPath, manifestPath, e.getMessage(), List.of());
        }
        Path dir = manifestPath.toAbsolutePath().getParent();
        List<AofFileReport> files = new ArrayList<>();
        for (AofManifest.FileInfo f : manifest.loadOrder()) {
            String role = f.type() == AofManifest.Type.BASE ? "base" : "incr";
            Path p = dir.resolve(f.name());
            if (!Files.isRegularFile(p)) {
                files.add(new AofFileReport(f.name(), role, -1, null, 0, 0, -1, AofFileReport.Status.MISSING,
                        "the manifest lists it but it does not exist", -1));
            } else {
                files.add(checkFile(p, f.name(), role, visitor));
            }
        }
        String manifestError = manifest.isEmpty() ? "the manifest lists no base and no incremental file" : null;
        return new AofReport(manifestPath, manifestPath, manifestError, files);
    }

    /** Checks one AOF file from its first byte. */
    public static AofFileReport checkFile(Path file, String name, String role) throws IOException {
        return checkFile(file, name, role, AofVisitor.NONE);
    }

    /** As {@link #checkFile(Path, String, String)}, telling {@code visitor} about each command. */
    public static AofFileReport checkFile(Path file, String name, String role, AofVisitor visitor)
            throws IOException {
        long size = Files.size(file);
        visitor.file(name, role, size);
        try (InputStream in = new UnsyncBufferedInput(Progress.track(Files.newInputStream(file)), 1 << 16)) {
            return checkStream(in, size, name, role, visitor);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static AofFileReport checkStream(InputStream in, long size, String name, String role, AofVisitor visitor)
            throws IOException {
        long start = 0;
        RdbCheckReport preamble = null;
        in.mark(RDB_MAGIC.length);
        byte[] head = in.readNBytes(RDB_MAGIC.length);
        in.reset();
        if (Arrays.equals(head, RDB_MAGIC)) {
            preamble = RdbChecker.check(in);
            if (!preamble.ok()) {
                RdbCheckReport.Failure f = preamble.failure();
                // the offset of a read cut short is where that read started (as redis-check-rdb has it)
                boolean truncated = f.endOfData();
                return new AofFileReport(name, role, size, preamble, 0, 0, -1,
                        truncated ? AofFileReport.Status.TRUNCATED : AofFileReport.Status.CORRUPT,
                        "RDB preamble: " + f.reason() + (f.key() != null ? " (key " + f.key() + ")" : ""), f.offset());
            }
            start = preamble.bytesRead();
        }
        AofCommandReader reader = new AofCommandReader(in, name, start, size);
        long commands = 0;
        long multiStart = -1;
        try {
            while (true) {
                byte[][] argv = reader.next();
                if (argv == null) {
                    break;
                }
                visitor.command(argv, reader.lastCommandStart(), reader.lastTimestamp());
                String command = new String(argv[0], US_ASCII);
                if (command.equalsIgnoreCase("multi")) {
                    if (multiStart >= 0) {
                        return damaged(name, role, size, preamble, commands, multiStart, reader,
                                AofFileReport.Status.CORRUPT, "Unexpected MULTI inside MULTI", reader.lastCommandStart());
                    }
                    multiStart = reader.lastCommandStart();
                } else if (command.equalsIgnoreCase("exec")) {
                    if (multiStart < 0) {
                        return damaged(name, role, size, preamble, commands, -1, reader,
                                AofFileReport.Status.CORRUPT, "Unexpected EXEC without MULTI", reader.lastCommandStart());
                    }
                    multiStart = -1;
                }
                commands++;
            }
        } catch (AofTruncatedException e) {
            return damaged(name, role, size, preamble, commands, multiStart, reader, AofFileReport.Status.TRUNCATED,
                    "unexpected end of file inside a command", e.offset());
        } catch (AofFormatException e) {
            return damaged(name, role, size, preamble, commands, multiStart, reader, AofFileReport.Status.CORRUPT,
                    e.getMessage(), e.offset());
        } catch (RuntimeException e) {
            if (e instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            return damaged(name, role, size, preamble, commands, multiStart, reader, AofFileReport.Status.CORRUPT,
                    "malformed data (" + e + ")", reader.offset());
        }
        if (multiStart >= 0) {
            return damaged(name, role, size, preamble, commands, multiStart, reader, AofFileReport.Status.TRUNCATED,
                    "end of file before the EXEC of the MULTI that starts at offset " + multiStart + ",", size);
        }
        return new AofFileReport(name, role, size, preamble, commands, size, reader.lastTimestamp(),
                AofFileReport.Status.OK, null, -1);
    }

    private static AofFileReport damaged(String name, String role, long size, RdbCheckReport preamble, long commands,
            long multiStart, AofCommandReader reader, AofFileReport.Status status, String error, long offset) {
        long validUpTo = multiStart >= 0 ? multiStart : reader.offset();
        return new AofFileReport(name, role, size, preamble, commands, validUpTo, reader.lastTimestamp(), status,
                error, offset);
    }

    /**
     * Repairs the first damaged file of {@code report}, in any position: see {@link AofRepair} (the file is
     * truncated at its last valid command, later files are dropped, the manifest is rewritten; backups kept).
     *
     * @return what was done
     * @throws IOException on a failed copy, rename or truncation
     */
    public static FixResult fix(AofReport report) throws IOException {
        return AofRepair.fix(report);
    }

    /** Cuts the AOF at {@code input} before its first command annotated later than {@code seconds}. */
    public static FixResult truncateToTimestamp(AofReport report, Path input, long seconds) throws IOException {
        return AofRepair.truncateToTimestamp(report, input, seconds);
    }

    /**
     * What {@link #fix} did.
     *
     * @param fixed      true if a file was truncated
     * @param message    what was done or why nothing was
     * @param file       the truncated file, null if none
     * @param backup     its copy from before, null if none
     * @param oldSize    its length before
     * @param newSize    its length after
     * @param dropped    later files taken out of the manifest (renamed to NAME.bak), with what they held
     * @param manifestBackup the manifest's copy from before, null if it was not rewritten
     */
    public record FixResult(boolean fixed, boolean refused, String message, Path file, Path backup, long oldSize,
            long newSize, List<String> dropped, Path manifestBackup) {
        static FixResult nothing() {
            return nothing("nothing to fix");
        }

        static FixResult nothing(String why) {
            return new FixResult(false, false, why, null, null, -1, -1, List.of(), null);
        }

        static FixResult refused(String why) {
            return new FixResult(false, true, why, null, null, -1, -1, List.of(), null);
        }
    }
}
