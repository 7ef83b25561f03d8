// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerArgumentsTest {
    @Test
    void redisServerStyleOptionsTakeEveryValueUpToTheNextOption() {
        assertEquals(Map.of("enable-debug-command", "yes", "save", "900 1 300 10", "appendonly", "no"),
                ExtraOptions.parse(List.of("--enable-debug-command", "yes", "--save", "900", "1", "300", "10",
                        "--appendonly", "no")));
    }

    @Test
    void aValueWithoutAnOptionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ExtraOptions.parse(List.of("yes")));
    }

    @Test
    void configFilesUseRedisConfSyntax() {
        Map<String, String> settings = ConfigFile.parse("""
                # comment
                port 6380
                save 900 1
                save 300 10
                requirepass "with space"
                """, "test.conf");
        assertEquals(Map.of("port", "6380", "save", "900 1 300 10", "requirepass", "with space"), settings);
    }

    @Test
    void aTlsCertificateThatCannotBeLoadedStopsTheServerWithRedisMessage(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        Path missing = dir.resolve("missing.crt");
        int code = Cli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err)).execute("server",
                "--dir", dir.toString(), "--port", "0", "--tls-port", "1", "--tls-cert-file", missing.toString(),
                "--tls-key-file", dir.resolve("missing.key").toString(), "--tls-ca-cert-file", missing.toString());
        assertEquals(Cli.FAILURE, code);
        assertEquals("Failed to load certificate: " + missing + ": No such file or directory\n"
                + "Failed to configure TLS. Check logs for more info.\n", err.toString().replace("\r\n", "\n"));
    }

    @Test
    void noPortAtAllStopsTheServer(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        int code = Cli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err)).execute("server",
                "--dir", dir.toString(), "--port", "0");
        assertEquals(Cli.FAILURE, code);
        assertTrue(err.toString().contains("Configured to not listen anywhere, exiting."), err.toString());
    }
}
