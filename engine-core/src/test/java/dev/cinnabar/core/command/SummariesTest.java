// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.command;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummariesTest {
    @Test
    void everyRedisCommandAndSubcommandHasASummaryOnOneLine() {
        for (String name : CommandFacts.load().all().keySet()) {
            String summary = Summaries.of(name);
            assertFalse(summary.isBlank(), name);
            assertTrue(summary.indexOf('\n') < 0 && summary.length() < 120, name);
        }
    }
}
