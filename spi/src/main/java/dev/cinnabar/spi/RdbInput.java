// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

/** The primitives a type's RDB codec reads with. */
public interface RdbInput {
    int readByte();

    long readLength();

    /** A string in any of Redis's string encodings (plain, integer, LZF). */
    byte[] readString();

    double readBinaryDouble();

    /** The RDB version of the file being read. */
    int rdbVersion();
}
