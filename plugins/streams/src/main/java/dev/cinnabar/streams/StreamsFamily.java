// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import dev.cinnabar.spi.CommandFamily;
import dev.cinnabar.spi.FamilyContext;

/** The stream type and its commands: entries (XADD, XRANGE, XREAD …) and consumer groups. */
public final class StreamsFamily implements CommandFamily {
    static final StreamType TYPE = new StreamType();

    @Override
    public String name() {
        return "streams";
    }

    @Override
    public void register(FamilyContext ctx) {
        ctx.valueType(TYPE);
        StreamCommands.register(ctx);
        GroupCommands.register(ctx);
    }
}
