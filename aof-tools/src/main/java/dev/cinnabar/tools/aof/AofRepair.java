// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.aof;

import dev.cinnabar.core.aof.AofManifest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Cuts an AOF back to a point: the damage {@code --fix} finds, or a time ({@code --truncate-to-timestamp}).
 *
 * <p>The rule, in any file of a multi-part AOF: the file holding the point is truncated there and every
 * <b>later</b> incremental file is dropped, because its commands were logged against the state the lost
 * tail produced (replaying them on the cut state would give a data set that never existed). Dropped files
 * are renamed to {@code NAME.bak} (so a new incremental file of the same sequence number can never be
 * appended to them) and removed from the manifest. Steps, in the order that keeps a crash safe: copy the
 * file to cut to {@code NAME.bak}, copy the manifest to {@code MANIFEST.bak}, write the new manifest
 * (temp file, fsync, atomic rename, directory fsync), rename the dropped files, truncate (and fsync) the
 * file. A backup name that exists gets {@code .1}, {@code .2} … An RDB preamble is never cut into.
 */
final class AofRepair {
    private AofRepair() {
    }

    /** Repairs the first damaged file of {@code report}. */
    static AofChecker.FixResult fix(AofReport report) throws IOException {
        List<AofFileReport> files = report.files();
        if (report.manifestError() != null) {
            return AofChecker.FixResult.refused("the manifest is damaged (" + report.manifestError()
                    + "); repairing a manifest is not supported: edit it by hand (one 'file NAME seq N type b|i' per line)");
        }
        int damaged = -1;
        for (int i = 0; i < files.size(); i++) {
            if (!files.get(i).ok()) {
                damaged = i;
                break;
            }
        }
        if (damaged < 0) {
            return AofChecker.FixResult.nothing();
        }
        AofFileReport f = files.get(damaged);
        if (f.preamble() != null && !f.preamble().ok()) {
            return AofChecker.FixResult.refused("the RDB preamble of " + f.name() + " is damaged: truncating would drop "
                    + "the whole base; salvage its keys with 'cinnabar rdb salvage' instead");
        }
        if (f.status() == AofFileReport.Status.MISSING) {
            if (damaged == 0 && report.manifest() != null && "base".equals(f.role())) {
                return AofChecker.FixResult.refused("the base " + f.name() + " is missing: nothing can be replayed "
                        + "without it");
            }
            return cut(report, damaged, -1, f.name() + " is missing");
        }
        return cut(report, damaged, f.validUpTo(), f.status() + " at offset " + f.errorOffset());
    }

    /**
     * Cuts the AOF before the first command annotated later than {@code seconds} (a MULTI it is part of is
     * cut whole, the annotation line goes too).
     */
    static AofChecker.FixResult truncateToTimestamp(AofReport report, Path input, long seconds) throws IOException {
        if (report.manifestError() != null) {
            return AofChecker.FixResult.refused("the manifest is damaged: " + report.manifestError());
        }
        AofLayout layout = AofLayout.resolve(input);
        long carried = -1;
        for (int i = 0; i < layout.parts().size(); i++) {
            AofLayout.Part part = layout.parts().get(i);
            AofFileReport fr = report.files().get(i);
            if (fr.status() == AofFileReport.Status.MISSING) {
                return AofChecker.FixResult.refused(part.name() + " is missing: run --fix first");
            }
            Finder finder = new Finder(seconds, carried);
            AofChecker.checkFile(part.path(), part.name(), part.role(), finder);
            if (finder.cutAt >= 0) {
                long cut = beforeAnnotation(part.path(), finder.cutAt, seconds);
                long floor = fr.preamble() != null ? fr.preamble().bytesRead() : 0;
                if (i == 0 && cut <= floor && report.files().size() >= 1) {
                    return AofChecker.FixResult.refused("the base " + part.name() + " was written at "
                            + finder.cutTs + " (" + AofTimestamp.format(finder.cutTs) + "), after "
                            + seconds + ": this AOF holds nothing older");
                }
                return cut(report, i, Math.max(cut, floor), "first command annotated after " + seconds + " ("
                        + finder.cutTs + ")");
            }
            if (!fr.ok()) {
                return AofChecker.FixResult.refused(part.name() + " is damaged before any command annotated after "
                        + seconds + ": run --fix first");
            }
            carried = finder.ts;
        }
        return AofChecker.FixResult.nothing("every command is annotated at or before " + seconds);
    }

    /** Finds where the first command annotated after the point starts (its MULTI's start inside one). */
    private static final class Finder implements AofVisitor {
        private final long until;
        long ts;
        long cutAt = -1;
        long cutTs = -1;
        private long multiStart = -1;

        Finder(long until, long carried) {
            this.until = until;
            this.ts = carried;
        }

        @Override
        public void command(byte[][] argv, long offset, long lastTsSeen) {
            if (cutAt >= 0) {
                return;
            }
            if (lastTsSeen >= 0) {
                ts = lastTsSeen;
            }
            if (ts > until) {
                cutAt = multiStart >= 0 ? multiStart : offset;
                cutTs = ts;
                return;
            }
            String name = new String(argv[0], StandardCharsets.US_ASCII);
            if (name.equalsIgnoreCase("multi")) {
                multiStart = offset;
            } else if (name.equalsIgnoreCase("exec")) {
                multiStart = -1;
            }
        }
    }

