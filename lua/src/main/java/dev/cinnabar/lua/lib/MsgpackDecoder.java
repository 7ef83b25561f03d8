// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua.lib;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * lua_cmsgpack's decoder. It also accounts for the Lua stack slots the C decoder would hold, because Redis's
 * Lua (LUAI_MAXCSTACK 8000) refuses to unpack past that, and scripts see that error.
 */
final class MsgpackDecoder {
    private static final int MAX_STACK = 8000;
    private static final String STACK_MESSAGE =
        "stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)";

    /** Thrown on truncated input; the C decoder's MP_CUR_ERROR_EOF. */
    private static final class MissingBytes extends RuntimeException {
        MissingBytes() {
            super(null, null, false, false);
        }
    }

    /** Thrown on a byte no MessagePack type starts with; MP_CUR_ERROR_BADFMT. */
    private static final class BadFormat extends RuntimeException {
        BadFormat() {
            super(null, null, false, false);
        }
    }

    private final byte[] data;
    private int position;
    /** Lua stack slots in use: the input string, then whatever the decoder has pushed so far. */
    private int stackUsed;

    MsgpackDecoder(byte[] data) {
        this.data = data;
    }

    /** mp_unpack_full: limit 0 and offset 0 mean "decode everything, return no offset". */
    Varargs unpack(int limit, int offset) {
        if (offset < 0 || limit < 0) {
            throw new LuaError("Invalid request to unpack with offset of " + offset + " and limit of "
                + data.length + ".");
        }
        if (offset > data.length) {
            throw new LuaError("Start offset " + offset + " greater than input length " + data.length + ".");
        }
        boolean decodeAll = limit == 0 && offset == 0;
        if (decodeAll) {
            limit = Integer.MAX_VALUE;
        }
        position = offset;
        stackUsed = 1;
        List<LuaValue> values = new ArrayList<>();
        for (int count = 0; position < data.length && count < limit; count++) {
            try {
                values.add(decodeValue());
            } catch (MissingBytes e) {
                throw new LuaError("Missing bytes in input.");
            } catch (BadFormat e) {
                throw new LuaError("Bad data format in input.");
            }
            stackUsed++;
        }
        if (!decodeAll) {
            values.add(0, LuaValue.valueOf(position == data.length ? -1 : position));
        }
        return LuaValue.varargsOf(values.toArray(new LuaValue[0]));
    }

    private void need(long bytes) {
        if (data.length - position < bytes) {
            throw new MissingBytes();
        }
    }

    private int byteAt(int offset) {
        return data[position + offset] & 0xff;
    }

