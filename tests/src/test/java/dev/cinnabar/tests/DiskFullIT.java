// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import dev.cinnabar.core.Engine;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A full disk under the AOF: writes turn into Redis's MISCONF error, nothing acknowledged is lost, and
 * writing resumes when space returns. Needs a small filesystem of its own: a 1 MB tmpfs, mounted when the
 * test may mount (root in a container); skipped otherwise.
 */
class DiskFullIT {
    private static final Map<String, String> AOF = Map.of("appendonly", "yes", "appendfsync", "everysec",
            "save", "");

    @Test
    void aFullDiskRefusesWritesUntilSpaceReturnsAndLosesNothingAcknowledged() throws Exception {
        Path dir = Files.createTempDirectory("cinnabar-full");
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", dir.toString()),
                "cannot mount a tmpfs here");
        try {
            Path filler = dir.resolve("filler");
            Files.write(filler, new byte[900 * 1024]);
            Map<String, String> settings = new java.util.HashMap<>(AOF);
            settings.put("dir", dir.toString());
            List<String> acknowledged = new ArrayList<>();
            String refusal = null;
            String value = "x".repeat(500);
            try (Engine engine = Engine.open(settings)) {
                for (int i = 0; i < 1000 && refusal == null; i++) {
                    String reply = engine.execute("SET", "k" + i, value).toString();
                    if (reply.equals("OK")) {
                        acknowledged.add("k" + i);
                    } else {
                        refusal = reply;
                    }
                }
                assertTrue(refusal != null && refusal.startsWith("(error) MISCONF Errors writing to the AOF file"),
                        String.valueOf(refusal));
                Files.delete(filler);
                String reply = "";
                for (int i = 0; i < 100 && !reply.equals("OK"); i++) {
                    reply = engine.execute("SET", "after", "space").toString();
                    Thread.sleep(20);
                }
                assertEquals("OK", reply);
                acknowledged.add("after");
            }
            try (Engine reopened = Engine.open(settings)) {
                for (String key : acknowledged) {
                    assertEquals("(integer) 1", reopened.execute("EXISTS", key).toString(), key);
                }
            }
        } finally {
            run("umount", dir.toString());
        }
    }

    private static boolean run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
