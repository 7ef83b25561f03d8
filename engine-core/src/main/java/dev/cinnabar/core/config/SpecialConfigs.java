// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.config;

import dev.cinnabar.core.pubsub.Notifier;
import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RedisError;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Parsers of the parameters Redis's {@code config.c} handles one by one ("special" configs and the
 * standard ones with a validity function), with its rules and error reasons. Multi-argument values are
 * split on single spaces, as {@code sdssplitlen(value, " ")} does.
 */
final class SpecialConfigs {
    /** CONFIG_BINDADDR_MAX. */
    private static final int MAX_BIND_ADDRESSES = 16;
    /** NET_HOST_STR_LEN. */
    private static final int HOST_NAME_LIMIT = 256;
    /** CONFIG_REPL_BACKLOG_MIN_SIZE: a smaller backlog is accepted and raised to this. */
    private static final long MIN_BACKLOG = 16 * 1024;
    /** CONFIG_MIN_HZ and CONFIG_MAX_HZ: hz is accepted out of range and clamped. */
    private static final long MIN_HZ = 1;
    private static final long MAX_HZ = 500;
    private static final List<String> BUFFER_CLASSES = List.of("normal", "slave", "pubsub");
    private static final Set<String> TITLE_VARIABLES = Set.of("title", "listen-addr", "server-mode", "port",
            "tls-port", "unixsocket", "config-file");

    private final Function<String, String> current;

    /** @param current the current value of a parameter, by name */
    SpecialConfigs(Function<String, String> current) {
        this.current = current;
    }

    /** The parser for a "special" entry of the table. */
    UnaryOperator<String> parser(BuiltinConfigs.Row row) {
        return switch (row.name()) {
            case "activedefrag" -> SpecialConfigs::activeDefrag;
            case "cluster-announce-hostname" -> SpecialConfigs::hostname;
            case "dbfilename" -> SpecialConfigs::dbFilename;
            case "proc-title-template" -> SpecialConfigs::procTitleTemplate;
            case "hz" -> raw -> hz(raw, row.min(), row.max());
            case "dir" -> SpecialConfigs::dir;
            case "repl-backlog-size" -> raw -> Long.toString(Math.max(MIN_BACKLOG,
                    Long.parseLong(ConfigValues.memory(raw, row.min(), row.max()))));
            case "tls-port" -> raw -> ConfigValues.integer(raw, row.min(), row.max());
            case "tls-cluster", "tls-replication" -> raw -> noTls(ConfigValues.bool(raw), "no");
            case "save" -> SpecialConfigs::save;
            case "client-output-buffer-limit" -> raw -> bufferLimits(raw, current.apply(row.name()));
            case "oom-score-adj-values" -> SpecialConfigs::oomScoreAdjValues;
            case "notify-keyspace-events" -> Notifier::normalize;
            case "bind" -> SpecialConfigs::bind;
            case "replicaof" -> SpecialConfigs::replicaOf;
            case "latency-tracking-info-percentiles" -> SpecialConfigs::percentiles;
            case "shutdown-on-sigint", "shutdown-on-sigterm" -> raw -> shutdownOnSignal(raw, row.values());
            default -> throw new IllegalArgumentException("no parser for special config " + row.name());
        };
    }

    private static String activeDefrag(String raw) {
        String v = ConfigValues.bool(raw);
        if (v.equals("yes")) {
            throw RedisError.err("Active defragmentation cannot be enabled: it requires a Redis server compiled "
                    + "with a modified Jemalloc like the one shipped by default with the Redis source distribution");
        }
        return v;
    }

    /**
     * Cinnabar has no TLS for replication or cluster links, so turning them on fails as it does in Redis when
     * TLS cannot be configured; the "off" value is accepted.
     */
    private static String noTls(String value, String off) {
        if (!value.equals(off)) {
            throw RedisError.err("Unable to update TLS configuration. Check server logs.");
        }
        return value;
    }

    private static String hostname(String raw) {
        if (raw.getBytes(StandardCharsets.UTF_8).length >= HOST_NAME_LIMIT) {
            throw RedisError.err("Hostnames must be less than " + HOST_NAME_LIMIT + " characters");
        }
        for (char c : raw.toCharArray()) {
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '.';
            if (!ok) {
                throw RedisError.err("Hostnames may only contain alphanumeric characters, hyphens or dots");
            }
        }
        return raw;
    }

    private static String dbFilename(String raw) {
        if (raw.indexOf('/') >= 0 || raw.indexOf('\\') >= 0) {
            throw RedisError.err("dbfilename can't be a path, just a filename");
        }
        return raw;
    }

    /** Redis's {@code validateProcTitleTemplate}: known {@code {variables}}, and not empty once expanded. */
    private static String procTitleTemplate(String raw) {
        RedisError invalid = RedisError.err("template format is invalid or contains unknown variables");
        StringBuilder expanded = new StringBuilder();
        int p = 0;
        while (p < raw.length()) {
            int open = raw.indexOf('{', p);
            if (open < 0) {
                expanded.append(raw, p, raw.length());
                break;
            }
            expanded.append(raw, p, open);
            if (open + 1 >= raw.length()) {
                throw invalid;
            }
            if (raw.charAt(open + 1) == '{') {
                expanded.append('{');
                p = open + 2;
                continue;
            }
            int close = raw.indexOf('}', open + 1);
            if (close < 0 || !TITLE_VARIABLES.contains(raw.substring(open + 1, close))) {
                throw invalid;
            }
            // every variable but {title} expands to something non-empty on a listening server
            expanded.append(raw.substring(open + 1, close).equals("title") ? "" : "x");
            p = close + 1;
        }
        if (expanded.toString().strip().isEmpty()) {
            throw invalid;
        }
        return raw;
    }

