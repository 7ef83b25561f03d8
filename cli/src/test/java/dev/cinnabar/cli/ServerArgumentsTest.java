// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
