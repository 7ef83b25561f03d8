// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.hyperloglog;

import dev.cinnabar.spi.CommandFamily;
import dev.cinnabar.spi.FamilyContext;

/** PFADD, PFCOUNT, PFMERGE, PFDEBUG and PFSELFTEST on strings in Redis's HLL format. */
public final class HyperLogLogFamily implements CommandFamily {
    @Override
    public String name() {
        return "hyperloglog";
    }

    @Override
    public void register(FamilyContext ctx) {
    }
}
