// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.aof;

/** Events of {@link AofChecker}'s walk, for {@code aof inspect}. Every method defaults to ignoring the event. */
public interface AofVisitor {
    /** A visitor that ignores everything. */
    AofVisitor NONE = new AofVisitor() {
    };

    /** A file starts (in load order); {@code role} is base, incr or file. */
    default void file(String name, String role, long size) {
    }

    /**
     * A complete command.
     *
     * @param argv        its arguments (not retained by the walker)
     * @param offset      where it starts in the current file
     * @param lastTsSeen  the last {@code #TS:} annotation value read so far in this file, -1 if none
     */
    default void command(byte[][] argv, long offset, long lastTsSeen) {
    }
}
