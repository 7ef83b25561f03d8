// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.RdbWriter;

import java.io.Closeable;
import java.io.IOException;

/** A value {@code rdb import} wrote to a temp file rather than load it; {@link RdbImportWriter#fromSpill} copies it. */
interface SpilledValue extends Closeable {
    /** The record's RDB type byte. */
    int typeId();

    /** Writes the value (after the caller's type byte and key) and deletes the temp file. */
    void copyTo(RdbWriter out) throws IOException;
}
