// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.bitmaps;

import dev.cinnabar.spi.CommandFamily;
import dev.cinnabar.spi.FamilyContext;

/** SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP and BITFIELD on string values. */
public final class BitmapFamily implements CommandFamily {
    @Override
    public String name() {
        return "bitmaps";
    }

    @Override
    public void register(FamilyContext ctx) {
    }
}
