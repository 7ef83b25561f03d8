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
        GeoSets sets = new GeoSets(ctx);
        GeoCommands members = new GeoCommands(sets);
        ctx.command("geoadd", members::geoadd);
        ctx.command("geodist", members::geodist);
        ctx.command("geohash", members::geohash);
        ctx.command("geopos", members::geopos);
        GeoSearchCommands search = new GeoSearchCommands(sets);
        ctx.command("georadius", search::georadius);
        ctx.command("georadius_ro", search::georadiusRo);
        ctx.command("georadiusbymember", search::georadiusbymember);
        ctx.command("georadiusbymember_ro", search::georadiusbymemberRo);
        ctx.command("geosearch", search::geosearch);
        ctx.command("geosearchstore", search::geosearchstore);
    }
}
