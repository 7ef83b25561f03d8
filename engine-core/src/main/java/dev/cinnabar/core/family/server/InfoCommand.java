// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.command.Command;
import dev.cinnabar.core.config.ConfigValues;
import dev.cinnabar.core.keyspace.ByteKeyMap;
import dev.cinnabar.core.keyspace.Database;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.ConfigParam;
import dev.cinnabar.spi.FamilyContext;
import dev.cinnabar.spi.InfoSection;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * INFO [section [section ...]] ({@code genRedisInfoString}): Redis 7.0's sections in its order, then the
 * sections families register, which count as built-in ones. Plain INFO and {@code default} give the
 * default sections; {@code all} and {@code everything} give every section (Redis's difference between the
 * two is Redis modules' own sections, and Cinnabar loads no Redis modules).
 */
final class InfoCommand {
    /** The sections of plain INFO (Redis's {@code default_sections}). */
    private static final List<String> DEFAULT_SECTIONS = List.of("server", "clients", "memory", "persistence",
            "stats", "replication", "cpu", "module_list", "errorstats", "cluster", "keyspace");
    /** Keys with a TTL sampled to estimate a database's average TTL. */
    private static final int TTL_SAMPLES = 64;

    /** What one INFO call asked for. */
    private record Selection(Set<String> names, boolean defaults, boolean all) {
        boolean wants(String section) {
            return all || names.contains(section);
        }
    }

    private final Engine engine;
    private final LatencyMonitor latency;
    private final ServerMetrics metrics;
    private final InfoFields fields;
    private double[] percentiles = {50, 99, 99.9};

    InfoCommand(Engine engine, LatencyMonitor latency, ServerMetrics metrics) {
        this.engine = engine;
        this.latency = latency;
        this.metrics = metrics;
        this.fields = new InfoFields(engine, metrics);
    }

    void register(FamilyContext ctx) {
        ctx.config(ConfigParam.ofString("latency-tracking-info-percentiles", "50 99 99.9",
                v -> percentiles = v.isEmpty() ? new double[0]
                        : java.util.Arrays.stream(v.split(" ")).mapToDouble(Double::parseDouble).toArray()));
        engine.onCron(metrics::sample);
        ctx.command("info", this::info);
    }

    /** INFO [section [section ...]] */
    void info(CommandContext ctx, Arguments args) {
        ctx.reply().verbatim("txt", render(select(args)));
    }

    private static Selection select(Arguments args) {
        Set<String> names = new HashSet<>();
        boolean defaults = args.size() == 1;
        boolean all = false;
        for (int i = 1; i < args.size(); i++) {
            String section = args.string(i).toLowerCase(Locale.ROOT);
            switch (section) {
                case "all", "everything" -> all = true;
                case "default" -> defaults = true;
                default -> names.add(section);
            }
        }
        if (defaults) {
            names.addAll(DEFAULT_SECTIONS);
        }
        return new Selection(names, defaults, all);
    }

    private String render(Selection s) {
        StringBuilder out = new StringBuilder();
        InfoFields.Sink sink = (name, value) -> out.append(name).append(':').append(value).append("\r\n");
        section(out, s.wants("server"), "Server", () -> fields.server(sink));
        section(out, s.wants("clients"), "Clients", () -> fields.clients(sink));
        section(out, s.wants("memory"), "Memory", () -> fields.memory(sink));
        section(out, s.wants("persistence"), "Persistence", () -> fields.persistence(sink));
        section(out, s.wants("stats"), "Stats", () -> fields.stats(sink));
        section(out, s.wants("replication"), "Replication", () -> fields.replication(sink));
        section(out, s.wants("cpu"), "CPU", () -> fields.cpu(sink));
        // Cinnabar loads no Redis modules: the list is empty
        section(out, s.wants("module_list") || s.wants("modules"), "Modules", () -> { });
        section(out, s.wants("commandstats"), "Commandstats", () -> commandStats(sink));
        section(out, s.wants("errorstats"), "Errorstats", () -> errorStats(sink));
        section(out, s.wants("latencystats"), "Latencystats", () -> latencyStats(out));
        section(out, s.wants("cluster"), "Cluster", () -> sink.field("cluster_enabled", 0));
        section(out, s.wants("keyspace"), "Keyspace", () -> keyspace(sink));
        for (InfoSection plugin : engine.infoSections()) {
            boolean wanted = s.wants(plugin.name()) || (plugin.inDefault() && s.defaults());
            section(out, wanted, title(plugin.name()), () -> plugin.write(sink::field));
        }
        return out.toString();
    }

    private static void section(StringBuilder out, boolean wanted, String title, Runnable body) {
        if (!wanted) {
            return;
        }
        if (out.length() > 0) {
            out.append("\r\n");
        }
        out.append("# ").append(title).append("\r\n");
        body.run();
    }

    private static String title(String name) {
        return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private void commandStats(InfoFields.Sink sink) {
        forEachCommand(c -> {
            if (c.calls != 0 || c.failedCalls != 0 || c.rejectedCalls != 0) {
                // Redis divides in C float
                float perCall = c.calls == 0 ? 0 : (float) c.microseconds / c.calls;
                sink.field("cmdstat_" + c.fullName(), "calls=" + c.calls + ",usec=" + c.microseconds
                        + ",usec_per_call=" + InfoFields.fixed2(perCall) + ",rejected_calls=" + c.rejectedCalls
                        + ",failed_calls=" + c.failedCalls);
            }
        });
    }

    private void errorStats(InfoFields.Sink sink) {
        for (Map.Entry<String, Long> e : engine.stats().errorCounts.entrySet()) {
            sink.field("errorstat_" + e.getKey(), "count=" + e.getValue());
        }
    }

    private void latencyStats(StringBuilder out) {
        forEachCommand(c -> {
            LatencyHistogram h = latency.histogram(c);
            if (h == null) {
                return;
            }
            out.append("latency_percentiles_usec_").append(c.fullName()).append(':');
            for (int j = 0; j < percentiles.length; j++) {
                out.append(j == 0 ? "" : ",").append('p').append(ConfigValues.percentile(percentiles[j]))
                        .append('=').append(String.format(Locale.ROOT, "%.3f",
                                h.valueAtPercentile(percentiles[j]) / 1000.0));
            }
            out.append("\r\n");
        });
    }

    /** Every registered command, each followed by its subcommands. */
    private void forEachCommand(Consumer<Command> visitor) {
        for (Command c : engine.commands().all()) {
            visitor.accept(c);
            c.subcommands().values().forEach(visitor);
        }
    }

    private void keyspace(InfoFields.Sink sink) {
        long now = engine.now();
        for (int i = 0; i < engine.databaseCount(); i++) {
            Database db = engine.database(i);
            long keys = db.size();
            long expires = db.expiresSize();
            if (keys != 0 || expires != 0) {
                sink.field("db" + i, "keys=" + keys + ",expires=" + expires + ",avg_ttl=" + averageTtl(db, now));
            }
        }
    }

    /** An estimate of the remaining TTL of a database's volatile keys, in ms, from a random sample. */
    private static long averageTtl(Database db, long now) {
        if (db.expiresSize() == 0) {
            return 0;
        }
        ByteKeyMap entries = db.entries();
        long sum = 0;
        int counted = 0;
        for (int n = 0; n < TTL_SAMPLES; n++) {
            int slot = entries.randomSlot();
            long at = slot < 0 ? 0 : entries.expiryAt(slot);
            if (at > now) {
                sum += at - now;
                counted++;
            }
        }
        return counted == 0 ? 0 : sum / counted;
    }
}
