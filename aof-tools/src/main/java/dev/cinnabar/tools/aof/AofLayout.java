// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.aof;

import dev.cinnabar.core.aof.AofManifest;
import dev.cinnabar.tools.rdb.ProgressOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the files of an AOF are: a directory holding one {@code *.manifest}, a manifest, or a single AOF
 * file (old style, with or without an RDB preamble); the files in load order (base, then incremental).
 *
 * @param input        the path given
 * @param manifestPath the manifest, null for a single file
 * @param manifest     the parsed manifest, null for a single file
 * @param parts        the files in load order
 */
public record AofLayout(Path input, Path manifestPath, AofManifest manifest, List<Part> parts) {
    static final String MANIFEST_SUFFIX = ".manifest";

    /** One file: its path, its name in the manifest (or the path given) and its role (base, incr, file). */
    public record Part(Path path, String name, String role) {
    }

    /**
     * @throws IOException if the path does not exist, a directory holds no manifest or several, or the
     *                     manifest cannot be parsed (the message says why)
     */
    public static AofLayout resolve(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            List<Path> manifests;
            try (Stream<Path> s = Files.list(path)) {
                manifests = s.filter(p -> p.getFileName().toString().endsWith(MANIFEST_SUFFIX)
                        && !p.getFileName().toString().startsWith("temp-") && Files.isRegularFile(p)).sorted().toList();
            }
            if (manifests.size() != 1) {
                throw new IOException(path + " holds " + (manifests.isEmpty() ? "no" : manifests.size())
                        + " *" + MANIFEST_SUFFIX + " files: pass the manifest itself");
            }
            return ofManifest(path, manifests.get(0));
        }
        if (!Files.isRegularFile(path)) {
            throw new IOException(path + ": no such file or directory");
        }
        if (path.getFileName().toString().endsWith(MANIFEST_SUFFIX)) {
            return ofManifest(path, path);
        }
        return new AofLayout(path, null, null, List.of(new Part(path, path.toString(), "file")));
    }

    private static AofLayout ofManifest(Path input, Path manifestPath) throws IOException {
        String manifestName = manifestPath.getFileName().toString();
        String appendFilename = manifestName.substring(0, manifestName.length() - MANIFEST_SUFFIX.length());
        AofManifest manifest;
        try {
            manifest = AofManifest.parse(Files.readAllBytes(manifestPath), appendFilename, manifestName);
        } catch (RuntimeException e) {
            throw new IOException("manifest " + manifestPath + ": " + e.getMessage());
        }
        Path dir = manifestPath.toAbsolutePath().getParent();
        List<Part> parts = new ArrayList<>();
        for (AofManifest.FileInfo f : manifest.loadOrder()) {
            parts.add(new Part(dir.resolve(f.name()), f.name(), f.type() == AofManifest.Type.BASE ? "base" : "incr"));
        }
        return new AofLayout(input, manifestPath, manifest, parts);
    }

    /** The directory holding the files. */
    /** The total size of the files of the AOF at {@code path} (0 if it can't be resolved): a progress line's total. */
    public static long bytes(Path path) {
        try {
            return ProgressOptions.sizeOf(resolve(path).parts().stream().map(Part::path).toArray(Path[]::new));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    public Path dir() {
        return (manifestPath != null ? manifestPath : input).toAbsolutePath().getParent();
    }
}
