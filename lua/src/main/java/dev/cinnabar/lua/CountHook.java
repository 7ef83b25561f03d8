// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * Redis's count hook ({@code luaMaskCountHook}): every {@value #INSTRUCTIONS} Lua instructions it asks the
 * runtime whether the script must stop (killed, or FUNCTION LOAD past its time) and lets a script past
 * busy-reply-threshold serve the other clients. Once a script is stopped the error is raised again at every
 * instruction, so a {@code pcall} cannot swallow it for good.
 *
 * <p>LuaJ calls hooks only through {@link Globals#debuglib}; this one keeps none of DebugLib's call stack,
 * which is what makes it cheap, and is never exposed to scripts as the {@code debug} table. With a debug
 * library present LuaJ appends a traceback to an error's message unless the running coroutine has an error
 * function: every coroutine gets one that leaves the message as it is, as when no hook is installed.
 */
final class CountHook extends DebugLib {
    /** Redis installs its hook with this count. */
    static final int INSTRUCTIONS = 100_000;
    private static final LuaValue KEEP_MESSAGE = RedisLuaApi.fn(Varargs::arg1);

    private final ScriptRuntime runtime;
    private final Globals globals;
    private int countdown = INSTRUCTIONS;

    private CountHook(ScriptRuntime runtime, Globals globals) {
        this.runtime = runtime;
        this.globals = globals;
    }

    /** Installs a hook into the globals of a VM. */
    static CountHook install(ScriptRuntime runtime, Globals vm) {
        CountHook hook = new CountHook(runtime, vm);
        vm.debuglib = hook;
        vm.running.errorfunc = KEEP_MESSAGE;
        return hook;
    }

    /**
     * Hooks the closures whose environment is {@code env} too (LuaJ hooks a closure only through the
     * {@link Globals} that is its environment), running as the VM's main coroutine.
     */
    void attach(Globals env) {
        env.debuglib = this;
        env.running = globals.running;
    }

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        if (--countdown <= 0) {
            countdown = INSTRUCTIONS;
            LuaError stop = runtime.interrupt();
            if (stop != null) {
                countdown = 1;
                throw stop;
            }
        }
    }

    @Override
    public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
        LuaThread running = globals.running;
        if (running.errorfunc == null) {
            running.errorfunc = KEEP_MESSAGE;
        }
    }

    @Override
    public void onCall(LuaFunction f) {
    }

    @Override
    public void onReturn() {
    }

    @Override
    public String traceback(int level) {
        return "";
    }
}
