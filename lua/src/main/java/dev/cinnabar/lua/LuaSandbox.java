// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import dev.cinnabar.lua.lib.BitLib;
import dev.cinnabar.lua.lib.CjsonLib;
import dev.cinnabar.lua.lib.CmsgpackLib;
import dev.cinnabar.lua.lib.StructLib;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.CoroutineLib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseMathLib;

import java.util.Set;

import static dev.cinnabar.lua.RedisLuaApi.fn;

/**
 * Builds the globals of a scripting VM as Redis 7.0 shows them: Lua 5.1's base, table, string, math and
 * coroutine libraries (LuaJ is 5.2: {@code unpack}, {@code loadstring}, {@code table.getn}, {@code math.mod}
 * … are put back), cjson, cmsgpack, struct and bit, the {@code redis} table, and nothing else (no io, os,
 * debug, package, print, dofile, loadfile). Every table is read-only and reading a missing global is an
 * error, with Redis's texts.
 */
final class LuaSandbox {
    /** Globals Lua 5.1 and Redis do not have. */
    private static final Set<String> REMOVED = Set.of("dofile", "loadfile", "print", "rawlen", "require",
            "package", "module");
    /** Strings longer than this cannot be built by one library call (string.rep bombs). */
    static final long MAX_STRING = 512L * 1024 * 1024;

    private LuaSandbox() {
    }

    /** The libraries and the Lua 5.1 surface, before any protection. */
    static SandboxGlobals base(ScriptRuntime runtime) {
        SandboxGlobals g = new SandboxGlobals();
        g.load(new BaseLib());
        g.load(new PackageLib());
        g.load(new TableLib());
        g.load(new StringLib());
        g.load(new JseMathLib());
        g.load(new CoroutineLib());
        LoadState.install(g);
        LuaC.install(g);
        CountHook.install(runtime, g);
        g.load(new CjsonLib());
        g.load(new StructLib());
        g.load(new CmsgpackLib());
        g.load(new BitLib());
        for (String name : REMOVED) {
            g.rawset(name, LuaValue.NIL);
        }
        g.rawset("_VERSION", LuaValue.valueOf("Lua 5.1"));
        LuaTable table = g.get("table").checktable();
        g.rawset("unpack", table.get("unpack"));
        g.rawset("loadstring", fn(args -> loadString(g, args)));
        g.rawset("gcinfo", fn(args -> LuaValue.valueOf(usedKilobytes())));
        g.rawset("pcall", fn(LuaSandbox::pcall));
        g.rawset("xpcall", fn(LuaSandbox::xpcall));
        LuaValue error = g.get("error");
        g.rawset("error", fn(args -> {
            if (args.arg1().isnil()) {
                // LuaJ raises nil with no message, which an error function (see CountHook) cannot be given
                throw new LuaError(LuaValue.NIL);
            }
            return error.invoke(args);
        }));
        LuaValue tostring = g.get("tostring");
        g.rawset("tostring", fn(args -> LuaFormat.tostring(tostring, args)));
        table.rawset("pack", LuaValue.NIL);
        table.rawset("unpack", LuaValue.NIL);
        table.rawset("getn", fn(args -> LuaValue.valueOf(args.checktable(1).length())));
        table.rawset("setn", fn(args -> {
            throw new LuaError("'setn' is obsolete");
        }));
        table.rawset("maxn", fn(LuaSandbox::maxn));
        table.rawset("concat", fn(LuaSandbox::concat));
        LuaValue insert = table.get("insert");
        table.rawset("insert", fn(args -> {
            if (!args.arg1().istable()) {
                throw new LuaError("bad argument #1 to 'insert' (table expected, got "
                        + (args.narg() == 0 ? "no value" : args.arg1().typename()) + ")");
            }
            if (args.narg() != 2 && args.narg() != 3) {
                throw new LuaError("wrong number of arguments to 'insert'");
            }
            return insert.invoke(args);
        }));
        table.rawset("foreach", fn(LuaSandbox::foreach));
        table.rawset("foreachi", fn(LuaSandbox::foreachi));
        LuaTable string = g.get("string").checktable();
        string.rawset("gfind", string.get("gmatch"));
        string.rawset("format", fn(LuaFormat::format));
        LuaValue rep = string.get("rep");
        string.rawset("rep", fn(args -> {
            long size = (long) args.checkstring(1).length() * Math.max(0, args.checklong(2));
            if (size > MAX_STRING) {
                throw new UnplacedError.OutOfMemory();
            }
            return rep.invoke(args);
        }));
        LuaTable coroutine = g.get("coroutine").checktable();
        new Coroutines().install(coroutine);
        LuaValue running = coroutine.get("running");
        // Lua 5.1 gives nil outside a coroutine; LuaJ (5.2) gives the main thread and true
        coroutine.rawset("running", fn(args -> {
            Varargs r = running.invoke(args);
            return r.arg(2).toboolean() ? LuaValue.NIL : r.arg1();
        }));
        LuaTable math = g.get("math").checktable();
        math.rawset("mod", math.get("fmod"));
        math.rawset("log10", fn(args -> LuaValue.valueOf(Math.log10(args.checkdouble(1)))));
        math.rawset("log", fn(args -> LuaValue.valueOf(Math.log(args.checkdouble(1)))));
        math.rawset("random", fn(runtime::random));
        math.rawset("randomseed", fn(runtime::randomseed));
        ArgErrors.wrapAll(g.get("string").checktable(), "string");
        ArgErrors.wrapAll(g.get("table").checktable(), "table");
        ArgErrors.wrapAll(g.get("math").checktable(), null);
        ArgErrors.wrapAll(g.get("coroutine").checktable(), null);
        ArgErrors.wrapAll(g, null);
        return g;
    }

