// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * Post-processing of compiled chunks. LuaJ runs {@code return f(x)} as a tail call outside the calling
 * function's frame, so an error raised by {@code f} (typically {@code redis.call}) loses the line Redis
 * reports; turning the tail call into a plain call followed by the RETURN the compiler emits anyway keeps
 * the frame, as Lua 5.1's debug info does.
 */
final class Compiled {
    private Compiled() {
    }

    static LuaValue withoutTailCalls(LuaValue chunk) {
        if (chunk instanceof LuaClosure closure) {
            patch(closure.p);
        }
        return chunk;
    }

    private static void patch(Prototype p) {
        int[] code = p.code;
        for (int i = 0; i < code.length; i++) {
            if (Lua.GET_OPCODE(code[i]) == Lua.OP_TAILCALL) {
                code[i] = (code[i] & ~Lua.MASK_OP) | (Lua.OP_CALL << Lua.POS_OP);
            }
        }
        for (Prototype child : p.p) {
            patch(child);
        }
    }
}
