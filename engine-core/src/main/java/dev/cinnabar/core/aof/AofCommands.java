// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.aof;

import dev.cinnabar.core.CoreFamilyContext;
import dev.cinnabar.core.Engine;
import dev.cinnabar.core.ExecutionContext;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.CommandFamily;
import dev.cinnabar.spi.FamilyContext;

/** The AOF's command ({@code aof.c}): BGREWRITEAOF. Core state: uses the engine's {@link Aof}. */
public final class AofCommands implements CommandFamily {
    private Engine engine;

    @Override
    public String name() {
        return "aof";
    }

    @Override
    public void register(FamilyContext ctx) {
        engine = CoreFamilyContext.engineOf(ctx);
        ctx.command("bgrewriteaof", this::bgrewriteaof);
    }

    /** BGREWRITEAOF */
    void bgrewriteaof(CommandContext ctx, Arguments args) {
        boolean inExec = ctx instanceof ExecutionContext ec && ec.inExec();
        ctx.reply().simple(engine.aof().bgrewriteaof(inExec));
    }
}
