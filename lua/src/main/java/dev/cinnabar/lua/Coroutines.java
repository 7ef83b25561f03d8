// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import static dev.cinnabar.lua.RedisLuaApi.fn;

/**
 * coroutine.create, resume and wrap keeping an error's value: LuaJ hands a failed coroutine's error back
 * as its message string, where Lua gives the value raised (Redis's error tables from {@code redis.call}
 * included). Each coroutine body records what it raised; resume returns that.
 *
 * <p>LuaJ runs a coroutine on a thread of its own, handing control over and back with a monitor, so a
 * {@code redis.call} inside a coroutine runs the nested command on that thread while the engine thread waits
 * in {@code resume}: one thread runs at a time and the hand-off orders their memory effects, as the engine
 * requires; nothing the nested command does may wait for the engine thread.
 */
final class Coroutines {
    /** The value the last failing coroutine body raised; set on its thread, read after the hand-off. */
    private volatile LuaValue raised;

    void install(LuaTable coroutine) {
        LuaValue create = coroutine.get("create");
        LuaValue resume = coroutine.get("resume");
        coroutine.rawset("create", fn(args -> create.call(body(args.checkfunction(1)))));
        coroutine.rawset("resume", fn(args -> resume(resume, args)));
        coroutine.rawset("wrap", fn(args -> {
            LuaValue co = create.call(body(args.checkfunction(1)));
            return fn(callArgs -> {
                Varargs r = resume(resume, LuaValue.varargsOf(co, callArgs));
                if (!r.arg1().toboolean()) {
                    LuaValue error = r.arg(2);
                    // Lua's wrap adds the caller's position to a string error, once more
                    throw error.isstring() && !error.isnumber() ? new LuaError(error.tojstring()) : new LuaError(error);
                }
                return r.subargs(2);
            });
        }));
    }

    private LuaValue body(LuaValue f) {
        return fn(args -> {
            try {
                return f.invoke(args);
            } catch (LuaError e) {
                LuaValue obj = e.getMessageObject();
                raised = obj != null && obj.istable() ? obj : ScriptErrors.caught(e);
                throw e;
            }
        });
    }

    private Varargs resume(LuaValue resume, Varargs args) {
        raised = null;
        Varargs r = resume.invoke(args);
        LuaValue error = raised;
        raised = null;
        if (!r.arg1().toboolean() && error != null) {
            return LuaValue.varargsOf(LuaValue.FALSE, error);
        }
        return r;
    }
}
