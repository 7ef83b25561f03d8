// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import dev.cinnabar.spi.Numbers;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lua 5.1's number formatting where LuaJ's differs: {@code tostring} of a number is C's {@code %.14g}, and
 * {@code string.format} follows C's printf (LuaJ ignores widths and precisions of {@code %f}, {@code %g} …).
 */
final class LuaFormat {
    private LuaFormat() {
    }

    /** A number as Lua 5.1's {@code lua_Number2str} ({@code %.14g}). */
    static String number(double d) {
        return Numbers.formatG(d, 14);
    }

    private static final java.util.regex.Pattern ADDRESS =
            java.util.regex.Pattern.compile("^(table|function|thread|userdata): ([0-9a-f]+)$");

    static Varargs tostring(LuaValue original, Varargs args) {
        LuaValue v = args.checkvalue(1);
        if (v.type() == LuaValue.TNUMBER) {
            return LuaValue.valueOf(number(v.todouble()));
        }
        Varargs r = original.invoke(args);
        // Lua prints an address as %p does: "table: 0x55d0c8a0e2f0"
        java.util.regex.Matcher m = ADDRESS.matcher(r.arg1().tojstring());
        return m.matches() ? LuaValue.valueOf(m.group(1) + ": 0x" + m.group(2)) : r;
    }

    static Varargs format(Varargs args) {
        LuaString fmt = args.checkstring(1);
        byte[] f = LuaReplies.bytes(fmt);
        ByteArrayOutputStream out = new ByteArrayOutputStream(f.length + 16);
        int arg = 1;
        for (int i = 0; i < f.length; i++) {
            byte c = f[i];
            if (c != '%') {
                out.write(c);
                continue;
            }
            if (++i >= f.length) {
                throw new LuaError("invalid option '%' to 'format'");
            }
            if (f[i] == '%') {
                out.write('%');
                continue;
            }
            int start = i;
            while (i < f.length && "-+ #0".indexOf(f[i]) >= 0) {
                i++;
            }
            while (i < f.length && Character.isDigit(f[i])) {
                i++;
            }
            if (i < f.length && f[i] == '.') {
                i++;
                while (i < f.length && Character.isDigit(f[i])) {
                    i++;
                }
            }
            if (i >= f.length) {
                throw new LuaError("invalid option to 'format'");
            }
            String spec = new String(f, start, i - start, StandardCharsets.US_ASCII);
            char conv = (char) f[i];
            arg++;
            String piece = switch (conv) {
                case 'd', 'i' -> String.format("%" + noPrecision(spec) + "d", (long) args.checkdouble(arg));
                case 'u' -> String.format("%" + noPrecision(spec) + "d", (long) args.checkdouble(arg));
                case 'c' -> String.valueOf((char) (args.checkint(arg) & 0xFF));
                case 'x', 'X', 'o' -> String.format("%" + noPrecision(spec) + conv, (long) args.checkdouble(arg));
                case 'e', 'E', 'f' -> String.format("%" + spec + conv, args.checkdouble(arg));
                case 'g', 'G' -> pad(spec, g(spec, args.checkdouble(arg), conv == 'G'));
                case 'q' -> quoted(args.checkstring(arg));
                case 's' -> {
                    LuaValue v = args.checkvalue(arg);
                    String s = v.type() == LuaValue.TNUMBER ? number(v.todouble())
                            : new String(LuaReplies.bytes(v.tostring()), StandardCharsets.ISO_8859_1);
                    int dot = spec.indexOf('.');
                    if (dot >= 0) {
                        int precision = dot + 1 < spec.length() ? Integer.parseInt(spec.substring(dot + 1)) : 0;
                        s = s.substring(0, Math.min(s.length(), precision));
                    }
                    yield pad(spec, s);
                }
                default -> throw new LuaError("invalid option '%" + conv + "' to 'format'");
            };
            byte[] bytes = piece.getBytes(StandardCharsets.ISO_8859_1);
            out.write(bytes, 0, bytes.length);
        }
        return LuaValue.valueOf(out.toByteArray());
    }

    private static String noPrecision(String spec) {
        int dot = spec.indexOf('.');
        return dot < 0 ? spec : spec.substring(0, dot);
    }

    private static String g(String spec, double d, boolean upper) {
        int dot = spec.indexOf('.');
        int precision = dot < 0 ? 6 : dot + 1 < spec.length() ? Integer.parseInt(spec.substring(dot + 1)) : 0;
        String s = Numbers.formatG(d, Math.max(1, precision));
        if (spec.indexOf('+') >= 0 && d >= 0) {
            s = "+" + s;
        }
        return upper ? s.toUpperCase(java.util.Locale.ROOT) : s;
    }

    /** Applies the width and '-' / '0' flags of {@code spec} to an already formatted {@code s}. */
    private static String pad(String spec, String s) {
        String flags = spec.replaceAll("[0-9.].*$", "");
        String rest = spec.substring(flags.length());
        int dot = rest.indexOf('.');
        String w = dot < 0 ? rest : rest.substring(0, dot);
        if (w.isEmpty()) {
            return s;
        }
        int width = Integer.parseInt(w);
        if (s.length() >= width) {
            return s;
        }
        String fill = " ".repeat(width - s.length());
        return flags.indexOf('-') >= 0 ? s + fill : fill + s;
    }

    private static String quoted(LuaString s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.m_length; i++) {
            int c = s.m_bytes[s.m_offset + i] & 0xFF;
            switch (c) {
                case '"', '\\', '\n' -> b.append('\\').append((char) c);
                case '\r' -> b.append("\\r");
                case 0 -> b.append("\\000");
                default -> b.append((char) c);
            }
        }
        return b.append('"').toString();
    }
}
