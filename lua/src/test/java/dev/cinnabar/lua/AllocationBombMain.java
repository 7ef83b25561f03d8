// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import dev.cinnabar.core.Engine;

/**
 * Runs allocation bombs in an embedded engine; {@link AllocationBombTest} starts it in a JVM with a small
 * heap and reads what it prints: each bomb's reply, then proof that the engine still serves commands.
 */
public final class AllocationBombMain {
    private AllocationBombMain() {
    }

    public static void main(String[] args) {
        try (Engine engine = Engine.open()) {
            System.out.println("table: " + engine.execute("EVAL",
                    "local t = {} local i = 0 while true do i = i + 1 t[i] = {i, i, i, i} end", "0"));
            System.out.println("concat: " + engine.execute("EVAL",
                    "local s = 'xxxxxxxxxxxxxxxx' while true do s = s .. s end", "0"));
            System.out.println("after: " + engine.execute("PING") + " "
                    + engine.execute("EVAL", "return redis.call('set', 'k', 'v')", "0") + " "
                    + engine.execute("GET", "k"));
        }
        System.exit(0);
    }
}