    private static String hz(String raw, long min, long max) {
        long v = Long.parseLong(ConfigValues.integer(raw, min, max));
        return Long.toString(Math.max(MIN_HZ, Math.min(MAX_HZ, v)));
    }

    private static String dir(String raw) {
        Path path = Path.of(raw).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw RedisError.err("No such file or directory");
        }
        if (!Files.isDirectory(path)) {
            throw RedisError.err("Not a directory");
        }
        return path.toString();
    }

    private static String save(String raw) {
        List<String> args = split(raw);
        if (args.size() == 1 && args.get(0).isEmpty()) {
            return "";
        }
        RedisError invalid = RedisError.err("Invalid save parameters");
        if (args.size() % 2 != 0) {
            throw invalid;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            long v = ConfigValues.strtoll(args.get(i), invalid);
            if ((i % 2 == 0 && v < 1) || (i % 2 == 1 && v < 0)) {
                throw invalid;
            }
            // changes is a C int in Redis
            out.append(i == 0 ? "" : " ").append(i % 2 == 0 ? v : (int) v);
        }
        return out.toString();
    }

    /** Updates the classes named in {@code raw} and keeps the others, as {@code updateClientOutputBufferLimit}. */
    private static String bufferLimits(String raw, String previous) {
        List<String> args = raw.isEmpty() ? List.of() : split(raw);
        if (args.size() % 4 != 0) {
            throw RedisError.err("Wrong number of arguments in buffer limit configuration.");
        }
        String[] limits = new String[BUFFER_CLASSES.size()];
        String[] old = previous.split(" ");
        for (int c = 0; c < limits.length; c++) {
            limits[c] = old[c * 4 + 1] + " " + old[c * 4 + 2] + " " + old[c * 4 + 3];
        }
        RedisError bad = RedisError.err("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
        for (int j = 0; j < args.size(); j += 4) {
            String name = args.get(j).toLowerCase(Locale.ROOT);
            int c = BUFFER_CLASSES.indexOf(name.equals("replica") ? "slave" : name);
            if (c < 0) {
                throw RedisError.err("Invalid client class specified in buffer limit configuration.");
            }
            long hard;
            long soft;
            try {
                hard = ConfigValues.memtoull(args.get(j + 1), "");
                soft = ConfigValues.memtoull(args.get(j + 2), "");
            } catch (RedisError e) {
                throw bad;
            }
            long seconds = ConfigValues.strtoll(args.get(j + 3), bad);
            if (seconds < 0) {
                throw bad;
            }
            limits[c] = Long.toUnsignedString(hard) + " " + Long.toUnsignedString(soft) + " " + (int) seconds;
        }
        StringBuilder out = new StringBuilder();
        for (int c = 0; c < limits.length; c++) {
            out.append(c == 0 ? "" : " ").append(BUFFER_CLASSES.get(c)).append(' ').append(limits[c]);
        }
        return out.toString();
    }

    private static String oomScoreAdjValues(String raw) {
        List<String> args = split(raw);
        if (args.size() != 3) {
            throw RedisError.err("wrong number of arguments");
        }
        RedisError invalid = RedisError.err("Invalid oom-score-adj-values, elements must be between -2000 and 2000.");
        StringBuilder out = new StringBuilder();
        for (String a : args) {
            long v = ConfigValues.strtoll(a, invalid);
            if (v < -2000 || v > 2000) {
                throw invalid;
            }
            out.append(out.length() == 0 ? "" : " ").append(v);
        }
        return out.toString();
    }

    private static String bind(String raw) {
        List<String> args = split(raw);
        if (args.size() > MAX_BIND_ADDRESSES) {
            throw RedisError.err("Too many bind addresses specified.");
        }
        return String.join(" ", args);
    }

    private static String replicaOf(String raw) {
        List<String> args = split(raw);
        if (args.size() != 2) {
            throw RedisError.err("wrong number of arguments");
        }
        if (args.get(0).equalsIgnoreCase("no") && args.get(1).equalsIgnoreCase("one")) {
            return "";
        }
        long port = ConfigValues.strtoll(args.get(1), RedisError.err("Invalid master port"));
        if (port < 0 || port > 65535) {
            throw RedisError.err("Invalid master port");
        }
        return args.get(0) + " " + port;
    }

    private static String percentiles(String raw) {
        List<String> args = split(raw);
        if (args.size() == 1 && args.get(0).isEmpty()) {
            return "";
        }
        RedisError invalid = RedisError.err("Invalid latency-tracking-info-percentiles parameters");
        StringBuilder out = new StringBuilder();
        for (String a : args) {
            if (a.isEmpty() || Character.isWhitespace(a.charAt(0))) {
                throw invalid;
            }
            double p = Numbers.parseDouble(a.getBytes(StandardCharsets.UTF_8), invalid);
            if (p > 100.0 || p < 0.0) {
                throw RedisError.err("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
            }
            out.append(out.length() == 0 ? "" : " ").append(ConfigValues.percentile(p));
        }
        return out.toString();
    }

    private static String shutdownOnSignal(String raw, List<String> values) {
        String v = ConfigValues.multiEnumeration(raw, values);
        List<String> chosen = List.of(v.split(" "));
        if (chosen.contains("save") && chosen.contains("nosave")) {
            throw RedisError.err("shutdown options SAVE and NOSAVE can't be used simultaneously");
        }
        return v;
    }

    /** {@code sdssplitlen(value, len, " ", 1)}: every single space separates, so empty words appear. */
    static List<String> split(String raw) {
        if (raw.isEmpty()) {
            return new ArrayList<>(List.of(""));
        }
        return new ArrayList<>(List.of(raw.split(" ", -1)));
    }
}
