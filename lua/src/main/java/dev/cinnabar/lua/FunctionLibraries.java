// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import dev.cinnabar.spi.RedisError;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The function libraries and their VM, as Redis 7.0's functions.c and function_lua.c: one VM for every
 * library, whose globals are read-only; while a library's code runs at FUNCTION LOAD it sees only
 * {@code redis.register_function}, {@code redis.log} and the version fields.
 */
final class FunctionLibraries {
    /** A registered function. */
    record Function(String name, LuaValue callback, String description, Set<ScriptFlag> flags, Library library) {
    }

    /** A library: its code as loaded and its functions in registration order. */
    static final class Library {
        final String name;
        final byte[] code;
        final Map<String, Function> functions = new LinkedHashMap<>();

        Library(String name, byte[] code) {
            this.name = name;
            this.code = code;
        }
    }

    private final SandboxGlobals globals;
    private final ReadOnlyTable loadApi;
    /** The metatable of every library's environment: {@code __index} is the full globals or the load API. */
    private final ReadOnlyTable envMeta = new ReadOnlyTable();
    /** The environment of every library's code: a {@link SandboxGlobals} so that LuaJ hooks its closures. */
    private final SandboxGlobals env = new SandboxGlobals();
    private final ScriptRuntime runtime;
    private Map<String, Library> libraries = new LinkedHashMap<>();
    private Map<String, Function> functions = new LinkedHashMap<>();
    /** The library being loaded, while its code runs. */
    private Library loading;

    FunctionLibraries(ScriptRuntime runtime) {
        this.runtime = runtime;
        globals = LuaSandbox.base(runtime);
        RedisLuaApi api = new RedisLuaApi(runtime);
        globals.rawset("redis", api.table());
        LuaSandbox.protectLibraries(globals);
        globals.setmetatable(LuaSandbox.errorMetatable());
        globals.lock(true);

        LuaTable redis = new LuaTable();
        redis.rawset("register_function", RedisLuaApi.fn(this::registerFunction));
        api.addLog(redis);
        RedisLuaApi.addVersion(redis);
        redis.setmetatable(LuaSandbox.errorMetatable());
        LuaTable apiGlobals = new LuaTable();
        apiGlobals.rawset("redis", redis);
        apiGlobals.setmetatable(LuaSandbox.errorMetatable());
        loadApi = LuaSandbox.protect(apiGlobals);

        envMeta.rawset(LuaValue.INDEX, globals);
        envMeta.lock(true);
        env.setmetatable(envMeta);
        ((CountHook) globals.debuglib).attach(env);
        env.lock(true);
    }

    Map<String, Library> byName() {
        return libraries;
    }

    /** Function names are case-insensitive, as Redis's function dictionary. */
    Function function(String name) {
        return functions.get(key(name));
    }

    static String key(String functionName) {
        return functionName.toLowerCase(java.util.Locale.ROOT);
    }

    /** Every library's functions, counted as FUNCTION STATS counts them (names differing in case apart). */
    int functionCount() {
        int n = 0;
        for (Library lib : libraries.values()) {
            n += lib.functions.size();
        }
        return n;
    }

    /** Every library's code, in the order they were created (what RDB files and AOF rewrites keep). */
    List<byte[]> libraries() {
        List<byte[]> codes = new ArrayList<>(libraries.size());
        for (Library l : libraries.values()) {
            codes.add(l.code);
        }
        return codes;
    }

    /** Replaces every library (an RDB load), all or nothing: a RedisError leaves them as they were. */
    void replaceAll(List<byte[]> codes) {
        Map<String, Library> oldLibraries = libraries;
        Map<String, Function> oldFunctions = functions;
        libraries = new LinkedHashMap<>();
        functions = new LinkedHashMap<>();
        try {
            for (byte[] code : codes) {
                load(code, false);
            }
        } catch (RedisError e) {
            libraries = oldLibraries;
            functions = oldFunctions;
            throw e;
        }
    }

    void flush() {
        libraries = new LinkedHashMap<>();
        functions = new LinkedHashMap<>();
    }

    void delete(String name) {
        Library lib = libraries.remove(name);
        if (lib == null) {
            throw RedisError.err("Library not found");
        }
        for (Function f : lib.functions.values()) {
            functions.remove(key(f.name()), f);
        }
    }

    /**
     * Loads a library as FUNCTION LOAD does (functionsCreateWithLibraryCtx), with Redis's errors in its
     * order; returns its name.
     */
    String load(byte[] code, boolean replace) {
        String name = metadataName(code);
        Library existing = libraries.get(name);
        if (existing != null && !replace) {
            throw RedisError.err("Library '" + name + "' already exists");
        }
        Library lib = new Library(name, code);
        run(lib);
        if (lib.functions.isEmpty()) {
            throw RedisError.err("No functions registered");
        }
        for (Function f : lib.functions.values()) {
            Function other = functions.get(key(f.name()));
            if (other != null && other.library() != existing) {
                throw RedisError.err("Function " + f.name() + " already exists");
            }
        }
        if (existing != null) {
            delete(name);
        }
        libraries.put(name, lib);
        for (Function f : lib.functions.values()) {
            // two names of one library that differ only in case: the last one registered is called
            functions.put(key(f.name()), f);
        }
        return name;
    }

