// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.bitmaps;

import dev.cinnabar.spi.CommandFamily;
import dev.cinnabar.spi.FamilyContext;

/**
 * SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP and BITFIELD on string values: bitmaps are the core string type's
 * byte[] values, reached through the keyspace's string lookups.
 */
public final class BitmapFamily implements CommandFamily {
    @Override
    public String name() {
        return "bitmaps";
    }

    @Override
    public void register(FamilyContext ctx) {
        BitCommands bits = new BitCommands();
        ctx.command("setbit", bits::setbit);
        ctx.command("getbit", bits::getbit);
        ctx.command("bitcount", bits::bitcount);
        ctx.command("bitpos", bits::bitpos);
        ctx.command("bitop", bits::bitop);
        BitfieldCommand bitfield = new BitfieldCommand();
        ctx.command("bitfield", bitfield::bitfield);
        ctx.command("bitfield_ro", bitfield::bitfieldRo);
    }
}
