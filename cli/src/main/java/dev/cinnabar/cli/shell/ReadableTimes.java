// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import dev.cinnabar.core.resp.RespValue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * {@code :time on}: replies that are Unix times or durations get their human form after the raw value, in
 * the formatted output: {@code (integer) 5400 (1h 30m 0s)}, {@code (integer) 1764748800 (2025-12-03
 * 08:00:00 UTC)}. TTL, PTTL and OBJECT IDLETIME are durations; EXPIRETIME, PEXPIRETIME, LASTSAVE and
 * TIME are times; TTL's and EXPIRETIME's -1 and -2 say what they mean.
 */
final class ReadableTimes {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT);
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS z", Locale.ROOT);
    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS z", Locale.ROOT);

    private enum Kind { SECONDS_LEFT, MILLIS_LEFT, IDLE_SECONDS, UNIX_SECONDS, UNIX_MILLIS, SERVER_TIME }

    private ReadableTimes() {
    }

    /** {@code formatted} (the reply as printed) with the human form added, or as it is when none applies. */
    static byte[] annotate(List<byte[]> args, RespValue reply, byte[] formatted, ZoneId zone) {
        Kind kind = kind(args);
        if (kind == null) {
            return formatted;
        }
        String text = new String(formatted, StandardCharsets.UTF_8);
        if (kind == Kind.SERVER_TIME) {
            if (!(reply instanceof RespValue.Array a) || a.items().size() != 2
                    || !(a.items().get(0) instanceof RespValue.Bulk s) || !(a.items().get(1) instanceof RespValue.Bulk u)) {
                return formatted;
            }
            try {
                Instant at = Instant.ofEpochSecond(Long.parseLong(s.text()), Long.parseLong(u.text()) * 1000);
                int eol = text.indexOf('\n');
                return (text.substring(0, eol) + " (" + MICROS.format(at.atZone(zone)) + ")" + text.substring(eol))
                        .getBytes(StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                return formatted;
            }
        }
        if (!(reply instanceof RespValue.Integer n) || !text.endsWith("\n")) {
            return formatted;
        }
        String human = human(kind, n.value(), zone);
        return human == null ? formatted
                : (text.substring(0, text.length() - 1) + " (" + human + ")\n").getBytes(StandardCharsets.UTF_8);
    }

    private static Kind kind(List<byte[]> args) {
        String command = ShellSession.text(args.get(0)).toLowerCase(Locale.ROOT);
        return switch (command) {
            case "ttl" -> Kind.SECONDS_LEFT;
            case "pttl" -> Kind.MILLIS_LEFT;
            case "expiretime", "lastsave" -> Kind.UNIX_SECONDS;
            case "pexpiretime" -> Kind.UNIX_MILLIS;
            case "time" -> Kind.SERVER_TIME;
            case "object" -> args.size() >= 2 && ShellSession.text(args.get(1)).equalsIgnoreCase("idletime")
                    ? Kind.IDLE_SECONDS : null;
            default -> null;
        };
    }

    private static String human(Kind kind, long value, ZoneId zone) {
        if (value == -1 && kind != Kind.IDLE_SECONDS) {
            return "no expiry";
        }
        if (value == -2 && kind != Kind.IDLE_SECONDS) {
            return "no such key";
        }
        if (value < 0) {
            return null;
        }
        return switch (kind) {
            case SECONDS_LEFT, IDLE_SECONDS -> duration(value * 1000, false);
            case MILLIS_LEFT -> duration(value, true);
            case UNIX_SECONDS -> SECONDS.format(Instant.ofEpochSecond(value).atZone(zone));
            case UNIX_MILLIS -> MILLIS.format(Instant.ofEpochMilli(value).atZone(zone));
            case SERVER_TIME -> null;
        };
    }

    /** {@code 1d 2h 3m 4s}, from the largest unit that is not zero; milliseconds as a fraction when asked. */
    static String duration(long millis, boolean showMillis) {
        long seconds = millis / 1000;
        long[] parts = {seconds / 86400, seconds / 3600 % 24, seconds / 60 % 60};
        String[] units = {"d", "h", "m"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] != 0 || sb.length() > 0) {
                sb.append(parts[i]).append(units[i]).append(' ');
            }
        }
        sb.append(seconds % 60);
        if (showMillis) {
            sb.append('.').append(String.format(Locale.ROOT, "%03d", millis % 1000));
        }
        return sb.append('s').toString();
    }
}
