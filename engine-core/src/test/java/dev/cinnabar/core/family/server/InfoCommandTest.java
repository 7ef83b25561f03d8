// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.core.Engine;
import dev.cinnabar.spi.InfoSection;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import static dev.cinnabar.core.family.server.Replies.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfoCommandTest {
    private static final List<String> DEFAULT_TITLES = List.of("Server", "Clients", "Memory", "Persistence",
            "Stats", "Replication", "CPU", "Modules", "Errorstats", "Cluster", "Keyspace");
    private static final List<String> ALL_TITLES = List.of("Server", "Clients", "Memory", "Persistence", "Stats",
            "Replication", "CPU", "Modules", "Commandstats", "Errorstats", "Latencystats", "Cluster", "Keyspace");

    @Test
    void plainInfoHasRedisDefaultSectionsInRedisOrder() {
        try (Engine e = Engine.open()) {
            assertEquals(DEFAULT_TITLES, titles(text(e.execute("INFO"))));
            assertEquals(DEFAULT_TITLES, titles(text(e.execute("INFO", "default"))));
        }
    }

    @Test
    void allAndEverythingAddCommandErrorAndLatencyStatistics() {
        try (Engine e = Engine.open()) {
            assertEquals(ALL_TITLES, titles(text(e.execute("INFO", "all"))));
            assertEquals(ALL_TITLES, titles(text(e.execute("INFO", "EVERYTHING"))));
        }
    }

    @Test
    void namedSectionsComeInRedisOrderWhateverTheirCaseAndUnknownOnesAreEmpty() {
        try (Engine e = Engine.open()) {
            assertEquals(List.of("Server", "Keyspace"), titles(text(e.execute("INFO", "KEYSPACE", "server"))));
            assertEquals("", text(e.execute("INFO", "nosuch")));
            assertEquals(List.of("Modules"), titles(text(e.execute("INFO", "modules"))));
        }
    }

    @Test
    void everyLineIsNameColonValueEndingInCrlfAndSectionsAreSeparatedByAnEmptyLine() {
        try (Engine e = Engine.open()) {
            String info = text(e.execute("INFO", "everything"));
            assertTrue(info.endsWith("\r\n"));
            assertTrue(info.contains("\r\n\r\n# Clients\r\n"));
            for (String line : info.split("\r\n")) {
                assertTrue(line.isEmpty() || line.startsWith("# ") || line.matches("[a-z0-9_|.-]+:.*"), line);
            }
        }
    }

    @Test
    void serverSectionNamesTheRedisVersionAndThisProcess() {
        try (Engine e = Engine.open()) {
            Map<String, String> f = fields(text(e.execute("INFO", "server")));
            assertEquals("7.0.15", f.get("redis_version"));
            assertEquals("standalone", f.get("redis_mode"));
            assertEquals(Long.toString(ProcessHandle.current().pid()), f.get("process_id"));
            assertEquals(e.runId(), f.get("run_id"));
            assertEquals(40, f.get("run_id").length());
            assertEquals("", f.get("config_file"));
            assertEquals("10", f.get("hz"));
        }
    }

    @Test
    void memorySectionReportsTheJavaHeapInRedisUnits() {
        try (Engine e = Engine.open()) {
            Map<String, String> f = fields(text(e.execute("INFO", "memory")));
            assertTrue(Long.parseLong(f.get("used_memory")) > 0);
            assertTrue(f.get("used_memory_human").matches("\\d+\\.\\d\\d[KMG]"));
            assertEquals("0B", f.get("maxmemory_human"));
            assertEquals("noeviction", f.get("maxmemory_policy"));
            assertEquals("1015.52K", InfoFields.human(1039896));
            assertEquals("1023B", InfoFields.human(1023));
            assertEquals("18446744073709551615B", InfoFields.human(-1));
        }
    }

    @Test
    void statsCountCommandsHitsMissesAndErrors() {
        try (Engine e = Engine.open()) {
            e.execute("SET", "k", "v");
            e.execute("GET", "k");
            e.execute("GET", "missing");
            e.execute("NOSUCH");
            Map<String, String> f = fields(text(e.execute("INFO", "stats")));
            assertEquals("1", f.get("keyspace_hits"));
            assertEquals("1", f.get("keyspace_misses"));
            assertEquals("1", f.get("total_error_replies"));
            assertEquals("3", f.get("total_commands_processed"));
        }
    }

    @Test
    void commandstatsAndErrorstatsUseRedisFormat() {
        try (Engine e = Engine.open()) {
            e.execute("GET", "k");
            e.execute("GET", "k");
            e.execute("GET");
            e.execute("CONFIG", "SET", "hz", "x");
            Map<String, String> f = fields(text(e.execute("INFO", "commandstats", "errorstats")));
            assertTrue(f.get("cmdstat_get").matches("calls=2,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,rejected_calls=1,"
                    + "failed_calls=0"), f.get("cmdstat_get"));
            assertTrue(f.get("cmdstat_config|set").endsWith(",rejected_calls=0,failed_calls=1"));
            assertEquals("count=2", f.get("errorstat_ERR"));
        }
    }

    @Test
    void latencystatsGivesTheConfiguredPercentiles() {
        try (Engine e = Engine.open()) {
            e.execute("GET", "k");
            e.execute("CONFIG", "SET", "latency-tracking-info-percentiles", "50 99.99");
            String line = fields(text(e.execute("INFO", "latencystats"))).get("latency_percentiles_usec_get");
            assertTrue(line.matches("p50=\\d+\\.\\d{3},p99\\.99=\\d+\\.\\d{3}"), line);
        }
    }

    @Test
    void keyspaceListsDatabasesWithKeys() {
        try (Engine e = Engine.open()) {
            e.execute("SET", "a", "1");
            e.execute("SET", "b", "1", "EX", "100");
            e.execute("SELECT", "2");
            e.execute("SET", "c", "1");
            e.execute("SELECT", "0");
            Map<String, String> f = fields(text(e.execute("INFO", "keyspace")));
            assertEquals(List.of("db0", "db2"), List.copyOf(f.keySet()));
            assertTrue(f.get("db0").matches("keys=2,expires=1,avg_ttl=\\d+"), f.get("db0"));
            long ttl = Long.parseLong(f.get("db0").substring(f.get("db0").lastIndexOf('=') + 1));
            assertTrue(ttl > 90_000 && ttl <= 100_000, f.get("db0"));
            assertEquals("keys=1,expires=0,avg_ttl=0", f.get("db2"));
        }
    }

    @Test
    void replicationShowsAMasterWhoseIdDebugCanChange() {
        try (Engine e = Engine.open(Map.of("enable-debug-command", "yes"))) {
            Map<String, String> before = fields(text(e.execute("INFO", "replication")));
            assertEquals("master", before.get("role"));
            assertEquals("0".repeat(40), before.get("master_replid2"));
            e.execute("DEBUG", "CHANGE-REPL-ID");
            Map<String, String> after = fields(text(e.execute("INFO", "replication")));
            assertTrue(!before.get("master_replid").equals(after.get("master_replid")));
        }
    }

    @Test
    void sectionsOfFamiliesFollowTheBuiltInOnes() {
        try (Engine e = Engine.open()) {
            e.infoSections().add(new InfoSection() {
                @Override
                public String name() {
                    return "example";
                }

                @Override
                public void write(BiConsumer<String, Object> field) {
                    field.accept("example_answer", 42);
                }
            });
            String info = text(e.execute("INFO"));
            assertTrue(info.endsWith("# Example\r\nexample_answer:42\r\n"), info);
            assertEquals(List.of("Example"), titles(text(e.execute("INFO", "example"))));
        }
    }

    static List<String> titles(String info) {
        List<String> out = new ArrayList<>();
        for (String line : info.split("\r\n")) {
            if (line.startsWith("# ")) {
                out.add(line.substring(2));
            }
        }
        return out;
    }

    static Map<String, String> fields(String info) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : info.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                out.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return out;
    }
}
