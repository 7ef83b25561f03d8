// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import dev.cinnabar.core.resp.RespValue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Formats replies byte for byte as redis-cli 7.0 does: {@link #tty} is {@code cliFormatReplyTTY} (the
 * default on a terminal), {@link #raw} is {@code cliFormatReplyRaw} ({@code --raw}, and the default when
 * stdout is not a terminal), {@link #csv} and {@link #json} are {@code --csv}, {@code --json} and
 * {@code --quoted-json}. One difference: redis-cli 7.0 exits on a RESP3 big number; we print
 * {@code (big number) 123} (its digits in the other forms), as later redis-cli versions do.
 */
public final class ReplyFormatter {
    private ReplyFormatter() {
    }

    /** The human form, ending in a newline. */
    public static byte[] tty(RespValue reply) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tty(out, reply, "");
        return out.toByteArray();
    }

    /** The raw form, as {@code --raw} prints it: without the newline redis-cli appends after each reply. */
    public static byte[] raw(RespValue reply) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        raw(out, reply);
        return out.toByteArray();
    }

    /** {@code sdscatrepr}: a bulk string in double quotes with C escapes for unprintable bytes. */
    public static String repr(byte[] value) {
        StringBuilder sb = new StringBuilder(value.length + 2).append('"');
        for (byte b : value) {
            int c = b & 0xff;
            switch (c) {
                case '\\', '"' -> sb.append('\\').append((char) c);
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (c >= 0x20 && c <= 0x7e) {
                        sb.append((char) c);
                    } else {
                        sb.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static void tty(ByteArrayOutputStream out, RespValue reply, String prefix) {
        if (reply instanceof RespValue.Array a) {
            aggregate(out, a.kind(), a.items(), prefix);
        } else if (reply instanceof RespValue.Map m) {
            aggregate(out, '%', m.entries(), prefix);
        } else if (reply instanceof RespValue.Bulk b) {
            text(out, repr(b.value()) + "\n");
        } else {
            text(out, scalar(reply) + "\n");
        }
    }

    private static String scalar(RespValue reply) {
        if (reply instanceof RespValue.Error e) {
            return "(error) " + e.line();
        } else if (reply instanceof RespValue.Simple s) {
            return s.value();
        } else if (reply instanceof RespValue.Integer i) {
            return "(integer) " + i.value();
        } else if (reply instanceof RespValue.Double d) {
            return "(double) " + d.text();
        } else if (reply instanceof RespValue.BigNumber n) {
            return "(big number) " + n.digits();
        } else if (reply instanceof RespValue.Verbatim v) {
            return v.text();
        } else if (reply instanceof RespValue.Bool b) {
            return b.value() ? "(true)" : "(false)";
        }
        return "(nil)";
    }

    private static void aggregate(ByteArrayOutputStream out, char kind, List<RespValue> items, String prefix) {
        if (items.isEmpty()) {
            text(out, switch (kind) {
                case '%' -> "(empty hash)\n";
                case '~' -> "(empty set)\n";
                case '>' -> "(empty push)\n";
                default -> "(empty array)\n";
            });
            return;
        }
        boolean map = kind == '%';
        int count = map ? items.size() / 2 : items.size();
        int width = Integer.toString(count).length();
        String childPrefix = prefix + " ".repeat(width + 2);
        char separator = map ? '#' : kind == '~' ? '~' : ')';
        for (int i = 0; i < items.size(); i++) {
            int index = (map ? i / 2 : i) + 1;
            text(out, (i == 0 ? "" : prefix) + String.format("%" + width + "d", index) + separator + " ");
            tty(out, items.get(i), childPrefix);
            if (map) {
                i++;
                byte[] soFar = out.toByteArray();
                out.reset();
                out.write(soFar, 0, soFar.length - 1);
                text(out, " => ");
                if (multiline(items.get(i))) {
                    text(out, "\n" + childPrefix);
                }
                tty(out, items.get(i), childPrefix);
            }
        }
    }

    /** {@code cliIsMultilineValueTTY}: whether a map value is printed over several lines. */
    private static boolean multiline(RespValue reply) {
        if (reply instanceof RespValue.Array a) {
            return a.items().size() > 1 || a.items().size() == 1 && multiline(a.items().get(0));
        } else if (reply instanceof RespValue.Map m) {
            return m.entries().size() > 2 || m.entries().size() == 2 && multiline(m.entries().get(1));
        }
        return false;
    }

    private static void raw(ByteArrayOutputStream out, RespValue reply) {
        if (reply instanceof RespValue.Null) {
            return;
        } else if (reply instanceof RespValue.Error e) {
            text(out, e.line() + "\n");
        } else if (reply instanceof RespValue.Simple s) {
            text(out, s.value());
        } else if (reply instanceof RespValue.Bulk b) {
            out.writeBytes(b.value());
        } else if (reply instanceof RespValue.Verbatim v) {
            text(out, v.text());
        } else if (reply instanceof RespValue.Bool b) {
            text(out, b.value() ? "(true)" : "(false)");
        } else if (reply instanceof RespValue.Integer i) {
            text(out, Long.toString(i.value()));
        } else if (reply instanceof RespValue.Double d) {
            text(out, d.text());
        } else if (reply instanceof RespValue.BigNumber n) {
            text(out, n.digits());
        } else if (reply instanceof RespValue.Array a) {
            for (int i = 0; i < a.items().size(); i++) {
                if (i > 0) {
                    out.write('\n');
                }
                raw(out, a.items().get(i));
            }
        } else if (reply instanceof RespValue.Map m) {
            for (int i = 0; i < m.entries().size(); i += 2) {
                if (i > 0) {
                    out.write('\n');
                }
                raw(out, m.entries().get(i));
                out.write(' ');
                raw(out, m.entries().get(i + 1));
            }
        }
    }

    /** {@code --csv}: one line, aggregates flattened with commas; without the final newline. */
    public static byte[] csv(RespValue reply) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        csv(out, reply);
        return out.toByteArray();
    }

    private static void csv(ByteArrayOutputStream out, RespValue reply) {
        if (reply instanceof RespValue.Error e) {
            text(out, "ERROR," + repr(e.line().getBytes(StandardCharsets.UTF_8)));
        } else if (reply instanceof RespValue.Simple s) {
            text(out, repr(s.value().getBytes(StandardCharsets.UTF_8)));
        } else if (reply instanceof RespValue.Bulk b) {
            text(out, repr(b.value()));
        } else if (reply instanceof RespValue.Verbatim v) {
            text(out, repr(v.text().getBytes(StandardCharsets.UTF_8)));
        } else if (reply instanceof RespValue.Integer i) {
            text(out, Long.toString(i.value()));
        } else if (reply instanceof RespValue.Double d) {
            text(out, d.text());
        } else if (reply instanceof RespValue.BigNumber n) {
            text(out, n.digits());
        } else if (reply instanceof RespValue.Bool b) {
            text(out, b.value() ? "true" : "false");
        } else if (reply instanceof RespValue.Null) {
            text(out, "NULL");
        } else {
            List<RespValue> items = reply instanceof RespValue.Map m ? m.entries() : ((RespValue.Array) reply).items();
            for (int i = 0; i < items.size(); i++) {
                csv(out, items.get(i));
                if (i != items.size() - 1) {
                    out.write(',');
                }
            }
        }
    }

    /**
     * {@code --json} (strings as JSON, bytes above 0x1f as they are) or, with {@code quoted}, {@code --quoted-json}
     * (strings as redis-cli quotes them, in a JSON string); without the final newline.
     */
    public static byte[] json(RespValue reply, boolean quoted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        json(out, reply, quoted);
        return out.toByteArray();
    }

    private static void json(ByteArrayOutputStream out, RespValue reply, boolean quoted) {
        if (reply instanceof RespValue.Error e) {
            text(out, "error:");
            jsonString(out, e.line().getBytes(StandardCharsets.UTF_8), quoted);
        } else if (reply instanceof RespValue.Simple s) {
            jsonString(out, s.value().getBytes(StandardCharsets.UTF_8), quoted);
        } else if (reply instanceof RespValue.Bulk b) {
            jsonString(out, b.value(), quoted);
        } else if (reply instanceof RespValue.Verbatim v) {
            jsonString(out, v.text().getBytes(StandardCharsets.UTF_8), quoted);
        } else if (reply instanceof RespValue.Integer i) {
            text(out, Long.toString(i.value()));
        } else if (reply instanceof RespValue.Double d) {
            text(out, d.text());
        } else if (reply instanceof RespValue.BigNumber n) {
            text(out, n.digits());
        } else if (reply instanceof RespValue.Bool b) {
            text(out, b.value() ? "true" : "false");
        } else if (reply instanceof RespValue.Null) {
            text(out, "null");
        } else if (reply instanceof RespValue.Array a) {
            out.write('[');
            for (int i = 0; i < a.items().size(); i++) {
                json(out, a.items().get(i), quoted);
                if (i != a.items().size() - 1) {
                    out.write(',');
                }
            }
            out.write(']');
        } else {
            List<RespValue> entries = ((RespValue.Map) reply).entries();
            out.write('{');
            for (int i = 0; i < entries.size(); i += 2) {
                RespValue key = entries.get(i);
                if (key instanceof RespValue.Error || key instanceof RespValue.Simple || key instanceof RespValue.Bulk
                        || key instanceof RespValue.Verbatim) {
                    json(out, key, quoted);
                } else {
                    // JSON keys are strings: a number, boolean or aggregate key is put in quotes
                    byte[] keyText = json(key, quoted);
                    if (keyText.length > 0 && keyText[0] == '"') {
                        out.writeBytes(keyText);
                    } else {
                        out.write('"');
                        out.writeBytes(keyText);
                        out.write('"');
                    }
                }
                out.write(':');
                json(out, entries.get(i + 1), quoted);
                if (i != entries.size() - 2) {
                    out.write(',');
                }
            }
            out.write('}');
        }
    }

    /** {@code escapeJsonString}, or for {@code --quoted-json} {@code sdscatrepr} with its backslashes doubled. */
    private static void jsonString(ByteArrayOutputStream out, byte[] value, boolean quoted) {
        if (quoted) {
            text(out, repr(value).replace("\\", "\\\\"));
            return;
        }
        out.write('"');
        for (byte b : value) {
            int c = b & 0xff;
            switch (c) {
                case '\\', '"' -> {
                    out.write('\\');
                    out.write(c);
                }
                case '\n' -> text(out, "\\n");
                case '\f' -> text(out, "\\f");
                case '\r' -> text(out, "\\r");
                case '\t' -> text(out, "\\t");
                case '\b' -> text(out, "\\b");
                default -> {
                    if (c <= 0x1f) {
                        text(out, String.format("\\u%04x", c));
                    } else {
                        out.write(c);
                    }
                }
            }
        }
        out.write('"');
    }

    private static void text(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
