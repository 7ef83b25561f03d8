// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua.lib;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code struct} library scripts see: binary packing of numbers and strings, as Redis's lua_struct (Roberto
 * Ierusalimschy's struct 1.4 with Redis's overflow checks), with the sizes of Redis's x86-64 build: short 2, int 4,
 * long and size_t 8, native little endian, maximum alignment 8. Load with {@code globals.load(new StructLib())}.
 */
public final class StructLib extends TwoArgFunction {
    private static final int MAX_INT_SIZE = 32;
    private static final int MAX_ALIGN = 8;

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable library = new LuaTable();
        library.set("pack", new Pack());
        library.set("unpack", new Unpack());
        library.set("size", new Size());
        env.set("struct", library);
        return library;
    }

    /** Reads a format string (a C string: it ends at the first NUL) and tracks byte order and alignment. */
    private static final class Format {
        private final byte[] text;
        private int position;
        boolean bigEndian;
        int align = 1;

        Format(LuaString format) {
            byte[] raw = LuaArgs.bytes(format);
            int end = 0;
            while (end < raw.length && raw[end] != 0) {
                end++;
            }
            this.text = Arrays.copyOf(raw, end);
        }

        boolean hasNext() {
            return position < text.length;
        }

        int next() {
            return text[position++] & 0xff;
        }

        /** getnum: an optional decimal count after an option, with Redis's overflow check. */
        int number(int fallback) {
            if (!hasNext() || !CNumbers.isDigit(text[position])) {
                return fallback;
            }
            int value = 0;
            do {
                int digit = text[position] - '0';
                if (value > Integer.MAX_VALUE / 10 || value * 10 > Integer.MAX_VALUE - digit) {
                    throw new LuaError("integral size overflow");
                }
                value = value * 10 + digit;
                position++;
            } while (hasNext() && CNumbers.isDigit(text[position]));
            return value;
        }

        /** optsize: the byte size of an option (0 for options that take no room). */
        long size(int option) {
            switch (option) {
                case 'B': case 'b': case 'x':
                    return 1;
                case 'H': case 'h':
                    return 2;
                case 'f':
                    return 4;
                case 'L': case 'l': case 'T': case 'd':
                    return 8;
                case 'c':
                    return number(1);
                case 'i': case 'I': {
                    int size = number(4);
                    if (size > MAX_INT_SIZE) {
                        throw new LuaError("integral size " + size + " is larger than limit of " + MAX_INT_SIZE);
                    }
                    return size;
                }
                default:
                    return 0;
            }
        }

        /** gettoalign: padding needed before an item of this size at offset {@code length}. */
        long padding(long length, int option, long size) {
            if (size == 0 || option == 'c') {
                return 0;
            }
            if (size > align) {
                size = align;
            }
            return (size - (length & (size - 1))) & (size - 1);
        }

        /** controloptions: byte order, alignment and spaces; anything else is an invalid option. */
        void control(int option, String function) {
            switch (option) {
                case ' ':
                    return;
                case '>':
                    bigEndian = true;
                    return;
                case '<':
                    bigEndian = false;
                    return;
                case '!': {
                    int alignment = number(MAX_ALIGN);
                    if (alignment <= 0 || (alignment & (alignment - 1)) != 0) {
                        throw new LuaError("alignment " + alignment + " is not a power of 2");
                    }
                    align = alignment;
                    return;
                }
                default:
                    throw LuaArgs.argError(1, function, "invalid format option '" + (char) option + "'");
            }
        }
    }

    private static boolean isIntegerOption(int option) {
        return "bBhHlLTiI".indexOf(option) >= 0;
    }

    /** struct.pack(fmt, v1, v2, ...) */
    private static final class Pack extends VarArgFunction {
        Pack() {
            name = "pack";
        }

        @Override
        public Varargs invoke(Varargs given) {
            Format format = new Format(LuaArgs.checkString(given, 1, name));
            // b_pack pushes a nil marker above its arguments, so a missing first value reads as nil, not "no value"
            LuaValue[] values = new LuaValue[given.narg() + 1];
            for (int i = 0; i < given.narg(); i++) {
                values[i] = given.arg(i + 1);
            }
            values[given.narg()] = LuaValue.NIL;
            Varargs args = LuaValue.varargsOf(values);
            BoundedOutput out = new BoundedOutput();
            int argument = 2;
            long total = 0;
            while (format.hasNext()) {
                int option = format.next();
                long size = format.size(option);
                long padding = format.padding(total, option, size);
                total += padding;
                for (long i = 0; i < padding; i++) {
                    out.write(0);
                }
                if (isIntegerOption(option)) {
                    writeInteger(out, LuaArgs.checkNumber(args, argument++, name), format.bigEndian, (int) size);
                } else if (option == 'x') {
                    out.write(0);
                } else if (option == 'f') {
                    float value = (float) LuaArgs.checkNumber(args, argument++, name);
                    writeBits(out, Float.floatToRawIntBits(value) & 0xffffffffL, 4, format.bigEndian);
                } else if (option == 'd') {
                    double value = LuaArgs.checkNumber(args, argument++, name);
                    writeBits(out, Double.doubleToRawLongBits(value), 8, format.bigEndian);
                } else if (option == 'c' || option == 's') {
                    LuaString string = LuaArgs.checkString(args, argument++, name);
                    if (size == 0) {
                        size = string.m_length;
                    }
                    if (string.m_length < size) {
                        // the C code has already moved past the argument when it reports it
                        throw LuaArgs.argError(argument, name, "string too short");
                    }
                    out.write(string.m_bytes, string.m_offset, (int) size);
                    if (option == 's') {
                        out.write(0);
                        size++;
                    }
                } else {
                    format.control(option, name);
                }
                total += size;
            }
            return LuaValue.valueOf(out.toByteArray());
        }

        /** putinteger: the value as an unsigned long (via long when negative), at most 8 significant bytes. */
        private static void writeInteger(BoundedOutput out, double number, boolean bigEndian, int size) {
            long value = number < 0 ? CNumbers.toInt64(number) : CNumbers.toUint64(number);
            byte[] buffer = new byte[size];
            for (int i = 0; i < size; i++) {
                buffer[bigEndian ? size - 1 - i : i] = (byte) (i < 8 ? value >>> (8 * i) : 0);
            }
            out.write(buffer, 0, size);
        }

        private static void writeBits(BoundedOutput out, long bits, int size, boolean bigEndian) {
            for (int i = 0; i < size; i++) {
                int shift = 8 * (bigEndian ? size - 1 - i : i);
                out.write((int) (bits >>> shift) & 0xff);
            }
        }
    }

    /** struct.unpack(fmt, s [, i]) */
    private static final class Unpack extends VarArgFunction {
        Unpack() {
            name = "unpack";
        }

        @Override
        public Varargs invoke(Varargs args) {
            Format format = new Format(LuaArgs.checkString(args, 1, name));
            LuaString dataString = LuaArgs.checkString(args, 2, name);
            byte[] data = LuaArgs.bytes(dataString);
            long position = (long) LuaArgs.optInt(args, 3, name, 1) - 1;
            List<LuaValue> results = new ArrayList<>();
            while (format.hasNext()) {
                int option = format.next();
                long size = format.size(option);
                position += format.padding(position, option, size);
                checkRoom(position, size, data.length);
                if (isIntegerOption(option)) {
                    results.add(LuaValue.valueOf(readInteger(data, (int) position, format.bigEndian,
                        Character.isLowerCase(option), (int) size)));
                } else if (option == 'f') {
                    int bits = (int) readBits(data, (int) position, 4, format.bigEndian);
                    results.add(LuaValue.valueOf((double) Float.intBitsToFloat(bits)));
                } else if (option == 'd') {
                    long bits = readBits(data, (int) position, 8, format.bigEndian);
                    results.add(LuaValue.valueOf(Double.longBitsToDouble(bits)));
                } else if (option == 'c') {
                    if (size == 0) {
                        // c0 takes its length from the value just unpacked (or, before any, the data argument)
                        LuaValue previous = results.isEmpty() ? dataString : results.get(results.size() - 1);
                        LuaValue length = previous.tonumber();
                        if (length.isnil()) {
                            throw new LuaError("format 'c0' needs a previous size");
                        }
                        size = CNumbers.toUint64(length.todouble());
                        if (!results.isEmpty()) {
                            results.remove(results.size() - 1);
                        }
                        checkRoom(position, size, data.length);
                    }
                    results.add(LuaValue.valueOf(Arrays.copyOfRange(data, (int) position,
                        (int) (position + size))));
                } else if (option == 's') {
                    int end = (int) position;
                    while (end < data.length && data[end] != 0) {
                        end++;
                    }
                    if (end >= data.length) {
                        throw new LuaError("unfinished string in data");
                    }
                    size = end - position + 1;
                    results.add(LuaValue.valueOf(Arrays.copyOfRange(data, (int) position, end)));
                } else if (option != 'x') {
                    format.control(option, name);
                }
                position += size;
            }
            results.add(LuaValue.valueOf((double) (position + 1)));
            return LuaValue.varargsOf(results.toArray(new LuaValue[0]));
        }

        private void checkRoom(long position, long size, int length) {
            if (position < 0 || size < 0 || position + size > length) {
                throw LuaArgs.argError(2, name, "data string too short");
            }
        }

        /** getinteger: bytes into an unsigned long (keeping the last 8 read), sign-extended for lower-case options. */
        private static double readInteger(byte[] data, int position, boolean bigEndian, boolean signed, int size) {
            long value = 0;
            for (int i = 0; i < size; i++) {
                int index = bigEndian ? position + i : position + size - 1 - i;
                value = (value << 8) | (data[index] & 0xff);
            }
            if (!signed) {
                return CNumbers.unsignedToDouble(value);
            }
            long mask = -1L << (size * 8 - 1); // Java masks the shift count to 6 bits, as x86 does
            if ((value & mask) != 0) {
                value |= mask;
            }
            return value;
        }

        private static long readBits(byte[] data, int position, int size, boolean bigEndian) {
            long bits = 0;
            for (int i = 0; i < size; i++) {
                int index = bigEndian ? position + i : position + size - 1 - i;
                bits = (bits << 8) | (data[index] & 0xff);
            }
            return bits;
        }
    }

    /** struct.size(fmt) */
    private static final class Size extends VarArgFunction {
        Size() {
            name = "size";
        }

        @Override
        public Varargs invoke(Varargs args) {
            Format format = new Format(LuaArgs.checkString(args, 1, name));
            long position = 0;
            while (format.hasNext()) {
                int option = format.next();
                long size = format.size(option);
                position += format.padding(position, option, size);
                if (option == 's') {
                    throw LuaArgs.argError(1, name, "option 's' has no fixed size");
                } else if (option == 'c' && size == 0) {
                    throw LuaArgs.argError(1, name, "option 'c0' has no fixed size");
                }
                if (!CNumbers.isAlnum(option)) {
                    format.control(option, name);
                }
                position += size;
            }
            return LuaValue.valueOf((double) position);
        }
    }
}
