// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link DuplicateCheck} past its table: the repeat is found by the sorted runs, wherever the two copies are. */
class DuplicateCheckTest {
    @TempDir
    Path tmp;

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private boolean repeatAmong(int n, int repeatOf, int repeatAt) throws Exception {
        try (DuplicateCheck check = new DuplicateCheck(tmp, 16, 7)) {
            boolean namedAtOnce = false;
            for (int i = 0; i < n; i++) {
                namedAtOnce |= !check.add(1, b("k" + i));
                if (i == repeatAt) {
                    namedAtOnce |= !check.add(1, b("k" + repeatOf));
                }
            }
            assertFalse(namedAtOnce, "past the table nothing is refused at once");
            return check.repeatFound();
        } finally {
            try (Stream<Path> s = Files.list(tmp)) {
                assertEquals(0, s.count(), "temp files are deleted");
            }
        }
    }

    @Test
    void aRepeatPastTheTableIsFoundInTheRuns() throws Exception {
        assertFalse(repeatAmong(200, -1, -1));
        assertTrue(repeatAmong(200, 3, 150), "a repeat of an entry of the table");
        assertTrue(repeatAmong(200, 100, 101), "two neighbours in one run");
        assertTrue(repeatAmong(200, 20, 190), "in two runs");
    }

    @Test
    void withinTheTableARepeatIsRefusedAtOnceAndScopesAreApart() throws Exception {
        try (DuplicateCheck check = new DuplicateCheck(tmp, 16, 7)) {
            assertTrue(check.add(0, b("k")));
            assertTrue(check.add(1, b("k")));
            assertFalse(check.add(0, b("k")));
            assertFalse(check.repeatFound());
        }
    }
}
