// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.resp.RespValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scripts in an embedded engine: sandbox, error texts, limits. Expected replies are redis-server 7.0.15's
 * (the differential scripts compare most of the surface against the real server).
 */
class ScriptingTest {
    private static Engine engine;

    @BeforeAll
    static void open() {
        engine = Engine.open();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @BeforeEach
    void flush() {
        run("FLUSHALL");
        run("FUNCTION", "FLUSH");
    }

    private static RespValue run(String... args) {
        return engine.execute(args);
    }

    /** EVAL script 0, the reply as the embedded client prints it. */
    private static String eval(String script) {
        return run("EVAL", script, "0").toString();
    }

    private static String sha(String body) {
        return RedisLuaApi.sha1Hex(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sandboxShowsLua51AsRedisDoes() {
        assertEquals("\"Lua 5.1\"", eval("return _VERSION"));
        assertEquals("[\"function\", \"function\", \"function\", \"table\", \"table\", \"table\", \"table\"]",
                eval("return {type(unpack), type(loadstring), type(table.getn), type(cjson), type(cmsgpack), "
                        + "type(struct), type(bit)}"));
        for (String hidden : List.of("os", "io", "debug", "print", "dofile", "loadfile", "require", "package")) {
            String script = "return type(" + hidden + ")";
            assertEquals("(error) ERR user_script:1: Script attempted to access nonexistent global variable '"
                    + hidden + "' script: " + sha(script) + ", on @user_script:1.", eval(script));
        }
    }

    @Test
    void globalsAndLibrariesAreReadOnly() {
        String script = "x = 1";
        assertEquals("(error) ERR user_script:1: Attempt to modify a readonly table script: " + sha(script)
                + ", on @user_script:1.", eval(script));
        script = "table.insert(string, 1)";
        assertEquals("(error) ERR Attempt to modify a readonly table script: " + sha(script) + ", on @user_script:1.",
                eval(script));
        assertEquals("(integer) 3", eval("local t = {} t.x = 3 return t.x"));
    }

    @Test
    void errorsFromRedisCallNameTheScriptLine() {
        run("SET", "s", "abc");
        String script = "local a = 1\nreturn redis.call('incr', 's')";
        assertEquals("(error) ERR value is not an integer or out of range script: " + sha(script)
                + ", on @user_script:2.", eval(script));
        assertEquals("(error) ERR value is not an integer or out of range", eval("return redis.pcall('incr', 's')"));
        script = "return redis.call('lpush', 's', 'x')";
        assertEquals("(error) WRONGTYPE Operation against a key holding the wrong kind of value script: "
                + sha(script) + ", on @user_script:1.", eval(script));
    }

    @Test
    void compileErrorsKeepRedisPrefix() {
        String reply = eval("return (");
        assertTrue(reply.startsWith("(error) ERR Error compiling script (new function): user_script:1: "), reply);
    }

    @Test
    void deepRecursionIsALuaErrorAndTheEngineGoesOn() {
        String script = "local function f() return f() + 1 end return f()";
        assertEquals("(error) ERR user_script:1: stack overflow script: " + sha(script) + ", on @user_script:1.",
                eval(script));
        String withCalls = "local function f(n) redis.call('incr', 'depth') return f(n + 1) + 1 end return f(1)";
        String reply = eval(withCalls);
        assertTrue(reply.contains("stack overflow"), reply);
        assertEquals("PONG", run("PING").toString());
        assertEquals("(integer) 1", eval("return redis.call('exists', 'depth')"));
    }

    @Test
    void stringBombsAndBigTablesAreBounded() {
        String script = "return string.rep('x', 1024 * 1024 * 1024)";
        assertEquals("(error) ERR Error running script " + sha(script) + ", not enough memory", eval(script));
        assertEquals("(integer) 1000000", eval("local t = {} for i = 1, 1000000 do t[i] = i end return #t"));
        assertEquals("PONG", run("PING").toString());
    }

    @Test
    void selectInsideAScriptDoesNotChangeTheCallersDatabase() {
        run("SET", "k", "db0");
        assertEquals("OK", eval("redis.call('select', '9') return redis.call('set', 'k', 'db9')"));
        assertEquals("\"db0\"", run("GET", "k").toString());
        run("SELECT", "9");
        assertEquals("\"db9\"", run("GET", "k").toString());
        run("SELECT", "0");
    }

    @Test
    void evalshaRunsTheCachedScript() {
        String loaded = run("SCRIPT", "LOAD", "return 'loaded'").toString();
        assertEquals("\"" + sha("return 'loaded'") + "\"", loaded);
        assertEquals("\"loaded\"", run("EVALSHA", sha("return 'loaded'"), "0").toString());
        run("SCRIPT", "FLUSH");
        assertEquals("(error) NOSCRIPT No matching script. Please use EVAL.",
                run("EVALSHA", sha("return 'loaded'"), "0").toString());
    }

    @Test
    void infoCountsTheCachedScripts() {
        run("SCRIPT", "FLUSH");
        run("SCRIPT", "LOAD", "return 1");
        run("SCRIPT", "LOAD", "return 2");
        eval("return 3");
        assertTrue(run("INFO", "memory").toString().contains("number_of_cached_scripts:3\r\n"));
        run("SCRIPT", "FLUSH", "ASYNC");
        assertTrue(run("INFO", "memory").toString().contains("number_of_cached_scripts:0\r\n"));
    }

    @Test
    void functionErrorsNameTheLineOfTheFailingCall() {
        run("FUNCTION", "LOAD", "#!lua name=lib2\nredis.register_function{function_name='f2', callback="
                + "function(keys, args) return redis.call('set',keys[1],'x') end, flags={'no-writes'}}");
        assertEquals("(error) ERR Write commands are not allowed from read-only scripts. script: f2, on "
                + "@user_function:2.", run("FCALL", "f2", "1", "k").toString());
    }

    @Test
    void functionGlobalsAreReadOnlyAndLoadSeesOnlyTheLoadApi() {
        assertEquals("(error) ERR Error registering functions: ERR user_function:2: Script attempted to access "
                + "nonexistent global variable 'string'",
                run("FUNCTION", "LOAD", "#!lua name=l\nlocal s = string").toString());
        run("FUNCTION", "LOAD", "#!lua name=l\nredis.register_function('f', function(k, a) return string.len(a[1]) end)");
        assertEquals("(integer) 3", run("FCALL", "f", "0", "abc").toString());
    }

    @Test
    void aLibraryRestoreIsAllOrNothing() {
        run("FUNCTION", "LOAD", "#!lua name=keep\nredis.register_function('kept', function() return 1 end)");
        FunctionLibraries store = new FunctionLibraries(new ScriptRuntime(System.getLogger("test")));
        store.replaceAll(List.of("#!lua name=a\nredis.register_function('fa', function() return 1 end)"
                .getBytes(StandardCharsets.UTF_8)));
        assertThrows(dev.cinnabar.spi.RedisError.class, () -> store.replaceAll(List.of(
                "#!lua name=b\nredis.register_function('fb', function() return 1 end)".getBytes(StandardCharsets.UTF_8),
                "#!lua name=c\nreturn (".getBytes(StandardCharsets.UTF_8))));
        assertEquals(List.of("a"), List.copyOf(store.byName().keySet()));
    }
}
