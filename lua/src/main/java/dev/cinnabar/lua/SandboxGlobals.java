// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;

/** The globals table of a scripting VM, lockable as {@link ReadOnlyTable} (LuaJ needs a {@link Globals} to compile). */
final class SandboxGlobals extends Globals {
    private boolean locked;

    void lock(boolean lock) {
        locked = lock;
    }

    /** A write through a library function (rawset, setmetatable, table.insert …): Lua gives no position. */
    private void checkRaw() {
        if (locked) {
            throw new UnplacedError(ReadOnlyTable.READONLY);
        }
    }

    private void check() {
        if (locked) {
            throw ReadOnlyTable.readonlyError();
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
