// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * Runs every case of lua-libs/*.cases on LuaJ with the four libraries loaded, and compares with what Redis 7.0.15
 * returned for the same Lua (the '=' lines, recorded by lua-libs/generate-expected.py through EVAL).
 */
class LuaLibrariesTest {
    private static final String RESOURCES = "/lua-libs/";

    @TestFactory
    Stream<DynamicTest> bit() throws IOException {
        return cases("bit");
    }

    @TestFactory
    Stream<DynamicTest> struct() throws IOException {
        return cases("struct");
    }

    @TestFactory
    Stream<DynamicTest> cmsgpack() throws IOException {
        return cases("cmsgpack");
    }

    @TestFactory
    Stream<DynamicTest> cjson() throws IOException {
        return cases("cjson");
    }

    /** Object and map key order: whatever order the Lua table traversal yields. */
    @TestFactory
    Stream<DynamicTest> order() throws IOException {
        return cases("order");
    }

    /** Lua state as Redis sets it up for these libraries, plus the number printer the prelude uses. */
    static Globals redisLikeGlobals() {
        Globals globals = JsePlatform.standardGlobals();
        globals.load(new CjsonLib());
        globals.load(new CmsgpackLib());
        globals.load(new StructLib());
        globals.load(new BitLib());
        // string.format('%.17g') as C prints it; LuaJ's own %g is not what Redis's Lua prints
        globals.set("__fmt", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue number) {
                return LuaValue.valueOf(CNumbers.formatG(number.todouble(), 17));
            }
        });
        return globals;
    }

    private Stream<DynamicTest> cases(String library) throws IOException {
        String prelude = resource("prelude.lua");
        String[] lines = resource(library + ".cases").split("\n");
        Globals globals = redisLikeGlobals();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith("? ")) {
                continue; // comments, and '?!' cases that depend on the runtime rather than the library
            }
            String expression = lines[i].substring(2);
            String expected = lines[i + 1].substring(2);
            tests.add(DynamicTest.dynamicTest(library + ":" + (i + 1) + " " + expression, () -> {
                // "@user_script" makes error positions read "user_script:N:" as they do in Redis
                LuaValue result = globals.load(prelude + "\nreturn " + expression, "@user_script").call();
                assertEquals(expected, withRedisPosition(result.tojstring()));
            }));
        }
        return tests.stream();
    }

    /**
     * LuaJ writes an error position as "@user_script:46 message", Redis's Lua as "user_script:46: message"; the
     * position is the runtime's business (the EVAL differential script checks it), the message is the library's.
     */
    private static String withRedisPosition(String result) {
        return result.replaceAll("@user_script:(\\d+) ", "user_script:$1: ");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = LuaLibrariesTest.class.getResourceAsStream(RESOURCES + name)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
