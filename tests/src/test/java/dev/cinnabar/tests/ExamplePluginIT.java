// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.resp.RespValue;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example plugin, loaded from its own jar with {@code loadmodule}, works like a built-in family. */
class ExamplePluginIT {
    private static Path exampleJar() throws IOException {
        Path dir = Path.of(System.getProperty("example.plugin.dir", "../plugins/example/target"));
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("cinnabar-plugin-example-.*\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("build plugins/example first"));
        }
    }

    @Test
    void withoutThePluginItsCommandsAreUnknown() {
        try (Engine engine = Engine.open()) {
            assertEquals(new RespValue.Error("ERR unknown command 'COUNTER.INCR', with args beginning with: 'c' "),
                    engine.execute("COUNTER.INCR", "c"));
        }
    }

    @Test
    void loadedFromItsJarThePluginAddsCommandsTypeConfigAndInfo() throws IOException {
        try (Engine engine = Engine.open(Map.of("loadmodule", exampleJar().toString(), "counter-step", "5"))) {
            assertTrue(engine.families().contains("example"));
            assertEquals(new RespValue.Integer(5), engine.execute("COUNTER.INCR", "c"));
            assertEquals(new RespValue.Integer(10), engine.execute("counter.incr", "c"));
            assertEquals(new RespValue.Integer(10), engine.execute("COUNTER.GET", "c"));
            assertEquals(new RespValue.Simple("counter"), engine.execute("TYPE", "c"));
            assertEquals("ERR wrong number of arguments for 'counter.get' command",
                    ((RespValue.Error) engine.execute("COUNTER.GET")).line());
            engine.execute("SET", "s", "x");
            assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value",
                    ((RespValue.Error) engine.execute("COUNTER.INCR", "s")).line());
            assertEquals(new RespValue.Null(), engine.execute("GET", "nope"));
        }
    }

    @Test
    void theExampleFamilyIsNotVisibleOnTheEngineClassPath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("dev.cinnabar.example.ExampleFamily"));
    }

    @Test
    void aJarWithoutFamiliesStopsStartupNamingTheJar() throws IOException {
        Path empty = Files.createTempFile("not-a-plugin", ".jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(empty))) {
            out.putNextEntry(new java.util.zip.ZipEntry("README"));
        }
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Engine.open(Map.of("loadmodule", empty.toString())));
        assertTrue(e.getMessage().contains(empty.toString()), e.getMessage());
    }
}
