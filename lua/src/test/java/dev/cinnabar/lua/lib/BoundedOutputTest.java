// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua.lib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaError;

class BoundedOutputTest {
    @Test
    void keepsWhatFits() {
        BoundedOutput out = new BoundedOutput(100);
        for (int i = 0; i < 100; i++) {
            out.write('a' + i % 26);
        }
        assertEquals(100, out.size());
        assertEquals('a', out.toByteArray()[0]);
    }

    @Test
    void refusesToGrowPastTheLimitWithLuasMemoryError() {
        BoundedOutput out = new BoundedOutput(100);
        out.writeBytes(new byte[90]);
        LuaError error = assertThrows(LuaError.class, () -> out.writeBytes(new byte[11]));
        assertEquals("not enough memory", error.getMessage());
        assertArrayEquals(new byte[90], out.toByteArray());
    }
}