    /** Compiles and runs the library's code with only the load API visible. */
    private void run(Library lib) {
        LuaValue chunk;
        try {
            chunk = Compiled.withoutTailCalls(globals.load(new ByteArrayInputStream(lib.code), "@user_function", "t", env));
        } catch (LuaError e) {
            throw RedisError.err("Error compiling function: " + LuaReplies.oneLine(ScriptErrors.normalize(e.getMessage())));
        }
        setIndex(loadApi);
        loading = lib;
        try {
            runtime.load(chunk::call);
        } catch (LuaError e) {
            String reply = ScriptErrors.reply(e, "");
            int cut = reply.indexOf(" script: , on ");
            throw RedisError.err("Error registering functions: " + (cut < 0 ? reply : reply.substring(0, cut)));
        } catch (StackOverflowError e) {
            throw RedisError.err("Error registering functions: ERR user_function: stack overflow");
        } finally {
            loading = null;
            setIndex(globals);
        }
    }

    private void setIndex(LuaTable target) {
        envMeta.lock(false);
        envMeta.rawset(LuaValue.INDEX, target);
        envMeta.lock(true);
    }

    /** Redis's {@code functionExtractLibMetaData}: the library name from the {@code #!lua name=...} line. */
    static String metadataName(byte[] code) {
        if (code.length < 2 || code[0] != '#' || code[1] != '!') {
            throw RedisError.err("Missing library metadata");
        }
        int eol = EvalScripts.indexOf(code, (byte) '\n');
        if (eol < 0) {
            throw RedisError.err("Invalid library metadata");
        }
        String[] parts = new String(code, 2, eol - 2, StandardCharsets.UTF_8).split(" ");
        String engine = parts[0];
        if (!engine.equalsIgnoreCase("lua")) {
            throw RedisError.err("Engine '" + engine + "' not found");
        }
        String name = null;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()) {
                continue;
            }
            if (part.startsWith("name=")) {
                if (name != null) {
                    throw RedisError.err("Invalid metadata value, name argument was given multiple times");
                }
                name = part.substring(5);
            } else {
                throw RedisError.err("Invalid metadata value given: " + part);
            }
        }
        if (name == null) {
            throw RedisError.err("Library name was not given");
        }
        if (!validName(name)) {
            throw RedisError.err(BAD_NAME);
        }
        return name;
    }

    static final String BAD_NAME = "Library names can only contain letters, numbers, or underscores(_) and must "
            + "be at least one character long";

    static boolean validName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    /** redis.register_function(name, callback) or redis.register_function{function_name=..., callback=...} */
    private Varargs registerFunction(Varargs args) {
        Library lib = loading;
        if (lib == null) {
            throw RedisLuaApi.raise("redis.register_function can only be called on FUNCTION LOAD command");
        }
        int argc = args.narg();
        if (argc < 1 || argc > 2) {
            throw RedisLuaApi.raise("wrong number of arguments to redis.register_function");
        }
        String name;
        String description = null;
        LuaValue callback = null;
        Set<ScriptFlag> flags = ScriptFlag.none();
        if (argc == 1) {
            if (!args.arg1().istable()) {
                throw RedisLuaApi.raise("calling redis.register_function with a single argument is only applicable "
                        + "to Lua table (representing named arguments).");
            }
            name = null;
            LuaTable named = args.arg1().checktable();
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs next = named.next(k);
                k = next.arg1();
                if (k.isnil()) {
                    break;
                }
                LuaValue v = next.arg(2);
                if (!k.isstring()) {
                    throw RedisLuaApi.raise("named argument key given to redis.register_function is not a string");
                }
                switch (k.tojstring().toLowerCase(java.util.Locale.ROOT)) {
                    case "function_name" -> {
                        if (!v.isstring()) {
                            throw RedisLuaApi.raise(
                                    "function_name argument given to redis.register_function must be a string");
                        }
                        name = v.tojstring();
                    }
                    case "description" -> {
                        if (!v.isstring()) {
                            throw RedisLuaApi.raise(
                                    "description argument given to redis.register_function must be a string");
                        }
                        description = v.tojstring();
                    }
                    case "callback" -> {
                        if (!v.isfunction()) {
                            throw RedisLuaApi.raise(
                                    "callback argument given to redis.register_function must be a function");
                        }
                        callback = v;
                    }
                    case "flags" -> {
                        if (!v.istable()) {
                            throw RedisLuaApi.raise("flags argument to redis.register_function must be a table "
                                    + "representing function flags");
                        }
                        flags = readFlags(v.checktable());
                    }
                    default -> throw RedisLuaApi.raise("unknown argument given to redis.register_function");
                }
            }
            if (name == null) {
                throw RedisLuaApi.raise("redis.register_function must get a function name argument");
            }
            if (callback == null) {
                throw RedisLuaApi.raise("redis.register_function must get a callback argument");
            }
        } else {
            if (!args.arg1().isstring()) {
                throw RedisLuaApi.raise("first argument to redis.register_function must be a string");
            }
            if (!args.arg(2).isfunction()) {
                throw RedisLuaApi.raise("second argument to redis.register_function must be a function");
            }
            name = args.arg1().tojstring();
            callback = args.arg(2);
        }
        if (!validName(name)) {
            throw RedisLuaApi.raise(BAD_NAME);
        }
        if (lib.functions.containsKey(name)) {
            throw RedisLuaApi.raise("Function already exists in the library");
        }
        lib.functions.put(name, new Function(name, callback, description, flags, lib));
        return LuaValue.NONE;
    }

    private static Set<ScriptFlag> readFlags(LuaTable table) {
        Set<ScriptFlag> flags = ScriptFlag.none();
        for (int j = 1; ; j++) {
            LuaValue v = table.get(j);
            if (v.isnil()) {
                return flags;
            }
            ScriptFlag flag = v.isstring() ? ScriptFlag.of(v.tojstring()) : null;
            if (flag == null) {
                throw RedisLuaApi.raise("unknown flag given");
            }
            flags.add(flag);
        }
    }
}
