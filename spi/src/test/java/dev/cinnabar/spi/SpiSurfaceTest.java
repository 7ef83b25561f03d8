// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plugins compile against the SPI, so removing or changing anything public in it breaks them. The public
 * surface is checked in as {@code spi-surface.txt}; this test fails when something listed there is gone.
 * Additions are fine: regenerate the file with {@code -Dspi.surface.update=true} and commit it.
 */
class SpiSurfaceTest {
    @Test
    void nothingPublicWasRemovedFromTheSpi() throws IOException, URISyntaxException, ClassNotFoundException {
        TreeSet<String> current = currentSurface();
        Path file = Path.of("src/test/resources/spi-surface.txt");
        if (Boolean.getBoolean("spi.surface.update")) {
            Files.writeString(file, String.join("\n", current) + "\n", StandardCharsets.UTF_8);
        }
        List<String> recorded = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList();
        List<String> removed = new ArrayList<>();
        for (String line : recorded) {
            if (!current.contains(line)) {
                removed.add(line);
            }
        }
        assertTrue(removed.isEmpty(), "the SPI lost public members plugins may use:\n  "
                + String.join("\n  ", removed));
        TreeSet<String> added = new TreeSet<>(current);
        recorded.forEach(added::remove);
        if (!added.isEmpty()) {
            System.err.println("SPI additions not yet in spi-surface.txt (run with -Dspi.surface.update=true):\n  "
                    + String.join("\n  ", added));
        }
    }

    private static TreeSet<String> currentSurface() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(CommandFamily.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        TreeSet<String> out = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(classes)) {
            files = s.filter(p -> p.toString().endsWith(".class")).toList();
        }
        for (Path p : files) {
            String name = classes.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
            Class<?> type = Class.forName(name, false, SpiSurfaceTest.class.getClassLoader());
            if (!Modifier.isPublic(type.getModifiers())) {
                continue;
            }
            String typeName = type.getName();
            out.add(typeName);
            for (Method m : type.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()) {
                    out.add(typeName + "#" + m.getName() + Arrays.stream(m.getParameterTypes())
                            .map(Class::getTypeName).toList() + ":" + m.getReturnType().getTypeName());
                }
            }
            for (Field f : type.getDeclaredFields()) {
                if (Modifier.isPublic(f.getModifiers())) {
                    out.add(typeName + "." + f.getName() + ":" + f.getType().getTypeName());
                }
            }
        }
        return out;
    }
}
