// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import dev.cinnabar.spi.ConfigParam;
import dev.cinnabar.spi.ConfigType;
import dev.cinnabar.spi.FamilyContext;

import java.util.List;

/** {@code stream-node-max-bytes} and {@code stream-node-max-entries}, read on every XADD as Redis reads them. */
final class StreamConfig {
    static final long DEFAULT_NODE_MAX_BYTES = 4096;
    static final long DEFAULT_NODE_MAX_ENTRIES = 100;

    private static volatile long nodeMaxBytes = DEFAULT_NODE_MAX_BYTES;
    private static volatile long nodeMaxEntries = DEFAULT_NODE_MAX_ENTRIES;

    private StreamConfig() {
    }

    static long nodeMaxBytes() {
        return nodeMaxBytes;
    }

    static long nodeMaxEntries() {
        return nodeMaxEntries;
    }

    static void register(FamilyContext ctx) {
        ctx.config(ConfigParam.ofMemory("stream-node-max-bytes", DEFAULT_NODE_MAX_BYTES, 0, Long.MAX_VALUE,
                v -> nodeMaxBytes = Long.parseLong(v)));
        ctx.config(new ConfigParam("stream-node-max-entries", List.of(), ConfigType.INTEGER,
                Long.toString(DEFAULT_NODE_MAX_ENTRIES), List.of(), 0, Long.MAX_VALUE, false,
                v -> nodeMaxEntries = Long.parseLong(v)));
    }
}
