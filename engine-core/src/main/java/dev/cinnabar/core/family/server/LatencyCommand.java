// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.command.Command;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.ConfigParam;
import dev.cinnabar.spi.FamilyContext;
import dev.cinnabar.spi.RedisError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** LATENCY LATEST, HISTORY, RESET, GRAPH, DOCTOR, HISTOGRAM and HELP over the {@link LatencyMonitor}. */
final class LatencyCommand {
    private final Engine engine;
    private final LatencyMonitor monitor;

    LatencyCommand(Engine engine, LatencyMonitor monitor) {
        this.engine = engine;
        this.monitor = monitor;
    }

    void register(FamilyContext ctx) {
        ctx.config(ConfigParam.ofBool("latency-tracking", true, v -> monitor.tracking(v.equals("yes"))));
        ctx.command("latency|latest", this::latest);
        ctx.command("latency|history", this::history);
        ctx.command("latency|reset", this::reset);
        ctx.command("latency|graph", this::graph);
        ctx.command("latency|doctor", this::doctor);
        ctx.command("latency|histogram", this::histogram);
        ctx.command("latency|help", this::help);
    }

    /** LATENCY LATEST */
    void latest(CommandContext ctx, Arguments args) {
        ctx.reply().array(monitor.events().size());
        for (Map.Entry<String, LatencyMonitor.Series> e : monitor.events().entrySet()) {
            LatencyMonitor.Sample last = e.getValue().latest();
            ctx.reply().array(4);
            ctx.reply().bulk(e.getKey());
            ctx.reply().integer(last.unixSeconds());
            ctx.reply().integer(last.millis());
            ctx.reply().integer(e.getValue().max);
        }
    }

    /** LATENCY HISTORY event */
    void history(CommandContext ctx, Arguments args) {
        LatencyMonitor.Series series = monitor.series(args.string(2));
        List<LatencyMonitor.Sample> samples = series == null ? List.of() : series.history();
        ctx.reply().array(samples.size());
        for (LatencyMonitor.Sample s : samples) {
            ctx.reply().array(2);
            ctx.reply().integer(s.unixSeconds());
            ctx.reply().integer(s.millis());
        }
    }

    /** LATENCY RESET [event [event ...]] */
    void reset(CommandContext ctx, Arguments args) {
        if (args.size() == 2) {
            ctx.reply().integer(monitor.resetAll());
            return;
        }
        int n = 0;
        for (int i = 2; i < args.size(); i++) {
            n += monitor.reset(args.string(i)) ? 1 : 0;
        }
        ctx.reply().integer(n);
    }

    /** LATENCY GRAPH event */
    void graph(CommandContext ctx, Arguments args) {
        String event = args.string(2);
        LatencyMonitor.Series series = monitor.series(event);
        if (series == null) {
            throw RedisError.err("No samples available for event '" + event + "'");
        }
        ctx.reply().verbatim("txt", LatencyGraph.render(event, series, System.currentTimeMillis() / 1000));
    }

    /** LATENCY DOCTOR */
    void doctor(CommandContext ctx, Arguments args) {
        ctx.reply().verbatim("txt", LatencyGraph.doctor(monitor.events(), engine.coreConfig().latencyMonitorThreshold));
    }

    /** LATENCY HISTOGRAM [command [command ...]] */
    void histogram(CommandContext ctx, Arguments args) {
        Map<String, LatencyHistogram> out = new LinkedHashMap<>();
        if (args.size() == 2) {
            for (Command c : engine.commands().all()) {
                addWithData(c, out);
                for (Command sub : c.subcommands().values()) {
                    addWithData(sub, out);
                }
            }
        } else {
            for (int i = 2; i < args.size(); i++) {
                Command c = engine.commands().get(args.string(i).toLowerCase(Locale.ROOT));
                if (c == null) {
                    continue;
                }
                out.put(c.fullName(), monitor.histogram(c));
                for (Command sub : c.subcommands().values()) {
                    addWithData(sub, out);
                }
            }
        }
        ctx.reply().map(out.size());
        for (Map.Entry<String, LatencyHistogram> e : out.entrySet()) {
            ctx.reply().bulk(e.getKey());
            replyDistribution(ctx, e.getValue());
        }
    }

    private void addWithData(Command c, Map<String, LatencyHistogram> out) {
        LatencyHistogram h = monitor.histogram(c);
        if (h != null) {
            out.put(c.fullName(), h);
        }
    }

    private static void replyDistribution(CommandContext ctx, LatencyHistogram h) {
        ctx.reply().map(2);
        ctx.reply().bulk("calls");
        ctx.reply().integer(h == null ? 0 : h.total());
        ctx.reply().bulk("histogram_usec");
        List<long[]> buckets = new ArrayList<>();
        if (h != null) {
            h.forEachCumulative((nanos, count) -> {
                buckets.add(new long[]{nanos / 1000, count});
                return 0;
            });
        }
        ctx.reply().map(buckets.size());
        for (long[] b : buckets) {
            ctx.reply().integer(b[0]);
            ctx.reply().integer(b[1]);
        }
    }

    /** LATENCY HELP */
    void help(CommandContext ctx, Arguments args) {
        Help.reply(ctx, args,
                "DOCTOR",
                "    Describe the latency spikes recorded so far, in words.",
                "GRAPH <event>",
                "    Draw the samples of <event> as a text chart.",
                "HISTORY <event>",
                "    List the samples of <event> as (Unix time, milliseconds) pairs.",
                "LATEST",
                "    For each event: its name, last sample time, last and highest latency.",
                "RESET [<event> ...]",
                "    Forget the samples of the given events, or of every event when none is named.",
                "HISTOGRAM [COMMAND ...]",
                "    The cumulative latency distribution of the given commands (all commands with calls",
                "    when none is named), in microsecond buckets.");
    }
}
