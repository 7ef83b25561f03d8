// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.aof;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The check of a whole AOF.
 *
 * @param input         the path given
 * @param manifest      the manifest read, null for a single file
 * @param manifestError why the manifest is unusable, null if it is fine (or there is none)
 * @param files         the files in load order (base, then incremental files)
 */
public record AofReport(Path input, Path manifest, String manifestError, List<AofFileReport> files) {
    public AofReport {
        Objects.requireNonNull(input, "input is null");
        files = List.copyOf(files);
    }

    public boolean ok() {
        return manifestError == null && files.stream().allMatch(AofFileReport::ok);
    }

    /** As nested maps, for a JSON writer. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", input.toString());
        m.put("manifest", manifest == null ? null : manifest.toString());
        m.put("ok", ok());
        m.put("manifest_error", manifestError);
        List<Map<String, Object>> list = new ArrayList<>();
        files.forEach(f -> list.add(f.toMap()));
        m.put("files", list);
        return m;
    }
}
