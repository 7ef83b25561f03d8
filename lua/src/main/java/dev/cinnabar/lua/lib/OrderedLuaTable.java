// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua.lib;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A table that traverses (next, pairs, and so cjson.encode and cmsgpack.pack) in the order Lua 5.1 would, for
 * the tables the libraries create: cjson.decode and cmsgpack.unpack build them key by key as the C code does, and
 * every later assignment is recorded too, so a decoded table that a script changes and encodes again comes out in
 * Redis's order. (Tables that scripts create themselves are LuaJ's and keep LuaJ's order.)
 */
public final class OrderedLuaTable extends LuaTable {
    private final Lua51Layout layout = new Lua51Layout();
    private int depth;
    private List<LuaValue> order;
    private Map<LuaValue, Integer> positions;

    @Override
    public void rawset(LuaValue key, LuaValue value) {
        record(key, value);
        depth++;
        try {
            super.rawset(key, value);
        } finally {
            depth--;
        }
    }

    @Override
    public void rawset(int key, LuaValue value) {
        record(LuaValue.valueOf(key), value);
        depth++;
        try {
            super.rawset(key, value);
        } finally {
            depth--;
        }
    }

    private void record(LuaValue key, LuaValue value) {
        if (depth > 0 || key.isnil() || (key.type() == LuaValue.TNUMBER && Double.isNaN(key.todouble()))) {
            return; // invalid keys are LuaJ's to refuse; nested calls are one assignment
        }
        boolean existed = !super.rawget(key).isnil();
        layout.set(key, !value.isnil());
        if (existed != !value.isnil() || order == null || !positions.containsKey(key)) {
            order = null;
        }
    }

    @Override
    public Varargs next(LuaValue key) {
        if (order == null) {
            order = layout.order();
            positions = new HashMap<>(order.size() * 2);
            for (int i = 0; i < order.size(); i++) {
                positions.put(order.get(i), i);
            }
        }
        int start = 0;
        if (!key.isnil()) {
            Integer at = positions.get(key);
            if (at == null) {
                return super.next(key); // LuaJ's own error for a key that is not in the table
            }
            start = at + 1;
        }
        for (int i = start; i < order.size(); i++) {
            LuaValue k = order.get(i);
            LuaValue v = rawget(k);
            if (!v.isnil()) {
                return varargsOf(k, v);
            }
        }
        return NIL;
    }
}
