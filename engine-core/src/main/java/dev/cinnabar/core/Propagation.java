// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core;

/** Receives the commands that reproduce each write (DESIGN invariant 4): the AOF and replicas listen here. */
@FunctionalInterface
public interface Propagation {
    void propagate(int db, byte[][] argv);
}
