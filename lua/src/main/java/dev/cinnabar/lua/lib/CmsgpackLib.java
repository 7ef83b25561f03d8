// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua.lib;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code cmsgpack} library scripts see: MessagePack pack and unpack, as Redis's lua_cmsgpack 0.4.0.
 * Load with {@code globals.load(new CmsgpackLib())}.
 */
public final class CmsgpackLib extends TwoArgFunction {
    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable library = new LuaTable();
        library.set("pack", new Pack());
        library.set("unpack", new Unpack("unpack"));
        library.set("unpack_one", new Unpack("unpack_one"));
        library.set("unpack_limit", new Unpack("unpack_limit"));
        library.set("_NAME", "cmsgpack");
        library.set("_VERSION", "lua-cmsgpack 0.4.0");
        library.set("_COPYRIGHT", "Copyright (C) 2012, Salvatore Sanfilippo");
        library.set("_DESCRIPTION", "MessagePack C implementation for Lua");
        env.set("cmsgpack", library);
        return library;
    }

    /** cmsgpack.pack(v1, v2, ...): the encodings of every argument, concatenated. */
    private static final class Pack extends VarArgFunction {
        Pack() {
            name = "pack";
        }

        @Override
        public Varargs invoke(Varargs args) {
            if (args.narg() == 0) {
                throw LuaArgs.argError(0, name, "MessagePack pack needs input.");
            }
            MsgpackEncoder encoder = new MsgpackEncoder();
            for (int i = 1; i <= args.narg(); i++) {
                encoder.encode(args.arg(i), 0);
            }
            return LuaValue.valueOf(encoder.toByteArray());
        }
    }

    /** unpack(s), unpack_one(s [, offset]) and unpack_limit(s, limit [, offset]). */
    private static final class Unpack extends VarArgFunction {
        Unpack(String name) {
            this.name = name;
        }

        @Override
        public Varargs invoke(Varargs args) {
            int limit = 0;
            int offset = 0;
            if (name.equals("unpack_one")) {
                offset = LuaArgs.optInt(args, 2, name, 0);
                limit = 1;
            } else if (name.equals("unpack_limit")) {
                limit = LuaArgs.checkInt(args, 2, name);
                offset = LuaArgs.optInt(args, 3, name, 0);
            }
            LuaString input = LuaArgs.checkString(args, 1, name);
            return new MsgpackDecoder(LuaArgs.bytes(input)).unpack(limit, offset);
        }
    }
}
