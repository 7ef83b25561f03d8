// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua.lib;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.TwoArgFunction;

/** The {@code struct} library scripts see: Binary packing of numbers and strings, as Redis's lua_struct. Load with {@code globals.load(new StructLib())}. */
public final class StructLib extends TwoArgFunction {
    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable library = new LuaTable();
        env.set("struct", library);
        return library;
    }
}
