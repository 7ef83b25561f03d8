// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

/** A visitor that writes each key in another format ({@code rdb convert}). */
public interface RdbConverter extends RdbVisitor {
    /** Keys written. */
    long keysWritten();

    /** Keys not written because the format cannot hold their type (module values). */
    long keysSkipped();

    /** Ends the output (closing brackets); the caller flushes and closes the stream. */
    void finish();
}
