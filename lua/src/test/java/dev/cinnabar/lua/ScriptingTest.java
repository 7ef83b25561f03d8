// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.resp.RespValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Scripts run in an embedded engine; expected replies are the ones redis-server 7.0.15 gives. */
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

    private static RespValue run(String... args) {
        return engine.execute(args);
    }

    private static String error(String... args) {
        return ((RespValue.Error) run(args)).line();
    }

    @Test
    void functionErrorsNameTheLineOfTheFailingCall() {
        run("FUNCTION", "FLUSH");
        run("FUNCTION", "LOAD", "#!lua name=lib2\nredis.register_function{function_name='f2', callback="
                + "function(keys, args) return redis.call('set',keys[1],'x') end, flags={'no-writes'}}");
        assertEquals("ERR Write commands are not allowed from read-only scripts. script: f2, on @user_function:2.",
                error("FCALL", "f2", "1", "k"));
    }
}
