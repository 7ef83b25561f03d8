// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua.lib;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** lua_cjson's encoder: Lua values to JSON text, with its escaping, number format, array detection and limits. */
final class JsonEncoder {
    /** Lua's stack limit (LUAI_MAXCSTACK); deep nesting past it fails like the encode depth limit does. */
    private static final int MAX_STACK = 8000;
    private static final byte[][] ESCAPES = new byte[256][];
    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] NAN = ascii("nan");
    private static final byte[] QUOTE_COLON = ascii("\":");

    static {
        for (int c = 0; c < 32; c++) {
            ESCAPES[c] = String.format("\\u%04x", c).getBytes(StandardCharsets.US_ASCII);
        }
        ESCAPES['\b'] = ascii("\\b");
        ESCAPES['\t'] = ascii("\\t");
        ESCAPES['\n'] = ascii("\\n");
        ESCAPES['\f'] = ascii("\\f");
        ESCAPES['\r'] = ascii("\\r");
        ESCAPES['"'] = ascii("\\\"");
        ESCAPES['/'] = ascii("\\/");
        ESCAPES['\\'] = ascii("\\\\");
        ESCAPES[127] = ascii("\\u007f");
    }

    private final CjsonConfig config;
    private final BoundedOutput out = new BoundedOutput();
    /** Lua stack slots the C encoder would hold: the argument, plus the key/value pairs of enclosing tables. */
    private int stackUsed = 1;

    JsonEncoder(CjsonConfig config) {
        this.config = config;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** A table being written; tables nest up to thousands deep, so the encoder keeps its own stack. */
    private static final class Frame {
        final LuaTable table;
        final int depth;
        /** Array length, or -1 for an object. */
        final int length;
        int index;
        LuaValue key = LuaValue.NIL;

        Frame(LuaTable table, int depth, int length) {
            this.table = table;
            this.depth = depth;
            this.length = length;
        }
    }

    private final ArrayDeque<Frame> open = new ArrayDeque<>();

    byte[] encode(LuaValue root) {
        begin(root, 0);
        while (!open.isEmpty()) {
            Frame frame = open.peek();
            if (frame.length >= 0) {
                if (frame.index < frame.length) {
                    if (frame.index++ > 0) {
                        out.write(',');
                    }
                    begin(frame.table.rawget(frame.index), frame.depth);
                } else {
                    out.write(']');
                    stackUsed -= 1;
                    open.pop();
                }
                continue;
            }
            Varargs entry = frame.table.next(frame.key);
            LuaValue key = entry.arg1();
            if (key.isnil()) {
                out.write('}');
                stackUsed -= 2;
                open.pop();
                continue;
            }
            if (!frame.key.isnil()) {
                out.write(',');
            }
            frame.key = key;
            if (key.type() == LuaValue.TNUMBER) {
                out.write('"');
                appendNumber(key);
                out.writeBytes(QUOTE_COLON);
            } else if (key.type() == LuaValue.TSTRING) {
                appendString(key.checkstring());
                out.write(':');
            } else {
                throw unsupported(key, "table key must be a number or string");
            }
            begin(entry.arg(2), frame.depth);
        }
        return out.toByteArray();
    }

    /** json_append_data: scalars are written at once, a table opens a frame the loop above then fills. */
    private void begin(LuaValue value, int depth) {
        switch (value.type()) {
            case LuaValue.TSTRING:
                appendString(value.checkstring());
                break;
            case LuaValue.TNUMBER:
                appendNumber(value);
                break;
            case LuaValue.TBOOLEAN:
                out.writeBytes(value.toboolean() ? TRUE : FALSE);
                break;
            case LuaValue.TTABLE: {
                depth++;
                if (depth > config.encodeMaxDepth || stackUsed + 3 > MAX_STACK) {
                    throw new LuaError("Cannot serialise, excessive nesting (" + depth + ")");
                }
                LuaTable table = (LuaTable) value;
                int length = arrayLength(table);
                if (length > 0) {
                    out.write('[');
                    stackUsed += 1;
                    open.push(new Frame(table, depth, length));
                } else {
                    out.write('{');
                    stackUsed += 2;
                    open.push(new Frame(table, depth, -1));
                }
                break;
            }
            case LuaValue.TNIL:
                out.writeBytes(NULL);
                break;
            default:
                if (value == CjsonLib.NULL) {
                    out.writeBytes(NULL);
                    break;
                }
                throw unsupported(value, "type not supported");
        }
    }

    private static LuaError unsupported(LuaValue value, String reason) {
        return new LuaError("Cannot serialise " + value.typename() + ": " + reason);
    }

    private void appendString(LuaString string) {
        out.write('"');
        byte[] bytes = string.m_bytes;
        for (int i = string.m_offset, end = string.m_offset + string.m_length; i < end; i++) {
            byte[] escape = ESCAPES[bytes[i] & 0xff];
            if (escape != null) {
                out.writeBytes(escape);
            } else {
                out.write(bytes[i]);
            }
        }
        out.write('"');
    }

    private void appendNumber(LuaValue value) {
        double number = value.todouble();
        boolean invalid = Double.isNaN(number) || Double.isInfinite(number);
        if (invalid && config.encodeInvalidNumbers == 0) {
            throw unsupported(value, "must not be NaN or Inf");
        }
        if (invalid && config.encodeInvalidNumbers == 2) {
            out.writeBytes(NULL);
            return;
        }
        if (Double.isNaN(number)) {
            out.writeBytes(NAN); // never "-nan", whatever the sign bit
            return;
        }
        out.writeBytes(ascii(CNumbers.formatG(number, config.encodeNumberPrecision)));
    }

    /**
     * lua_array_length: the largest index when every key is a whole number >= 1 and the array is not too sparse,
     * 0 for an empty table, -1 for an object. The largest index is kept in a C int, as the original does.
     */
    private int arrayLength(LuaTable table) {
        int max = 0;
        int items = 0;
        LuaValue key = LuaValue.NIL;
        while (true) {
            key = table.next(key).arg1();
            if (key.isnil()) {
                break;
            }
            double k = key.type() == LuaValue.TNUMBER ? key.todouble() : 0;
            if (k == 0 || Math.floor(k) != k || k < 1) {
                return -1;
            }
            if (k > max) {
                max = CNumbers.toInt32(k);
            }
            items++;
        }
        if (config.encodeSparseRatio > 0 && max > items * config.encodeSparseRatio && max > config.encodeSparseSafe) {
            if (config.encodeSparseConvert == 0) {
                throw unsupported(table, "excessively sparse array");
            }
            return -1;
        }
        return max;
    }
}
