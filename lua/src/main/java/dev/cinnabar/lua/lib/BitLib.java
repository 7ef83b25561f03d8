// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua.lib;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code bit} library scripts see: 32-bit bitwise operations, as LuaBitOp 1.0.2 in Redis. Arguments are
 * normalised to 32 bits the way LuaBitOp does it on doubles (adding 2^52+2^51 and keeping the low word, so
 * fractions round half to even and values wrap modulo 2^32); results are signed 32-bit numbers.
 * Load with {@code globals.load(new BitLib())}.
 */
public final class BitLib extends TwoArgFunction {
    private static final double NORMALISER = 6755399441055744.0; // 2^52 + 2^51

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable library = new LuaTable();
        for (Operation operation : Operation.values()) {
            library.set(operation.luaName, new BitFunction(operation));
        }
        env.set("bit", library);
        return library;
    }

    private enum Operation {
        TOBIT("tobit"), BNOT("bnot"), BAND("band"), BOR("bor"), BXOR("bxor"), LSHIFT("lshift"), RSHIFT("rshift"),
        ARSHIFT("arshift"), ROL("rol"), ROR("ror"), BSWAP("bswap"), TOHEX("tohex");

        final String luaName;

        Operation(String luaName) {
            this.luaName = luaName;
        }
    }

    private static final class BitFunction extends VarArgFunction {
        private final Operation operation;

        BitFunction(Operation operation) {
            this.operation = operation;
            this.name = operation.luaName;
        }

        @Override
        public Varargs invoke(Varargs args) {
            int b = toBit(args, 1);
            switch (operation) {
                case TOBIT:
                    return result(b);
                case BNOT:
                    return result(~b);
                case BAND:
                    for (int i = args.narg(); i > 1; i--) {
                        b &= toBit(args, i);
                    }
                    return result(b);
                case BOR:
                    for (int i = args.narg(); i > 1; i--) {
                        b |= toBit(args, i);
                    }
                    return result(b);
                case BXOR:
                    for (int i = args.narg(); i > 1; i--) {
                        b ^= toBit(args, i);
                    }
                    return result(b);
                case LSHIFT:
                    return result(b << (toBit(args, 2) & 31));
                case RSHIFT:
                    return result(b >>> (toBit(args, 2) & 31));
                case ARSHIFT:
                    return result(b >> (toBit(args, 2) & 31));
                case ROL:
                    return result(Integer.rotateLeft(b, toBit(args, 2) & 31));
                case ROR:
                    return result(Integer.rotateRight(b, toBit(args, 2) & 31));
                case BSWAP:
                    return result(Integer.reverseBytes(b));
                case TOHEX:
                    return LuaValue.valueOf(toHex(b, args.narg() < 2 ? 8 : toBit(args, 2)));
                default:
                    throw new IllegalStateException(operation.name());
            }
        }

        /** LuaBitOp's barg: lua_tonumber (0 for non-numbers, which is then an error), then the double trick. */
        private int toBit(Varargs args, int index) {
            LuaValue value = args.arg(index);
            double number = value.type() == LuaValue.TNUMBER || value.type() == LuaValue.TSTRING
                ? value.tonumber().optdouble(0) : 0;
            int bits = (int) Double.doubleToRawLongBits(number + NORMALISER);
            if (bits == 0 && value.tonumber().isnil()) {
                throw LuaArgs.typeError(args, index, name, "number");
            }
            return bits;
        }

        private static LuaValue result(int bits) {
            return LuaValue.valueOf(bits);
        }

        private static String toHex(int bits, int count) {
            String digits = "0123456789abcdef";
            if (count == Integer.MIN_VALUE) {
                count = Integer.MIN_VALUE + 1; // as Redis's patched LuaBitOp: -INT_MIN would overflow
            }
            if (count < 0) {
                count = -count;
                digits = "0123456789ABCDEF";
            }
            if (count > 8) {
                count = 8;
            }
            char[] out = new char[count];
            for (int i = count - 1; i >= 0; i--) {
                out[i] = digits.charAt(bits & 15);
                bits >>>= 4;
            }
            return new String(out);
        }
    }
}
