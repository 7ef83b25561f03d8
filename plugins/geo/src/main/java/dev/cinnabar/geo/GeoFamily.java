// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.geo;

import dev.cinnabar.spi.CommandFamily;
import dev.cinnabar.spi.FamilyContext;

/** GEOADD, GEOSEARCH and the other geo commands: members live in the core sorted-set type. */
public final class GeoFamily implements CommandFamily {
    @Override
    public String name() {
        return "geo";
    }

    @Override
    public void register(FamilyContext ctx) {
    }
}
