// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import dev.cinnabar.spi.CommandFamily;
import dev.cinnabar.spi.FamilyContext;

/** EVAL, EVALSHA, SCRIPT, FUNCTION and FCALL on LuaJ. */
public final class ScriptingFamily implements CommandFamily {
    @Override
    public String name() {
        return "scripting";
    }

    @Override
    public void register(FamilyContext ctx) {
    }
}
