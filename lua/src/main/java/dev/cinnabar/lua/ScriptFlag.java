// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Script and function flags, in the order Redis lists them ({@code scripts_flags_def}). */
enum ScriptFlag {
    NO_WRITES("no-writes"), ALLOW_OOM("allow-oom"), ALLOW_STALE("allow-stale"), NO_CLUSTER("no-cluster"),
    ALLOW_CROSS_SLOT_KEYS("allow-cross-slot-keys");

    final String text;

    ScriptFlag(String text) {
        this.text = text;
    }

    /** The flag named {@code name} ignoring case, or null. */
    static ScriptFlag of(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (ScriptFlag f : values()) {
            if (f.text.equals(lower)) {
                return f;
            }
        }
        return null;
    }

    static Set<ScriptFlag> none() {
        return EnumSet.noneOf(ScriptFlag.class);
    }
}
