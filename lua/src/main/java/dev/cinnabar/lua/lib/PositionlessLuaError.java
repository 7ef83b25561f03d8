// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua.lib;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * An error Lua 5.1 raises from inside the VM's C code (lua_settable's "table index is nil"): its message carries no
 * "user_script:N:" position, though Redis still reports the script line it happened on. LuaJ records that line
 * for {@link #getMessage()}; the message object, which pcall and the error reply use, stays bare.
 */
public final class PositionlessLuaError extends LuaError {
    private static final long serialVersionUID = 1L;

    private final String bareMessage;

    public PositionlessLuaError(String message) {
        super(message);
        this.bareMessage = message;
    }

    @Override
    public LuaValue getMessageObject() {
        return LuaValue.valueOf(bareMessage);
    }
}
