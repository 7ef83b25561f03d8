// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import dev.cinnabar.spi.ReplyWriter;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reply pieces the consumer-group commands share: ids, entries and the help text's frame. */
final class GroupReplies {
    private GroupReplies() {
    }

    /**
     * A name as Redis's {@code %s} prints it into an error line: up to its first NUL byte (a C string).
     */
    static String cString(byte[] name) {
        int end = 0;
        while (end < name.length && name[end] != 0) {
            end++;
        }
        return new String(name, 0, end, StandardCharsets.UTF_8);
    }

    static byte[] idBytes(StreamId id) {
        return id.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static void id(ReplyWriter out, StreamId id) {
        out.bulk(idBytes(id));
    }

    /** {@code [id, [field, value, …]]}, as Redis's {@code streamReplyWithRange} emits one entry. */
    static void entry(ReplyWriter out, StreamId id, byte[][] fieldsAndValues) {
        out.array(2);
        id(out, id);
        out.array(fieldsAndValues.length);
        for (byte[] v : fieldsAndValues) {
            out.bulk(v);
        }
    }

    /** The entry {@code id} if it exists, else a null (as XCLAIM and XAUTOCLAIM report a vanished entry). */
    static void entryOrNull(ReplyWriter out, Stream s, StreamId id) {
        byte[][] fields = s.get(id);
        if (fields == null) {
            out.nullBulk();
        } else {
            entry(out, id, fields);
        }
    }

    /** Redis's {@code addReplyHelp}: a header naming the command as typed, the lines, then HELP. */
    static void help(ReplyWriter out, String command, String... lines) {
        out.array(lines.length + 3);
        out.simple(command.toUpperCase(Locale.ROOT) + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String line : lines) {
            out.simple(line);
        }
        out.simple("HELP");
        out.simple("    Prints this help.");
    }
}
