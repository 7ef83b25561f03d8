// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.aof;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A point in time as the tools take it: Unix seconds (what {@code #TS:} annotations hold), or an ISO-8601
 * date and time, with an offset ({@code 2026-12-03T06:00:00Z}, {@code …+01:00}) or without (then UTC;
 * a space may replace the T).
 */
public final class AofTimestamp {
    private AofTimestamp() {
    }

    /**
     * @return Unix seconds
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static long parse(String text) {
        String t = text.strip();
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit) && t.length() <= 18) {
            return Long.parseLong(t);
        }
        String iso = t.replace(' ', 'T');
        try {
            return Instant.parse(iso).getEpochSecond();
        } catch (DateTimeParseException e) {
            // not an instant with an offset: try a local date-time, read as UTC
        }
        try {
            return java.time.OffsetDateTime.parse(iso).toEpochSecond();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return LocalDateTime.parse(iso).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time: give Unix seconds (1764745200) or "
                    + "ISO-8601 (2026-12-03T07:00:00Z, 2026-12-03 07:00:00 read as UTC)");
        }
    }

    /** Unix seconds as ISO-8601 UTC, for reports. */
    public static String format(long seconds) {
        return seconds < 0 ? null : Instant.ofEpochSecond(seconds).toString();
    }
}