    private long bigEndian(int offset, int bytes) {
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = (value << 8) | byteAt(offset + i);
        }
        return value;
    }

    /** One value or the opening of a table (a {@link Frame}); the loop in decodeValue fills tables. */
    private Object decodeHead() {
        need(1);
        if (stackUsed + 1 > MAX_STACK) {
            throw new LuaError(STACK_MESSAGE);
        }
        int marker = byteAt(0);
        switch (marker) {
            case 0xcc:
                need(2);
                return consume(2, LuaValue.valueOf(byteAt(1)));
            case 0xd0:
                need(2);
                return consume(2, LuaValue.valueOf((byte) byteAt(1)));
            case 0xcd:
                need(3);
                return consume(3, LuaValue.valueOf((int) bigEndian(1, 2)));
            case 0xd1:
                need(3);
                return consume(3, LuaValue.valueOf((short) bigEndian(1, 2)));
            case 0xce:
                need(5);
                return consume(5, LuaValue.valueOf((double) bigEndian(1, 4)));
            case 0xd2:
                need(5);
                return consume(5, LuaValue.valueOf((int) bigEndian(1, 4)));
            case 0xcf:
            case 0xd3:
                // uint 64 goes through lua_pushinteger (a signed ptrdiff_t), so both read as signed
                need(9);
                return consume(9, LuaValue.valueOf((double) bigEndian(1, 8)));
            case 0xc0:
                return consume(1, LuaValue.NIL);
            case 0xc3:
                return consume(1, LuaValue.TRUE);
            case 0xc2:
                return consume(1, LuaValue.FALSE);
            case 0xca:
                need(5);
                return consume(5, LuaValue.valueOf((double) Float.intBitsToFloat((int) bigEndian(1, 4))));
            case 0xcb:
                need(9);
                return consume(9, LuaValue.valueOf(Double.longBitsToDouble(bigEndian(1, 8))));
            case 0xd9: {
                need(2);
                int length = byteAt(1);
                need(2L + length);
                return consume(2 + length, bytes(2, length));
            }
            case 0xda: {
                need(3);
                int length = (int) bigEndian(1, 2);
                need(3L + length);
                return consume(3 + length, bytes(3, length));
            }
            case 0xdb: {
                need(5);
                long length = bigEndian(1, 4);
                position += 5;
                need(length);
                return consume((int) length, bytes(0, (int) length));
            }
            case 0xdc:
                need(3);
                return array(3, bigEndian(1, 2));
            case 0xdd:
                need(5);
                return array(5, bigEndian(1, 4));
            case 0xde:
                need(3);
                return map(3, bigEndian(1, 2));
            case 0xdf:
                need(5);
                return map(5, bigEndian(1, 4));
            default:
                break;
        }
        if ((marker & 0x80) == 0) {
            return consume(1, LuaValue.valueOf(marker));
        } else if ((marker & 0xe0) == 0xe0) {
            return consume(1, LuaValue.valueOf((byte) marker));
        } else if ((marker & 0xe0) == 0xa0) {
            int length = marker & 0x1f;
            need(1L + length);
            return consume(1 + length, bytes(1, length));
        } else if ((marker & 0xf0) == 0x90) {
            return array(1, marker & 0xf);
        } else if ((marker & 0xf0) == 0x80) {
            return map(1, marker & 0xf);
        }
        throw new BadFormat();
    }

    /** A table being filled: MessagePack nests thousands deep, so the decoder keeps its own stack, not Java's. */
    private static final class Frame {
        final LuaTable table = new OrderedLuaTable();
        final boolean map;
        long remaining;
        long index = 1;
        LuaValue key;
        boolean hasKey;

        Frame(boolean map, long remaining) {
            this.map = map;
            this.remaining = remaining;
        }
    }

    /**
     * mp_decode_to_lua_type for a whole value. An open array holds its table and the pending index on the Lua
     * stack while each element decodes; an open map holds its table, plus the key while the value decodes.
     */
    private LuaValue decodeValue() {
        ArrayDeque<Frame> open = new ArrayDeque<>();
        while (true) {
            Object head = decodeHead();
            LuaValue value;
            if (head instanceof Frame) {
                Frame frame = (Frame) head;
                if (frame.remaining > 0) {
                    open.push(frame);
                    stackUsed += frame.map ? 1 : 2;
                    continue;
                }
                value = frame.table;
            } else {
                value = (LuaValue) head;
            }
            while (true) {
                Frame frame = open.peek();
                if (frame == null) {
                    return value;
                }
                if (frame.map && !frame.hasKey) {
                    frame.key = value;
                    frame.hasKey = true;
                    stackUsed++;
                    break;
                }
                if (frame.map) {
                    stackUsed--;
                    frame.hasKey = false;
                    setField(frame.table, frame.key, value);
                } else {
                    setField(frame.table, LuaValue.valueOf((double) frame.index++), value);
                }
                if (--frame.remaining > 0) {
                    break;
                }
                open.pop();
                stackUsed -= frame.map ? 1 : 2;
                value = frame.table;
            }
        }
    }

    private LuaValue consume(int bytes, LuaValue value) {
        position += bytes;
        return value;
    }

    private LuaValue bytes(int offset, int length) {
        return LuaValue.valueOf(Arrays.copyOfRange(data, position + offset, position + offset + length));
    }

    private Frame array(int headerBytes, long length) {
        position += headerBytes;
        // Redis's copy checks for two more slots (table and index) before it creates an array's table
        if (stackUsed + 2 > MAX_STACK) {
            throw new LuaError("stack overflow (in function mp_decode_to_lua_array)");
        }
        return new Frame(false, length);
    }

    private Frame map(int headerBytes, long length) {
        position += headerBytes;
        return new Frame(true, length);
    }

    /** lua_settable: a nil or NaN key is a Lua error (raised from C, so without a script position). */
    private static void setField(LuaTable table, LuaValue key, LuaValue value) {
        if (key.isnil()) {
            throw new PositionlessLuaError("table index is nil");
        }
        if (key.type() == LuaValue.TNUMBER && Double.isNaN(key.todouble())) {
            throw new PositionlessLuaError("table index is NaN");
        }
        table.set(key, value);
    }
}
