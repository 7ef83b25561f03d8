// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.bitmaps;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The bit commands in an embedded engine: replies, events, dirty counts and what is propagated. */
class BitmapCommandsTest {
    private final BitmapFixture f = new BitmapFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void setbitCreatesGrowsAndReportsTheOldBit() {
        assertEquals(0, f.integer("SETBIT", "k", "7", "1"));
        assertEquals(1, f.integer("SETBIT", "k", "7", "0"));
        assertEquals(0, f.integer("SETBIT", "k", "9", "1"));
        assertEquals(2, f.integer("STRLEN", "k"));
        assertEquals(1, f.integer("GETBIT", "k", "9"));
        assertEquals(0, f.integer("GETBIT", "k", "100000"));
    }
}
