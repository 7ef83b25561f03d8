// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua.lib;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** lua_cmsgpack's encoder: the encoding it picks for each Lua value, byte for byte. */
final class MsgpackEncoder {
    /** Tables nested deeper than this encode as nil, so self-referencing tables terminate. */
    private static final int MAX_NESTING = 16;

    private final BoundedOutput out = new BoundedOutput();

    byte[] toByteArray() {
        return out.toByteArray();
    }

    void encode(LuaValue value, int level) {
        int type = value.type();
        if (type == LuaValue.TTABLE && level == MAX_NESTING) {
            type = LuaValue.TNIL;
        }
        switch (type) {
            case LuaValue.TSTRING:
                encodeBytes(value.checkstring());
                break;
            case LuaValue.TBOOLEAN:
                out.write(value.toboolean() ? 0xc3 : 0xc2);
                break;
            case LuaValue.TNUMBER: {
                double number = value.todouble();
                if (!Double.isInfinite(number) && CNumbers.isInt64Equivalent(number)) {
                    encodeInteger((long) number);
                } else {
                    encodeDouble(number);
                }
                break;
            }
            case LuaValue.TTABLE:
                encodeTable((LuaTable) value, level);
                break;
            default:
                out.write(0xc0);
        }
    }

    private void encodeBytes(LuaString string) {
        int length = string.m_length;
        if (length < 32) {
            out.write(0xa0 | length);
        } else if (length <= 0xff) {
            out.write(0xd9);
            writeBigEndian(length, 1);
        } else if (length <= 0xffff) {
            out.write(0xda);
            writeBigEndian(length, 2);
        } else {
            out.write(0xdb);
            writeBigEndian(length, 4);
        }
        out.write(string.m_bytes, string.m_offset, length);
    }

    /** A float when the value survives the round trip through float, else a double. */
    private void encodeDouble(double value) {
        float single = (float) value;
        if (value == (double) single) {
            out.write(0xca);
            writeBigEndian(Float.floatToRawIntBits(single) & 0xffffffffL, 4);
        } else {
            out.write(0xcb);
            writeBigEndian(Double.doubleToRawLongBits(value), 8);
        }
    }

    private void encodeInteger(long n) {
        if (n >= 0) {
            if (n <= 127) {
                out.write((int) n);
            } else if (n <= 0xff) {
                out.write(0xcc);
                writeBigEndian(n, 1);
            } else if (n <= 0xffff) {
                out.write(0xcd);
                writeBigEndian(n, 2);
            } else if (n <= 0xffffffffL) {
                out.write(0xce);
                writeBigEndian(n, 4);
            } else {
                out.write(0xcf);
                writeBigEndian(n, 8);
            }
        } else if (n >= -32) {
            out.write((int) n & 0xff);
        } else if (n >= -128) {
            out.write(0xd0);
            writeBigEndian(n, 1);
        } else if (n >= -32768) {
            out.write(0xd1);
            writeBigEndian(n, 2);
        } else if (n >= -2147483648L) {
            out.write(0xd2);
            writeBigEndian(n, 4);
        } else {
            out.write(0xd3);
            writeBigEndian(n, 8);
        }
    }

    private void encodeTable(LuaTable table, int level) {
        int count = arrayLength(table);
        if (count >= 0) {
            encodeHeader(count, 0x90, 0xdc, 0xdd);
            for (int i = 1; i <= count; i++) {
                encode(table.get(i), level + 1);
            }
            return;
        }
        int size = 0;
        for (LuaValue key = next(table, LuaValue.NIL).arg1(); !key.isnil(); key = next(table, key).arg1()) {
            size++;
        }
        encodeHeader(size, 0x80, 0xde, 0xdf);
        LuaValue key = LuaValue.NIL;
        while (true) {
            Varargs entry = next(table, key);
            key = entry.arg1();
            if (key.isnil()) {
                break;
            }
            encode(key, level + 1);
            encode(entry.arg(2), level + 1);
        }
    }

    private static Varargs next(LuaTable table, LuaValue key) {
        return table.next(key);
    }

    /**
     * table_is_an_array: the number of elements when the keys are exactly 1..n (checked as C ints, so keys past
     * 2^31 disqualify), or -1 when the table must be a map.
     */
    private static int arrayLength(LuaTable table) {
        int count = 0;
        int max = 0;
        LuaValue key = LuaValue.NIL;
        while (true) {
            key = table.next(key).arg1();
            if (key.isnil()) {
                break;
            }
            if (key.type() != LuaValue.TNUMBER) {
                return -1;
            }
            double n = key.todouble();
            if (n <= 0 || CNumbers.toInt32(n) != n) {
                return -1;
            }
            max = Math.max(max, (int) n);
            count++;
        }
        return max == count ? count : -1;
    }

    private void encodeHeader(int n, int fixMarker, int marker16, int marker32) {
        if (n <= 15) {
            out.write(fixMarker | n);
        } else if (n <= 65535) {
            out.write(marker16);
            writeBigEndian(n, 2);
        } else {
            out.write(marker32);
            writeBigEndian(n, 4);
        }
    }

    private void writeBigEndian(long value, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
    }
}