    /** Makes {@code t} and every table reachable from it read-only, copying plain tables into lockable ones. */
    static ReadOnlyTable protect(LuaTable t) {
        ReadOnlyTable copy = new ReadOnlyTable();
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs next = t.next(k);
            k = next.arg1();
            if (k.isnil()) {
                break;
            }
            LuaValue v = next.arg(2);
            if (v instanceof LuaTable inner && !(v instanceof ReadOnlyTable) && !(v instanceof SandboxGlobals)) {
                v = protect(inner);
            }
            copy.rawset(k, v);
        }
        LuaValue meta = t.getmetatable();
        if (meta instanceof LuaTable m) {
            copy.setmetatable(m instanceof ReadOnlyTable ? m : protect(m));
        }
        copy.lock(true);
        return copy;
    }

    /**
     * The string library both VMs share: LuaJ keeps the metatable of strings in a static field, so
     * {@code getmetatable('').__index == string} holds in each VM only if they have the same table.
     */
    private static ReadOnlyTable sharedString;

    /** Protects every library table of {@code g} and gives strings the protected string library. */
    static synchronized void protectLibraries(SandboxGlobals g) {
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs next = g.next(k);
            k = next.arg1();
            if (k.isnil()) {
                break;
            }
            LuaValue v = next.arg(2);
            if (v instanceof LuaTable t && !(v instanceof ReadOnlyTable) && !(v instanceof SandboxGlobals)) {
                g.rawset(k, protect(t));
            }
        }
        if (sharedString == null) {
            sharedString = (ReadOnlyTable) g.get("string");
            ReadOnlyTable stringMeta = new ReadOnlyTable();
            stringMeta.rawset(LuaValue.INDEX, sharedString);
            stringMeta.lock(true);
            LuaString.s_metatable = stringMeta;
        }
        g.rawset("string", sharedString);
    }

    /** A metatable whose {@code __index} raises Redis's error for a missing global. */
    static ReadOnlyTable errorMetatable() {
        ReadOnlyTable meta = new ReadOnlyTable();
        meta.rawset(LuaValue.INDEX, fn(args -> {
            throw new LuaError("Script attempted to access nonexistent global variable '"
                    + args.arg(2).tojstring() + "'");
        }));
        meta.lock(true);
        return meta;
    }

    /** Redis's pcall: an error table with an {@code err} field is caught as its message, as before Redis 7. */
    private static Varargs pcall(Varargs args) {
        LuaValue f = args.checkvalue(1);
        try {
            return LuaValue.varargsOf(LuaValue.TRUE, f.invoke(args.subargs(2)));
        } catch (LuaError e) {
            return LuaValue.varargsOf(LuaValue.FALSE, ScriptErrors.caught(e));
        } catch (StackOverflowError e) {
            return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("stack overflow"));
        }
    }

    /**
     * Lua 5.1's xpcall: {@code f} runs without arguments and the handler gets the error value as raised (an
     * error table stays a table, unlike Redis's pcall). It runs once the stack has unwound, which only a
     * traceback (no debug library here) could tell.
     */
    private static Varargs xpcall(Varargs args) {
        LuaValue f = args.arg1();
        LuaValue handler = args.arg(2);
        LuaValue error;
        try {
            return LuaValue.varargsOf(LuaValue.TRUE, f.invoke(LuaValue.NONE));
        } catch (LuaError e) {
            error = ScriptErrors.value(e);
        } catch (StackOverflowError e) {
            error = LuaValue.valueOf("stack overflow");
        }
        try {
            return LuaValue.varargsOf(LuaValue.FALSE, handler.call(error));
        } catch (LuaError | StackOverflowError e) {
            return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("error in error handling"));
        }
    }

    private static Varargs loadString(SandboxGlobals g, Varargs args) {
        String chunkName = args.optjstring(2, null);
        LuaString code = args.checkstring(1);
        try {
            return g.load(new java.io.ByteArrayInputStream(code.m_bytes, code.m_offset, code.m_length),
                    chunkName == null ? "=(load)" : chunkName, "t", g);
        } catch (LuaError e) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(e.getMessage()));
        }
    }

    /** table.concat with numbers as Lua 5.1 prints them ({@code %.14g}; LuaJ's are Java floats). */
    private static Varargs concat(Varargs args) {
        if (!args.arg1().istable()) {
            throw new LuaError("bad argument #1 to 'concat' (table expected, got " + typeName(args.arg1()) + ")");
        }
        LuaTable t = (LuaTable) args.arg1();
        LuaValue sepArg = args.arg(2);
        if (!sepArg.isnil() && !sepArg.isstring()) {
            throw new LuaError("bad argument #2 to 'concat' (string expected, got " + typeName(sepArg) + ")");
        }
        byte[] sep = sepArg.isnil() ? new byte[0] : text(sepArg);
        int from = args.isnil(3) ? 1 : args.checkint(3);
        int to = args.isnil(4) ? t.length() : args.checkint(4);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (long k = from; k <= to; k++) {
            LuaValue v = t.rawget((int) k);
            if (!v.isstring()) {
                throw new LuaError("invalid value (" + v.typename() + ") at index " + k + " in table for 'concat'");
            }
            out.writeBytes(text(v));
            if (k != to) {
                out.writeBytes(sep);
            }
            if (out.size() > MAX_STRING) {
                throw new LuaError("not enough memory");
            }
        }
        return LuaValue.valueOf(out.toByteArray());
    }

    /** A string's bytes, or a number as Lua 5.1 prints it. */
    private static byte[] text(LuaValue stringOrNumber) {
        return stringOrNumber.type() == LuaValue.TNUMBER
                ? LuaFormat.number(stringOrNumber.todouble()).getBytes(java.nio.charset.StandardCharsets.US_ASCII)
                : LuaReplies.bytes(stringOrNumber);
    }

    private static String typeName(LuaValue v) {
        return v.isnil() ? "no value" : v.typename();
    }

    private static Varargs maxn(Varargs args) {
        LuaTable t = args.checktable(1);
        double max = 0;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs next = t.next(k);
            k = next.arg1();
            if (k.isnil()) {
                return LuaValue.valueOf(max);
            }
            if (k.type() == LuaValue.TNUMBER && k.todouble() > max) {
                max = k.todouble();
            }
        }
    }

    private static Varargs foreach(Varargs args) {
        LuaTable t = args.checktable(1);
        LuaValue f = args.checkfunction(2);
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs next = t.next(k);
            k = next.arg1();
            if (k.isnil()) {
                return LuaValue.NONE;
            }
            LuaValue r = f.call(k, next.arg(2));
            if (!r.isnil()) {
                return r;
            }
        }
    }

    private static Varargs foreachi(Varargs args) {
        LuaTable t = args.checktable(1);
        LuaValue f = args.checkfunction(2);
        int n = t.length();
        for (int i = 1; i <= n; i++) {
            LuaValue r = f.call(LuaValue.valueOf(i), t.get(i));
            if (!r.isnil()) {
                return r;
            }
        }
        return LuaValue.NONE;
    }

    private static int usedKilobytes() {
        Runtime rt = Runtime.getRuntime();
        return (int) ((rt.totalMemory() - rt.freeMemory()) / 1024);
    }
}
