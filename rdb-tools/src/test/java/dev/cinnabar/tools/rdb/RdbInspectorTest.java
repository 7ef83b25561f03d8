// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RdbInspectorTest {
    @TempDir
    Path tmp;

    private Path cinnabarDump() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("cinnabar"));
        try (Engine engine = Engine.open(Map.of("dir", dir.toString()))) {
            for (int i = 0; i < 50; i++) {
                engine.execute("SET", "user:" + i, "u" + i);
            }
            engine.execute("SET", "session:a", "x".repeat(5000), "PX", "600000");
            engine.execute("SET", "session:b", "y", "PX", "7200000");
            engine.execute("SET", "plain", "z", "PX", "" + 30L * 24 * 3600 * 1000);
            for (int i = 0; i < 1000; i++) {
                engine.execute("RPUSH", "queue:jobs", "job" + i);
            }
            for (int i = 0; i < 300; i++) {
                engine.execute("HSET", "user:big", "f" + i, "v" + i);
            }
            engine.execute("SELECT", "3");
            engine.execute("SET", "user:in3", "x");
            engine.execute("SAVE");
        }
        return dir.resolve("dump.rdb");
    }

    private static RdbInspector inspect(Path file, int top, String delimiter, Long db, String glob, String type)
            throws Exception {
        RdbInspector in = new RdbInspector(top, delimiter, db, glob, type, System.currentTimeMillis());
        RdbCheckReport r = RdbChecker.check(file, in);
        assertTrue(r.ok(), () -> String.valueOf(r.failure()));
        return in;
    }

    @Test
    void countsBytesNamespacesTopKeysAndTtls() throws Exception {
        Path file = cinnabarDump();
        RdbInspector in = inspect(file, 3, ":", null, null, null);
        assertEquals(56, in.keys());
        assertEquals(55, in.databases().get(0L).keys());
        assertEquals(1, in.databases().get(3L).keys());
        assertTrue(in.bytes() < Files.size(file) && in.bytes() > 5000);
        assertEquals("queue:jobs", in.topByElements().get(0).key().replace("\"", ""));
        assertEquals(1000, in.topByElements().get(0).elements());
        assertEquals(300, in.topByElements().get(1).elements());
        assertEquals(3, in.topBySize().size());
        List<RdbInspector.KeyInfo> bySize = in.topBySize();
        assertTrue(bySize.get(0).bytes() >= bySize.get(1).bytes() && bySize.get(1).bytes() >= bySize.get(2).bytes());
        Map<String, RdbInspector.Totals> ns = new java.util.HashMap<>();
        in.namespaces(100).forEach(e -> ns.put(e.getKey(), e.getValue()));
        assertEquals(52, ns.get("user").keys());
        assertEquals(2, ns.get("session").keys());
        assertEquals(1, ns.get("plain").keys());
        assertEquals(Map.of("none", 53L, "expired", 0L, "<1h", 1L, "<1d", 1L, "<7d", 0L, ">=7d", 1L), in.ttl());
        assertFalse(in.namespacesCapped());
    }

    @Test
    void filtersByDbGlobAndType() throws Exception {
        Path file = cinnabarDump();
        assertEquals(1, inspect(file, 3, ":", 3L, null, null).keys());
        RdbInspector users = inspect(file, 3, ":", null, "user:*", null);
        assertEquals(52, users.keys());
        assertEquals(4, users.keysSkipped());
        assertEquals(1, inspect(file, 3, ":", null, null, "hash").keys());
        assertEquals(1, inspect(file, 3, "/", null, "queue*", "list").namespaceCount());
    }

    @Test
    void aRealRedisDumpHasElementCountsForEveryEncoding() throws Exception {
        Path file;
        try (RealRedis redis = RealRedis.startOrSkip(tmp)) {
            redis.fillAllTypes();
            file = redis.save();
            RdbInspector in = inspect(file, 100, ":", null, null, null);
            for (RdbInspector.KeyInfo k : in.topByElements()) {
                String name = k.key().replace("\"", "");
                String len = switch (k.type()) {
                    case "list" -> redis.call("LLEN", name);
                    case "set" -> redis.call("SCARD", name);
                    case "zset" -> redis.call("ZCARD", name);
                    case "hash" -> redis.call("HLEN", name);
                    case "stream" -> redis.call("XLEN", name);
                    default -> "1";
                };
                if (k.db() == 0) {
                    assertEquals(len.replace(":", "").trim(), Long.toString(k.elements()), name);
                }
            }
            assertEquals(in.keys(), in.topBySize().size());
        }
    }

    @Test
    void theCommandPrintsTextAndJson() throws Exception {
        Path file = cinnabarDump();
        StringWriter text = new StringWriter();
        CommandLine cl = new CommandLine(new RdbCommand());
        cl.setOut(new PrintWriter(text));
        assertEquals(0, cl.execute("inspect", "--top", "2", file.toString()));
        assertTrue(text.toString().contains("top 2 by elements:"), text.toString());
        assertTrue(text.toString().contains("queue:jobs"), text.toString());
        StringWriter json = new StringWriter();
        cl = new CommandLine(new RdbCommand());
        cl.setOut(new PrintWriter(json));
        assertEquals(0, cl.execute("inspect", "--json", "--type", "list", file.toString()));
        Map<?, ?> m = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json.toString(), Map.class);
        assertEquals(1, m.get("keys"));
        assertEquals(1000, ((Map<?, ?>) ((List<?>) m.get("top_by_elements")).get(0)).get("elements"));
        cl = new CommandLine(new RdbCommand());
        cl.setErr(new PrintWriter(new StringWriter()));
        assertEquals(2, cl.execute("inspect", tmp.resolve("missing.rdb").toString()));
    }
}
