// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import dev.cinnabar.spi.ReplyWriter;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A script's return value written as a reply, as Redis's {@code luaReplyToRedisReply}. */
final class LuaReplies {
    /** Past this nesting Redis's Lua stack runs out; it replies this error in place of the deeper value. */
    private static final int MAX_DEPTH = 1000;

    private LuaReplies() {
    }

    /**
     * @param scriptProtocol the script's {@code redis.setresp}: booleans are RESP2's 1/nil under 2
     */
    static void write(LuaValue v, ReplyWriter w, int scriptProtocol) {
        write(v, w, scriptProtocol, 0);
    }

    private static void write(LuaValue v, ReplyWriter w, int resp, int depth) {
        if (depth > MAX_DEPTH) {
            w.error("ERR reached lua stack limit");
            return;
        }
        switch (v.type()) {
            case LuaValue.TSTRING -> w.bulk(bytes(v));
            case LuaValue.TBOOLEAN -> {
                if (resp == 2) {
                    if (v.toboolean()) {
                        w.integer(1);
                    } else {
                        w.nullBulk();
                    }
                } else {
                    w.bool(v.toboolean());
                }
            }
            case LuaValue.TNUMBER -> w.integer(toLong(v.todouble()));
            case LuaValue.TTABLE -> writeTable((LuaTable) v, w, resp, depth);
            default -> w.nullBulk();
        }
    }

    /** C's {@code (long long)} cast on x86-64: NaN and out-of-range values become LLONG_MIN. */
    static long toLong(double d) {
        if (Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63) {
            return Long.MIN_VALUE;
        }
        return (long) d;
    }

    static byte[] bytes(LuaValue s) {
        var ls = s.checkstring();
        byte[] out = new byte[ls.m_length];
        System.arraycopy(ls.m_bytes, ls.m_offset, out, 0, ls.m_length);
        return out;
    }

    /** \r and \n become spaces, as Redis keeps status and error lines on one line. */
    static String oneLine(String s) {
        return s.replace('\r', ' ').replace('\n', ' ');
    }

    private static void writeTable(LuaTable t, ReplyWriter w, int resp, int depth) {
        LuaValue err = t.rawget("err");
        if (err.type() == LuaValue.TSTRING) {
            w.error(oneLine(trimTrailingNewlines(err.tojstring())));
            return;
        }
        LuaValue ok = t.rawget("ok");
        if (ok.type() == LuaValue.TSTRING) {
            w.simple(oneLine(ok.tojstring()));
            return;
        }
        LuaValue dbl = t.rawget("double");
        if (dbl.type() == LuaValue.TNUMBER) {
            w.doubleValue(dbl.todouble());
            return;
        }
        LuaValue big = t.rawget("big_number");
        if (big.type() == LuaValue.TSTRING) {
            w.bigNumber(oneLine(big.tojstring()));
            return;
        }
        LuaValue verbatim = t.rawget("verbatim_string");
        if (verbatim.type() == LuaValue.TTABLE) {
            LuaValue format = verbatim.rawget("format");
            LuaValue string = verbatim.rawget("string");
            if (format.type() == LuaValue.TSTRING && string.type() == LuaValue.TSTRING) {
                w.verbatim(format.tojstring(), new String(bytes(string), StandardCharsets.UTF_8));
                return;
            }
        }
        LuaValue map = t.rawget("map");
        if (map.type() == LuaValue.TTABLE) {
            List<LuaValue> pairs = entries((LuaTable) map, true);
            w.map(pairs.size() / 2);
            for (LuaValue item : pairs) {
                write(item, w, resp, depth + 1);
            }
            return;
        }
        LuaValue set = t.rawget("set");
        if (set.type() == LuaValue.TTABLE) {
            List<LuaValue> members = entries((LuaTable) set, false);
            w.set(members.size());
            for (LuaValue m : members) {
                write(m, w, resp, depth + 1);
            }
            return;
        }
        int n = 0;
        while (!t.rawget(n + 1).isnil()) {
            n++;
        }
        w.array(n);
        for (int i = 1; i <= n; i++) {
            write(t.rawget(i), w, resp, depth + 1);
        }
    }

    private static List<LuaValue> entries(LuaTable t, boolean withValues) {
        List<LuaValue> out = new ArrayList<>();
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs next = t.next(k);
            k = next.arg1();
            if (k.isnil()) {
                return out;
            }
            out.add(k);
            if (withValues) {
                out.add(next.arg(2));
            }
        }
    }

    private static String trimTrailingNewlines(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\r' || s.charAt(end - 1) == '\n')) {
            end--;
        }
        return s.substring(0, end);
    }
}
