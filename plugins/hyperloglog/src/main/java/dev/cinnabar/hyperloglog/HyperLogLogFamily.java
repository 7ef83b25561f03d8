// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.hyperloglog;

import dev.cinnabar.spi.CommandFamily;
import dev.cinnabar.spi.ConfigParam;
import dev.cinnabar.spi.FamilyContext;

/** PFADD, PFCOUNT, PFMERGE, PFDEBUG and PFSELFTEST on strings in Redis's HLL format. */
public final class HyperLogLogFamily implements CommandFamily {
    /** Redis's default {@code hll-sparse-max-bytes}. */
    static final long DEFAULT_SPARSE_MAX_BYTES = 3000;

    @Override
    public String name() {
        return "hyperloglog";
    }

    @Override
    public void register(FamilyContext ctx) {
        HyperLogLogCommands commands = new HyperLogLogCommands();
        ctx.config(ConfigParam.ofMemory("hll-sparse-max-bytes", DEFAULT_SPARSE_MAX_BYTES, 0, Long.MAX_VALUE,
                v -> commands.sparseMaxBytes = Long.parseLong(v)));
        ctx.command("pfadd", commands::pfadd);
        ctx.command("pfcount", commands::pfcount);
        ctx.command("pfmerge", commands::pfmerge);
        ctx.command("pfdebug", commands::pfdebug);
        ctx.command("pfselftest", commands::pfselftest);
    }
}
