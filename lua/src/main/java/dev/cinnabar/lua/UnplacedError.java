// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import org.luaj.vm2.LuaError;

/**
 * An error Lua 5.1 raises without a position: from a library function written in C (rawset,
 * setmetatable, table.insert on a read-only table) or for lack of memory. LuaJ still tags it with the
 * calling line; {@link ScriptErrors} shows the bare message.
 */
class UnplacedError extends LuaError {
    private static final long serialVersionUID = 1L;
    final String bare;

    UnplacedError(String message) {
        super(message);
        bare = message;
    }

    /** Lua's memory error, which Redis's error handler never sees. */
    static final class OutOfMemory extends UnplacedError {
        private static final long serialVersionUID = 1L;

        OutOfMemory() {
            super("not enough memory");
        }
    }
}
