// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import dev.cinnabar.spi.RedisError;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The EVAL VM and its script cache: each body is compiled once and kept by SHA1 until SCRIPT FLUSH, as
 * Redis keeps {@code f_<sha>} functions. KEYS and ARGV are globals, set through the read-only lock.
 */
final class EvalScripts {
    /**
     * A compiled body.
     *
     * @param shebang false for a body without {@code #!lua}: Redis's compatibility mode, where only the _RO
     *                commands make the script read-only
     */
    record Script(LuaValue function, Set<ScriptFlag> flags, boolean shebang, byte[] body) {
    }

    private final SandboxGlobals globals;
    private final Map<String, Script> cache = new HashMap<>();

    EvalScripts(ScriptRuntime runtime) {
        globals = LuaSandbox.base(runtime);
        RedisLuaApi api = new RedisLuaApi(runtime);
        globals.rawset("redis", api.table());
        globals.rawset("__redis__err__handler", RedisLuaApi.fn(args -> {
            LuaValue err = args.arg1();
            return err.istable() ? err : LuaReplyBuilder.single(LuaValue.valueOf("err"),
                    LuaValue.valueOf("ERR " + err.tojstring()));
        }));
        LuaSandbox.protectLibraries(globals);
        globals.setmetatable(LuaSandbox.errorMetatable());
        globals.lock(true);
    }

    Script get(String sha) {
        return cache.get(sha);
    }

    boolean exists(String sha) {
        return cache.containsKey(sha);
    }

    int size() {
        return cache.size();
    }

    void flush() {
        cache.clear();
    }

    /** The cached script of {@code body}, compiling it first if needed; returns its SHA1 via the cache key. */
    Script compile(String sha, byte[] body) {
        Script cached = cache.get(sha);
        if (cached != null) {
            return cached;
        }
        Set<ScriptFlag> flags = ScriptFlag.none();
        boolean shebang = body.length >= 2 && body[0] == '#' && body[1] == '!';
        byte[] code = body;
        if (shebang) {
            int eol = indexOf(body, (byte) '\n');
            String line = new String(body, 0, eol < 0 ? body.length : eol, StandardCharsets.UTF_8);
            flags = shebangFlags(line);
            // the shebang line stays a (blank) line so errors give the lines of the body as sent
            code = new byte[body.length - (eol < 0 ? body.length : eol)];
            System.arraycopy(body, eol < 0 ? body.length : eol, code, 0, code.length);
        }
        LuaValue function;
        try {
            function = Compiled.withoutTailCalls(globals.load(new ByteArrayInputStream(code), "@user_script", "t", globals));
        } catch (LuaError e) {
            throw RedisError.err("Error compiling script (new function): "
                    + LuaReplies.oneLine(ScriptErrors.normalize(e.getMessage())));
        }
        Script script = new Script(function, flags, shebang, body);
        cache.put(sha, script);
        return script;
    }

    /** Redis's {@code evalExtractShebangFlags}. */
    static Set<ScriptFlag> shebangFlags(String line) {
        String[] parts = line.split(" ");
        if (!parts[0].equals("#!lua")) {
            throw RedisError.err("Unexpected engine in script shebang: " + parts[0]);
        }
        Set<ScriptFlag> flags = ScriptFlag.none();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()) {
                continue;
            }
            if (!part.startsWith("flags=")) {
                throw RedisError.err("Unknown lua shebang option: " + part);
            }
            for (String name : part.substring(6).split(",")) {
                if (name.isEmpty()) {
                    continue;
                }
                ScriptFlag flag = ScriptFlag.of(name);
                if (flag == null) {
                    throw RedisError.err("Unexpected flag in script shebang: " + name);
                }
                flags.add(flag);
            }
        }
        return flags;
    }

    /** Sets KEYS and ARGV for the next run. */
    void setArguments(LuaTable keys, LuaTable argv) {
        globals.lock(false);
        try {
            globals.rawset("KEYS", keys);
            globals.rawset("ARGV", argv);
        } finally {
            globals.lock(true);
        }
    }

    static int indexOf(byte[] b, byte c) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
