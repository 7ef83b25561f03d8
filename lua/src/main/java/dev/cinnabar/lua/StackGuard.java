// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import org.luaj.vm2.LuaError;

/**
 * Keeps a script's deep recursion from overflowing the stack inside the engine: LuaJ runs Lua calls on the
 * Java stack, and a {@link StackOverflowError} thrown in the middle of a nested command would leave the
 * engine's state half restored. Before a nested command runs, this checks that some stack is left and
 * raises Lua's "stack overflow" error otherwise.
 */
final class StackGuard {
    /**
     * Frames of {@link #probe}: some 10 KB of stack, more than a nested command's own frames need. Each
     * probe costs about 2 ns a frame, paid on every redis.call, hence not more.
     */
    private static final int PROBE_DEPTH = 128;

    /** Keeps the probe's result alive so the JIT cannot drop the calls. */
    @SuppressWarnings("unused")
    private static long sink;

    private StackGuard() {
    }

    static void ensureHeadroom() {
        try {
            sink = probe(PROBE_DEPTH, 0L, 0L, 0L);
        } catch (StackOverflowError e) {
            throw new LuaError("stack overflow");
        }
    }

    private static long probe(int depth, long a, long b, long c) {
        if (depth == 0) {
            return a + b + c;
        }
        return probe(depth - 1, a + 1, b ^ a, c + b) + 1;
    }
}
