// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import dev.cinnabar.core.resp.RespValue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * {@code --stat}: one line of INFO figures per interval (1 s, or {@code -i}) as redis-cli 7.0 prints them —
 * keys, memory, clients, blocked clients, commands processed (with the change since the line before),
 * connections received and the persistence child at work — with the header again every 20 lines.
 */
public final class StatMode {
    private final Connection connection;
    private final PrintStream out;
    private final long intervalMillis;

    public StatMode(Connection connection, PrintStream out, double intervalSeconds) {
        this.connection = connection;
        this.out = out;
        long interval = (long) (intervalSeconds * 1000);
        this.intervalMillis = interval > 0 ? interval : 1000;
    }

    /** Prints lines until interrupted, or {@code maxLines} of them (a limit for tests; negative: none). */
    public void run(long maxLines) throws IOException, InterruptedException {
        long requests = 0;
        for (long i = 0; maxLines < 0 || i < maxLines; i++) {
            RespValue reply = connection.execute(List.of("INFO".getBytes(StandardCharsets.UTF_8)));
            if (reply instanceof RespValue.Error e) {
                throw new IOException(e.line());
            }
            String info = reply instanceof RespValue.Bulk b ? b.text() : reply.toString();
            if (i % 20 == 0) {
                out.print("------- data ------ --------------------- load -------------------- - child -\n");
                out.print("keys       mem      clients blocked requests            connections          \n");
            }
            long keys = 0;
            for (String line : info.split("\r\n")) {
                if (line.matches("db\\d+:keys=.*")) {
                    keys += Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
                }
            }
            out.printf(Locale.ROOT, "%-11s", keys);
            out.printf(Locale.ROOT, "%-8s", human(field(info, "used_memory")));
            out.printf(Locale.ROOT, " %-8s", field(info, "connected_clients"));
            out.printf(Locale.ROOT, "%-8s", field(info, "blocked_clients"));
            long processed = field(info, "total_commands_processed");
            out.printf(Locale.ROOT, "%-19s", processed + " (+" + (i == 0 ? 0 : processed - requests) + ")");
            requests = processed;
            out.printf(Locale.ROOT, " %-12s", field(info, "total_connections_received"));
            int children = (field(info, "rdb_bgsave_in_progress") != 0 ? 1 : 0)
                    | (field(info, "aof_rewrite_in_progress") != 0 ? 2 : 0) | (field(info, "loading") != 0 ? 4 : 0);
            out.print(switch (children) {
                case 1 -> "SAVE";
                case 2 -> "AOF";
                case 3 -> "SAVE+AOF";
                case 4 -> "LOAD";
                default -> "";
            });
            out.print("\n");
            out.flush();
            if (maxLines < 0 || i + 1 < maxLines) {
                Thread.sleep(intervalMillis);
            }
        }
    }

    private static long field(String info, String name) {
        String prefix = name + ":";
        for (String line : info.split("\r\n")) {
            if (line.startsWith(prefix)) {
                try {
                    return Long.parseLong(line.substring(prefix.length()).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    /** redis-cli's {@code bytesToHuman}: {@code 512B}, {@code 1.42M}. */
    public static String human(long n) {
        String[] units = {"K", "M", "G", "T", "P"};
        if (n < 1024) {
            return n + "B";
        }
        double d = n;
        int u = -1;
        while (d >= 1024 && u < units.length - 1) {
            d /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f%s", d, units[u]);
    }
}
