// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

import java.util.Locale;

/** Where a command checked by {@link AccessControl} comes from, as ACL LOG's {@code context} field names it. */
public enum AccessContext {
    /** Sent by the client and run (or queued) at once. */
    TOPLEVEL,
    /** Queued by MULTI, or run by EXEC. */
    MULTI,
    /** Called from a script or function ({@code redis.call}, FCALL). */
    LUA,
    /** Called by a module; unused by the engine itself. */
    MODULE;

    /** The name ACL LOG prints, e.g. {@code "toplevel"}. */
    public String logName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
