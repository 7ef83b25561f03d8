// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.resp.RespValue;

/**
 * The thresholds that decide which encoding a loaded collection gets, as the tool's engine has them (its
 * defaults are Redis 7.0's: {@code hash-max-listpack-entries}/{@code -value}, {@code zset-max-listpack-entries}/
 * {@code -value}), and how a list loaded item by item is cut into nodes ({@code list-max-listpack-size},
 * {@code list-compress-depth}), asked through CONFIG GET so the estimate follows the engine that decodes small
 * values.
 */
record EncodingLimits(long hashEntries, long hashValue, long zsetEntries, long zsetValue, int listFill,
        int listCompressDepth) {
    static EncodingLimits of(Engine engine) {
        return new EncodingLimits(config(engine, "hash-max-listpack-entries"), config(engine, "hash-max-listpack-value"),
                config(engine, "zset-max-listpack-entries"), config(engine, "zset-max-listpack-value"),
                Math.toIntExact(config(engine, "list-max-listpack-size")),
                Math.toIntExact(config(engine, "list-compress-depth")));
    }

    private static long config(Engine engine, String name) {
        RespValue reply = engine.execute("CONFIG", "GET", name);
        if (reply instanceof RespValue.Array a && a.items().size() == 2 && a.items().get(1) instanceof RespValue.Bulk b) {
            return Long.parseLong(b.text());
        }
        if (reply instanceof RespValue.Map m && m.entries().size() == 2 && m.entries().get(1) instanceof RespValue.Bulk b) {
            return Long.parseLong(b.text());
        }
        throw new IllegalStateException("the engine has no " + name + ": " + reply);
    }
}
