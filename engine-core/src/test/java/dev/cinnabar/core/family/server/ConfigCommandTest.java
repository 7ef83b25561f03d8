// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.resp.RespValue;
import dev.cinnabar.spi.ConfigParam;
import dev.cinnabar.spi.RedisError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.cinnabar.core.family.server.Replies.list;
import static dev.cinnabar.core.family.server.Replies.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigCommandTest {
    /** Values that depend on how the reference server was started, or that Cinnabar chose differently. */
    private static final Set<String> STARTUP_DEPENDENT = Set.of("port", "dir", "bind");

    @Test
    void configGetStarListsEveryRedisParameterWithRedisDefaults() throws IOException {
        Map<String, String> redis = new TreeMap<>();
        try (InputStream in = getClass().getResourceAsStream("/dev/cinnabar/core/family/server/config-defaults-7.0.15.txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.startsWith("#")) {
                    String[] f = line.split("\t", -1);
                    redis.put(f[0], f[1]);
                }
            }
        }
        try (Engine e = Engine.open()) {
            Map<String, String> ours = pairs(e.execute("CONFIG", "GET", "*"));
            assertEquals(redis.keySet(), ours.keySet());
            for (Map.Entry<String, String> p : redis.entrySet()) {
                if (!STARTUP_DEPENDENT.contains(p.getKey())) {
                    assertEquals(p.getValue(), ours.get(p.getKey()), p.getKey());
                }
            }
        }
    }

    @Test
    void configGetTakesSeveralPatternsAndListsEachParameterOnce() {
        try (Engine e = Engine.open()) {
            Map<String, String> got = pairs(e.execute("CONFIG", "GET", "MAXMEMORY", "maxmemory", "maxmemory-*"));
            assertEquals(List.of("MAXMEMORY", "maxmemory-clients", "maxmemory-eviction-tenacity",
                    "maxmemory-policy", "maxmemory-samples"), List.copyOf(got.keySet()));
            assertEquals("0", got.get("MAXMEMORY"));
            assertTrue(pairs(e.execute("CONFIG", "GET", "nosuch")).isEmpty());
        }
    }

    @Test
    void aliasesAreListedAndSetLikeTheirParameter() {
        try (Engine e = Engine.open()) {
            assertEquals("OK", text(e.execute("CONFIG", "SET", "hash-max-ziplist-entries", "100")));
            assertEquals("100", pairs(e.execute("CONFIG", "GET", "hash-max-listpack-entries"))
                    .get("hash-max-listpack-entries"));
            assertEquals(Set.of("hash-max-listpack-entries", "hash-max-ziplist-entries"),
                    pairs(e.execute("CONFIG", "GET", "hash-max-*-entries")).keySet());
        }
    }

    @Test
    void hiddenParametersAnswerOnlyToTheirExactName() {
        try (Engine e = Engine.open()) {
            assertEquals(Map.of("watchdog-period", "0"), pairs(e.execute("CONFIG", "GET", "watchdog-period")));
            assertTrue(pairs(e.execute("CONFIG", "GET", "watchdog-*")).isEmpty());
        }
    }

    @Test
    void configSetParsesValuesByTypeWithRedisReasons() {
        try (Engine e = Engine.open()) {
            assertEquals("ERR CONFIG SET failed (possibly related to argument 'activerehashing') - argument must be "
                    + "'yes' or 'no'", text(e.execute("CONFIG", "SET", "activerehashing", "maybe")));
            assertEquals("ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed "
                    + "into an integer", text(e.execute("CONFIG", "SET", "hz", "05")));
            assertEquals("ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument must be "
                    + "between 1 and 4294967295 inclusive", text(e.execute("CONFIG", "SET", "maxclients", "0")));
            assertEquals("ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a "
                    + "memory value", text(e.execute("CONFIG", "SET", "MAXMEMORY", "1.5mb")));
            assertEquals("ERR CONFIG SET failed (possibly related to argument 'loglevel') - argument(s) must be one "
                    + "of the following: debug, verbose, notice, warning",
                    text(e.execute("CONFIG", "SET", "loglevel", "loud")));
            assertEquals("OK", text(e.execute("CONFIG", "SET", "maxmemory", "1Gb", "loglevel", "WARNING")));
            assertEquals("1073741824", e.config().get("maxmemory"));
            assertEquals("warning", e.config().get("loglevel"));
        }
    }

    @Test
    void configSetRefusesUnknownImmutableProtectedAndRepeatedNames() {
        try (Engine e = Engine.open()) {
            assertEquals("ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'",
                    text(e.execute("CONFIG", "SET", "hz", "5", "nosuch", "1")));
            assertEquals("ERR CONFIG SET failed (possibly related to argument 'DATABASES') - can't set immutable "
                    + "config", text(e.execute("CONFIG", "SET", "DATABASES", "2")));
            assertEquals("ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config",
                    text(e.execute("CONFIG", "SET", "dir", "/tmp")));
            assertEquals("ERR CONFIG SET failed (possibly related to argument 'HZ') - duplicate parameter",
                    text(e.execute("CONFIG", "SET", "hz", "5", "HZ", "6")));
            assertEquals("ERR syntax error", text(e.execute("CONFIG", "SET", "hz", "5", "maxmemory")));
            assertEquals("10", e.config().get("hz"));
        }
    }

    @Test
    void configSetChangesNothingWhenOneValueIsInvalid() {
        try (Engine e = Engine.open()) {
            assertTrue(text(e.execute("CONFIG", "SET", "maxmemory", "5mb", "hz", "x")).startsWith("ERR CONFIG SET"));
            assertEquals("0", e.config().get("maxmemory"));
        }
    }

    @Test
    void configSetRollsEverythingBackWhenAListenerRefuses() {
        try (Engine e = Engine.open()) {
            StringBuilder applied = new StringBuilder();
            e.config().register(ConfigParam.ofInt("test-first", 1, 0, 100, v -> applied.append(v).append(',')));
            e.config().register(ConfigParam.ofInt("test-second", 1, 0, 100, v -> {
                if (v.equals("13")) {
                    throw RedisError.err("thirteen is unlucky");
                }
            }));
            assertEquals("ERR CONFIG SET failed (possibly related to argument 'test-second') - thirteen is unlucky",
                    text(e.execute("CONFIG", "SET", "test-first", "7", "test-second", "13")));
            assertEquals("1", e.config().get("test-first"));
            assertEquals("1,7,1,", applied.toString());
        }
    }

    @Test
    void multiArgumentParametersAreNormalizedAsRedisPrintsThem() {
        try (Engine e = Engine.open()) {
            e.execute("CONFIG", "SET", "save", "+100 01 200 2");
            assertEquals("100 1 200 2", e.config().get("save"));
            e.execute("CONFIG", "SET", "client-output-buffer-limit", "replica 1mb 2 3");
            assertEquals("normal 0 0 0 slave 1048576 2 3 pubsub 33554432 8388608 60",
                    e.config().get("client-output-buffer-limit"));
            e.execute("CONFIG", "SET", "shutdown-on-sigterm", "FORCE now");
            assertEquals("now force", e.config().get("shutdown-on-sigterm"));
            assertEquals("ERR CONFIG SET failed (possibly related to argument 'shutdown-on-sigterm') - shutdown "
                    + "options SAVE and NOSAVE can't be used simultaneously",
                    text(e.execute("CONFIG", "SET", "shutdown-on-sigterm", "save nosave")));
            e.execute("CONFIG", "SET", "maxmemory-clients", "10%");
            assertEquals("10%", e.config().get("maxmemory-clients"));
            e.execute("CONFIG", "SET", "hz", "1000");
            assertEquals("500", e.config().get("hz"));
            assertEquals(500, e.cronFrequency());
        }
    }

    @Test
    void notifyKeyspaceEventsIsPrintedNormalizedAndApplied() {
        try (Engine e = Engine.open()) {
            assertEquals("OK", text(e.execute("CONFIG", "SET", "notify-keyspace-events", "KEA")));
            assertEquals("AKE", e.config().get("notify-keyspace-events"));
            assertEquals("AKE", e.notifier().flags());
            e.execute("CONFIG", "SET", "notify-keyspace-events", "Knm");
            assertEquals("nKm", e.config().get("notify-keyspace-events"));
            assertEquals("ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - Invalid "
                    + "event class character. Use 'Ag$lshzxeKEtmdn'.",
                    text(e.execute("CONFIG", "SET", "notify-keyspace-events", "Q")));
        }
    }

    @Test
    void resetstatZeroesCommandAndErrorCounters() {
        try (Engine e = Engine.open()) {
            e.execute("GET", "k");
            e.execute("NOSUCH");
            assertEquals("OK", text(e.execute("CONFIG", "RESETSTAT")));
            String info = text(e.execute("INFO", "commandstats", "errorstats"));
            assertFalse(info.contains("cmdstat_get"));
            assertFalse(info.contains("errorstat_ERR"));
            assertTrue(info.contains("cmdstat_config|resetstat") || !info.contains("cmdstat_"));
        }
    }

    @Test
    void rewriteKeepsCommentsAndPutsValuesWhereTheyWere(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cinnabar.conf");
        Files.writeString(file, "# mine\nmaxmemory 1mb\nslave-read-only no\nhz 5\nhz 6\n\n\n# end\n");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("maxmemory", "1mb");
        settings.put("slave-read-only", "no");
        settings.put("hz", "6");
        try (Engine e = Engine.open(settings, file)) {
            e.execute("CONFIG", "SET", "maxmemory", "2mb", "notify-keyspace-events", "KEA", "hz", "10");
            assertEquals("OK", text(e.execute("CONFIG", "REWRITE")));
            String rewritten = Files.readString(file);
            assertTrue(rewritten.startsWith("# mine\nmaxmemory 2mb\nreplica-read-only no\nhz 10\n\n# end\n"),
                    rewritten);
            assertTrue(rewritten.contains("# end\n\n# Generated by CONFIG REWRITE\n"), rewritten);
            assertTrue(rewritten.contains("notify-keyspace-events \"AKE\"\n"), rewritten);
            assertTrue(rewritten.contains("\ndir \"" + e.config().get("dir") + "\"\n"), rewritten);
        }
    }

    @Test
    void rewriteWithoutAConfigFileIsAnError() {
        try (Engine e = Engine.open()) {
            assertEquals("ERR The server is running without a config file", text(e.execute("CONFIG", "REWRITE")));
        }
    }

    @Test
    void helpListsTheSubcommands() {
        try (Engine e = Engine.open()) {
            List<String> help = list(e.execute("CONFIG", "HELP"));
            assertEquals("CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", help.get(0));
            assertTrue(help.contains("GET <pattern>"));
            assertTrue(help.contains("HELP"));
        }
    }

    @Test
    void parametersWithoutBehaviourAreKnownAsStoredOnly() {
        try (Engine e = Engine.open()) {
            assertTrue(e.config().storedOnly().contains("maxmemory-policy"));
            assertFalse(e.config().storedOnly().contains("slowlog-max-len"));
            assertFalse(e.config().storedOnly().contains("latency-tracking"));
        }
    }

    static Map<String, String> pairs(RespValue reply) {
        List<String> flat = list(reply);
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            out.put(flat.get(i), flat.get(i + 1));
        }
        return out;
    }
}
