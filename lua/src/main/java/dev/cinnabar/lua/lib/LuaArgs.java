// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua.lib;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Argument checks with Lua 5.1's auxiliary-library wording ({@code luaL_argerror}, {@code luaL_typerror}), which
 * Redis scripts see in error replies; LuaJ's own checks word them differently.
 */
final class LuaArgs {
    private LuaArgs() {}

    /** {@code luaL_argerror}: "bad argument #n to 'function' (message)". */
    static LuaError argError(int argument, String function, String message) {
        return new LuaError("bad argument #" + argument + " to '" + function + "' (" + message + ")");
    }

    /** {@code luaL_typerror}: "bad argument #n to 'function' (number expected, got nil)". */
    static LuaError typeError(Varargs args, int argument, String function, String expected) {
        String actual = argument > args.narg() ? "no value" : args.arg(argument).typename();
        return argError(argument, function, expected + " expected, got " + actual);
    }

    /** {@code luaL_checknumber}: numbers, and strings that convert to one. */
    static double checkNumber(Varargs args, int argument, String function) {
        LuaValue value = args.arg(argument);
        if (value.type() == LuaValue.TNUMBER) {
            return value.todouble();
        }
        if (value.type() == LuaValue.TSTRING) {
            LuaValue converted = value.tonumber();
            if (!converted.isnil()) {
                return converted.todouble();
            }
        }
        throw typeError(args, argument, function, "number");
    }

    /** {@code luaL_checkinteger} stored into a C {@code int}: truncation toward zero, then the low 32 bits. */
    static int checkInt(Varargs args, int argument, String function) {
        return (int) CNumbers.toInt64(checkNumber(args, argument, function));
    }

    /** {@code luaL_optinteger} stored into a C {@code int}. */
    static int optInt(Varargs args, int argument, String function, int fallback) {
        return args.arg(argument).isnil() ? fallback : checkInt(args, argument, function);
    }

    /** {@code luaL_checklstring}: strings, and numbers converted as Lua 5.1 prints them. */
    static LuaString checkString(Varargs args, int argument, String function) {
        LuaValue value = args.arg(argument);
        if (value.type() == LuaValue.TSTRING) {
            return value.checkstring();
        }
        if (value.type() == LuaValue.TNUMBER) {
            return LuaString.valueOf(CNumbers.luaNumberBytes(value.todouble()));
        }
        throw typeError(args, argument, function, "string");
    }

    /** The bytes of a Lua string, copied out of LuaJ's shared backing array. */
    static byte[] bytes(LuaString string) {
        byte[] copy = new byte[string.m_length];
        System.arraycopy(string.m_bytes, string.m_offset, copy, 0, string.m_length);
        return copy;
    }
}
