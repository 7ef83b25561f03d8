// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.ReplyWriter;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * The reply of a command called from a script, built as the Lua value Redis's {@code redisProtocolToLuaType}
 * makes of it. It speaks the script's protocol ({@code redis.setresp}): under RESP2 the RESP3 types arrive
 * degraded as a RESP2 client would see them.
 */
final class LuaReplyBuilder implements ReplyWriter {
    private static final LuaValue ERR = LuaValue.valueOf("err");
    private static final LuaValue OK = LuaValue.valueOf("ok");

    /** An aggregate being filled: {@code table} receives {@code remaining} more values. */
    private static final class Frame {
        final LuaTable target;
        final Kind kind;
        int remaining;
        int index;
        LuaValue pendingKey;
        boolean keyPending;

        Frame(LuaTable target, Kind kind, int remaining) {
            this.target = target;
            this.kind = kind;
            this.remaining = remaining;
        }
    }

    private enum Kind { ARRAY, MAP, SET }

    private final int protocol;
    private final ArrayDeque<Frame> stack = new ArrayDeque<>();
    private LuaValue result;
    private boolean done;
    private boolean error;

    LuaReplyBuilder(int protocol) {
        this.protocol = protocol;
    }

    /** The reply as a Lua value; NIL if the command wrote none. */
    LuaValue result() {
        return result == null ? LuaValue.NIL : result;
    }

    /** True when the (top-level) reply is an error. */
    boolean isError() {
        return error;
    }

    @Override
    public int protocol() {
        return protocol;
    }

    /** Puts {@code v} into the open aggregate (or makes it the reply) without closing anything. */
    private void place(LuaValue v) {
        if (stack.isEmpty()) {
            if (!done) {
                result = v;
                done = true;
            }
            return;
        }
        Frame f = stack.peek();
        switch (f.kind) {
            case ARRAY -> f.target.rawset(++f.index, v);
            case SET -> {
                if (!v.isnil()) {
                    f.target.rawset(v, LuaValue.TRUE);
                }
            }
            case MAP -> {
                if (!f.keyPending) {
                    f.pendingKey = v;
                    f.keyPending = true;
                } else {
                    if (!f.pendingKey.isnil()) {
                        f.target.rawset(f.pendingKey, v);
                    }
                    f.keyPending = false;
                }
            }
        }
        f.remaining--;
    }

    private void add(LuaValue v) {
        place(v);
        closeFinished();
    }

    private void closeFinished() {
        while (!stack.isEmpty() && stack.peek().remaining == 0) {
            stack.pop();
        }
    }

    /** Opens an aggregate: its table goes into the parent now, its {@code items} elements follow. */
    private void open(LuaTable container, LuaTable elements, Kind kind, int items) {
        place(container);
        if (items > 0) {
            stack.push(new Frame(elements, kind, items));
        } else {
            closeFinished();
        }
    }

    static LuaTable single(LuaValue key, LuaValue value) {
        LuaTable t = new LuaTable();
        t.rawset(key, value);
        return t;
    }

    @Override
    public void simple(String status) {
        add(single(OK, LuaValue.valueOf(status)));
    }

    @Override
    public void ok() {
        simple("OK");
    }

    @Override
    public void error(String line) {
        if (stack.isEmpty() && !done) {
            error = true;
        }
        add(errorTable("-" + line));
    }

    /** Redis's {@code luaPushErrorBuff}: "-CODE msg" keeps its code, a bare message gets ERR; no trailing CRLF. */
    static LuaTable errorTable(String buffer) {
        String code;
        String msg;
        if (buffer.startsWith("-")) {
            int space = buffer.indexOf(' ');
            if (space < 0) {
                code = "ERR";
                msg = buffer.substring(1);
            } else {
                code = buffer.substring(1, space);
                msg = buffer.substring(space + 1);
            }
        } else {
            code = "ERR";
            msg = buffer;
        }
        msg = trimNewlines(msg);
        return single(ERR, LuaValue.valueOf(code + " " + msg));
    }

    private static String trimNewlines(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == '\r' || s.charAt(start) == '\n')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == '\r' || s.charAt(end - 1) == '\n')) {
            end--;
        }
        return s.substring(start, end);
    }

    @Override
    public void integer(long value) {
        add(LuaValue.valueOf((double) value));
    }

    @Override
    public void bulk(byte[] value) {
        add(LuaValue.valueOf(value));
    }

    @Override
    public void nullBulk() {
        add(protocol == 2 ? LuaValue.FALSE : LuaValue.NIL);
    }

    @Override
    public void nullArray() {
        add(protocol == 2 ? LuaValue.FALSE : LuaValue.NIL);
    }

    @Override
    public void array(int length) {
        if (length < 0) {
            nullArray();
            return;
        }
        LuaTable t = new LuaTable(length, 0);
        open(t, t, Kind.ARRAY, length);
    }

    @Override
    public void map(int length) {
        if (protocol == 2) {
            array(2 * length);
            return;
        }
        LuaTable elements = new LuaTable();
        open(single(LuaValue.valueOf("map"), elements), elements, Kind.MAP, 2 * length);
    }

    @Override
    public void set(int length) {
        if (protocol == 2) {
            array(length);
            return;
        }
        LuaTable elements = new LuaTable();
        open(single(LuaValue.valueOf("set"), elements), elements, Kind.SET, length);
    }

    @Override
    public void push(int length) {
        array(length);
    }

    @Override
    public void doubleValue(double value) {
        if (protocol == 2) {
            bulk(Numbers.formatG17(value).getBytes(StandardCharsets.US_ASCII));
        } else {
            add(single(LuaValue.valueOf("double"), LuaValue.valueOf(value)));
        }
    }

    @Override
    public void bool(boolean value) {
        if (protocol == 2) {
            integer(value ? 1 : 0);
        } else {
            add(LuaValue.valueOf(value));
        }
    }

    @Override
    public void verbatim(String format, String text) {
        if (protocol == 2) {
            bulk(text);
            return;
        }
        LuaTable inner = new LuaTable();
        inner.rawset("string", LuaValue.valueOf(text.getBytes(StandardCharsets.UTF_8)));
        inner.rawset("format", LuaValue.valueOf(format));
        add(single(LuaValue.valueOf("verbatim_string"), inner));
    }

    @Override
    public void bigNumber(String digits) {
        if (protocol == 2) {
            bulk(digits);
        } else {
            add(single(LuaValue.valueOf("big_number"), LuaValue.valueOf(digits)));
        }
    }
}
