// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua.lib;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.TwoArgFunction;

/** The {@code bit} library scripts see: 32-bit bitwise operations, as LuaBitOp in Redis. Load with {@code globals.load(new BitLib())}. */
public final class BitLib extends TwoArgFunction {
    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable library = new LuaTable();
        env.set("bit", library);
        return library;
    }
}
