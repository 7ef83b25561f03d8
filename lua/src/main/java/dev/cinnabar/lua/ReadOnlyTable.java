// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * A Lua table that can be locked, as Redis 7.0 patches Lua with {@code lua_enablereadonlytable}: once locked,
 * every write (plain, raw, table library, metatable change) raises "Attempt to modify a readonly table".
 */
final class ReadOnlyTable extends LuaTable {
    static final String READONLY = "Attempt to modify a readonly table";
    private boolean locked;

    void lock(boolean lock) {
        locked = lock;
    }

    boolean locked() {
        return locked;
    }

    static LuaError readonlyError() {
        return new LuaError(READONLY);
    }

    /** A write through a library function (rawset, setmetatable, table.insert …): Lua gives no position. */
    private void checkRaw() {
        if (locked) {
            throw new UnplacedError(READONLY);
        }
    }

    private void check() {
        if (locked) {
            throw readonlyError();
        }
    }

    @Override
    public LuaValue setmetatable(LuaValue metatable) {
        checkRaw();
        return super.setmetatable(metatable);
    }

    @Override
    public void set(int key, LuaValue value) {
        check();
        super.set(key, value);
    }

    @Override
    public void set(LuaValue key, LuaValue value) {
        check();
        super.set(key, value);
    }

    @Override
    public void rawset(int key, LuaValue value) {
        checkRaw();
        super.rawset(key, value);
    }

    @Override
    public void rawset(LuaValue key, LuaValue value) {
        checkRaw();
        super.rawset(key, value);
    }

    @Override
    public void hashset(LuaValue key, LuaValue value) {
        checkRaw();
        super.hashset(key, value);
    }

    @Override
    public LuaValue remove(int pos) {
        checkRaw();
        return super.remove(pos);
    }

    @Override
    public void insert(int pos, LuaValue value) {
        checkRaw();
        super.insert(pos, value);
    }

    @Override
    public void sort(LuaValue comparator) {
        checkRaw();
        super.sort(comparator);
    }
}
