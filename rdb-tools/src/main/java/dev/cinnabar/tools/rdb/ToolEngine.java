// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.Engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An offline engine for one tool run: opened with no saving and appendonly off (in a scratch directory, or
 * set up to write an AOF directory later), closed and its scratch directory removed at the end.
 */
public final class ToolEngine implements AutoCloseable {
    public final Path scratch;
    public final Engine engine;

    public ToolEngine(Path aofOut) throws IOException {
        this(aofOut, Map.of());
    }

    /** @param extra more config parameters (aof-use-rdb-preamble, appendfilename …) */
    public ToolEngine(Path aofOut, Map<String, String> extra) throws IOException {
        this.scratch = Files.createTempDirectory("cinnabar-tool-");
        Map<String, String> settings = new HashMap<>(EngineExport.settings(scratch, aofOut));
        settings.putAll(extra);
        this.engine = Engine.open(settings);
    }

    @Override
    public void close() {
        engine.close();
        try (Stream<Path> s = Files.walk(scratch)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a scratch directory left in /tmp is harmless
        }
    }
}