    /** Moves a cut back over a {@code #TS:} line just before it that is later than the point. */
    private static long beforeAnnotation(Path file, long cut, long seconds) throws IOException {
        int back = (int) Math.min(cut, 64);
        if (back == 0) {
            return cut;
        }
        byte[] b = new byte[back];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.read(ByteBuffer.wrap(b), cut - back);
        }
        String tail = new String(b, StandardCharsets.ISO_8859_1);
        if (!tail.endsWith("\r\n")) {
            return cut;
        }
        int previous = tail.lastIndexOf("\r\n", tail.length() - 3);
        if (previous < 0 && cut != back) {
            return cut;
        }
        int start = previous < 0 ? 0 : previous + 2;
        String line = tail.substring(start, tail.length() - 2);
        if (line.startsWith("#TS:") && line.length() > 4 && line.length() < 24
                && line.substring(4).chars().allMatch(Character::isDigit) && Long.parseLong(line.substring(4)) > seconds) {
            return cut - back + start;
        }
        return cut;
    }

    /**
     * Truncates file {@code index} at {@code offset} (-1: it is missing, drop it too) and drops every later
     * file, as the class comment says.
     */
    private static AofChecker.FixResult cut(AofReport report, int index, long offset, String why) throws IOException {
        List<AofFileReport> files = report.files();
        Path dir = report.manifest() == null ? null : report.manifest().toAbsolutePath().getParent();
        AofFileReport target = files.get(index);
        Path path = dir == null ? report.input() : dir.resolve(target.name());
        int firstDropped = offset < 0 ? index : index + 1;
        List<String> dropped = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        Path backup = null;
        if (offset >= 0) {
            backup = backupName(path);
            Files.copy(path, backup, StandardCopyOption.COPY_ATTRIBUTES);
            actions.add("copied " + path.getFileName() + " to " + backup.getFileName());
        }
        Path manifestBackup = null;
        if (dir != null && firstDropped < files.size()) {
            Set<String> names = new HashSet<>();
            for (int i = firstDropped; i < files.size(); i++) {
                names.add(files.get(i).name());
            }
            manifestBackup = backupName(report.manifest());
            Files.copy(report.manifest(), manifestBackup, StandardCopyOption.COPY_ATTRIBUTES);
            actions.add("copied the manifest to " + manifestBackup.getFileName());
            writeManifest(report.manifest(), names);
            actions.add("rewrote the manifest without " + String.join(", ", names.stream().sorted().toList()));
            for (int i = firstDropped; i < files.size(); i++) {
                AofFileReport f = files.get(i);
                Path p = dir.resolve(f.name());
                if (Files.exists(p)) {
                    Path aside = backupName(p);
                    Files.move(p, aside, StandardCopyOption.ATOMIC_MOVE);
                    dropped.add(f.name() + " (" + f.size() + " bytes, " + f.commands() + " commands) -> "
                            + aside.getFileName());
                } else {
                    dropped.add(f.name() + " (missing)");
                }
            }
            fsyncDir(dir);
            actions.add("dropped " + String.join("; ", dropped));
        }
        if (offset >= 0) {
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
                ch.truncate(offset);
                ch.force(true);
            }
            actions.add("truncated " + path.getFileName() + " from " + target.size() + " to " + offset + " bytes ("
                    + (target.size() - offset) + " bytes cut)");
        }
        return new AofChecker.FixResult(true, false, why + ": " + String.join("; ", actions),
                offset >= 0 ? path : null, backup, target.size(), offset, dropped, manifestBackup);
    }

    private static Path backupName(Path path) {
        Path backup = path.resolveSibling(path.getFileName() + ".bak");
        for (int n = 1; Files.exists(backup); n++) {
            backup = path.resolveSibling(path.getFileName() + ".bak." + n);
        }
        return backup;
    }

    /**
     * Writes the manifest without the {@code drop} files: its lines are kept as they are (comments and
     * unknown fields included) but those naming a dropped file, as Redis parses them.
     */
    private static void writeManifest(Path manifest, Set<String> drop) throws IOException {
        String name = manifest.getFileName().toString();
        String prefix = name.substring(0, name.length() - AofLayout.MANIFEST_SUFFIX.length());
        StringBuilder out = new StringBuilder();
        for (String line : Files.readString(manifest, StandardCharsets.ISO_8859_1).split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if (!line.startsWith("#")) {
                AofManifest one = AofManifest.parse((line + "\n").getBytes(StandardCharsets.ISO_8859_1), prefix, name);
                List<AofManifest.FileInfo> infos = new ArrayList<>(one.history());
                if (one.base() != null) {
                    infos.add(one.base());
                }
                infos.addAll(one.incr());
                if (infos.stream().anyMatch(f -> drop.contains(f.name()))) {
                    continue;
                }
            }
            out.append(line).append('\n');
        }
        Path temp = manifest.resolveSibling("temp-" + name);
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(out.toString().getBytes(StandardCharsets.ISO_8859_1));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(temp, manifest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDir(manifest.toAbsolutePath().getParent());
    }

    private static void fsyncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
