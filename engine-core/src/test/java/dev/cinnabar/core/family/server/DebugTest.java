// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.core.Engine;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.cinnabar.core.family.server.Replies.list;
import static dev.cinnabar.core.family.server.Replies.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DebugTest {
    private static Engine debugEngine() {
        return Engine.open(Map.of("enable-debug-command", "yes"));
    }

    @Test
    void debugIsRefusedUnlessTheConfigAllowsIt() {
        try (Engine e = Engine.open()) {
            assertEquals("ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you "
                    + "can run it from a local connection, otherwise you need to set this option in the configuration "
                    + "file, and then restart the server.", text(e.execute("DEBUG", "SLEEP", "0")));
            assertTrue(text(e.execute("INFO", "commandstats")).contains("cmdstat_debug:calls=0"));
        }
        try (Engine e = Engine.open(Map.of("enable-debug-command", "local"))) {
            assertEquals("OK", text(e.execute("DEBUG", "SLEEP", "0")));
        }
    }

    @Test
    void objectDescribesHowAStringIsStored() {
        try (Engine e = debugEngine()) {
            e.execute("SET", "small", "12");
            e.execute("SET", "big", "123456");
            e.execute("SET", "text", "hello");
            assertTrue(text(e.execute("DEBUG", "OBJECT", "small"))
                    .matches("Value at:0x[0-9a-f]+ refcount:2147483647 encoding:int serializedlength:2 lru:\\d+ "
                            + "lru_seconds_idle:0"));
            assertTrue(text(e.execute("DEBUG", "OBJECT", "big")).contains(" refcount:1 encoding:int serializedlength:5 "));
            assertTrue(text(e.execute("DEBUG", "OBJECT", "text")).contains(" encoding:embstr serializedlength:6 "));
            assertEquals("ERR no such key", text(e.execute("DEBUG", "OBJECT", "missing")));
        }
    }

    @Test
    void setActiveExpireSwitchesTheBackgroundExpiry() {
        try (Engine e = debugEngine()) {
            assertEquals("OK", text(e.execute("DEBUG", "SET-ACTIVE-EXPIRE", "0")));
            assertFalse(e.coreConfig().activeExpireEnabled);
            e.execute("DEBUG", "set-active-expire", "1");
            assertTrue(e.coreConfig().activeExpireEnabled);
        }
    }

    @Test
    void errorRepliesItsArgumentAndProtocolSamplesEachType() {
        try (Engine e = debugEngine()) {
            assertEquals("foo bar", text(e.execute("DEBUG", "ERROR", "foo bar")));
            assertEquals("12345", text(e.execute("DEBUG", "PROTOCOL", "integer")));
            assertEquals("3.141", text(e.execute("DEBUG", "PROTOCOL", "double")));
            assertEquals(List.of("0", "1", "2"), list(e.execute("DEBUG", "PROTOCOL", "set")));
            assertTrue(text(e.execute("DEBUG", "PROTOCOL", "nope")).startsWith("ERR Wrong protocol type name."));
        }
    }

    @Test
    void wrongArgumentsNameTheSubcommand() {
        try (Engine e = debugEngine()) {
            assertEquals("ERR unknown subcommand or wrong number of arguments for 'sleep'. Try DEBUG HELP.",
                    text(e.execute("DEBUG", "sleep")));
            assertEquals("ERR unknown subcommand or wrong number of arguments for 'jmap'. Try DEBUG HELP.",
                    text(e.execute("DEBUG", "jmap")));
            assertEquals("DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                    list(e.execute("DEBUG", "HELP")).get(0));
        }
    }
}
