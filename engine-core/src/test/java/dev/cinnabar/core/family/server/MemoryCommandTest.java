// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.resp.RespValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.cinnabar.core.family.server.Replies.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class MemoryCommandTest {
    @Test
    void statsNameRedisFieldsInRedisOrderWithOneMapPerPopulatedDatabase() {
        try (Engine e = Engine.open()) {
            e.execute("SET", "a", "1");
            e.execute("SELECT", "3");
            e.execute("SET", "b", "1");
            e.execute("SET", "c", "1");
            List<RespValue> entries = Replies.items(e.execute("MEMORY", "STATS"));
            List<String> names = new ArrayList<>();
            for (int i = 0; i < entries.size(); i += 2) {
                names.add(text(entries.get(i)));
            }
            assertEquals(List.of("peak.allocated", "total.allocated", "startup.allocated", "replication.backlog",
                    "clients.slaves", "clients.normal", "cluster.links", "aof.buffer", "lua.caches",
                    "functions.caches", "db.0", "db.3", "overhead.total", "keys.count", "keys.bytes-per-key",
                    "dataset.bytes", "dataset.percentage", "peak.percentage", "allocator.allocated",
                    "allocator.active", "allocator.resident", "allocator-fragmentation.ratio",
                    "allocator-fragmentation.bytes", "allocator-rss.ratio", "allocator-rss.bytes",
                    "rss-overhead.ratio", "rss-overhead.bytes", "fragmentation", "fragmentation.bytes"), names);
            assertEquals("3", text(entries.get(names.indexOf("keys.count") * 2 + 1)));
        }
    }

    @Test
    void usageCountsKeyDictEntryAndValueAsRedisDoes() {
        try (Engine e = Engine.open()) {
            e.execute("SET", "k", "hello");
            // sds "k" 8 + dictEntry 24 + embstr object 32, as redis-server 7.0.15 replies
            assertEquals("64", text(e.execute("MEMORY", "USAGE", "k")));
            assertNull(text(e.execute("MEMORY", "USAGE", "missing")));
        }
    }
}
