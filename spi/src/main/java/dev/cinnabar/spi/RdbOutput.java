// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

/** The primitives a type's RDB codec writes with, in Redis's RDB encodings. */
public interface RdbOutput {
    void writeByte(int b);

    /** Redis's length encoding (6, 14, 32 or 64 bits). */
    void writeLength(long length);

    /** A length-prefixed string, integer-encoded or LZF-compressed where Redis would. */
    void writeString(byte[] value);

    /** Binary double, 8 bytes little-endian (RDB 8+). */
    void writeBinaryDouble(double value);

    void writeRaw(byte[] bytes);
}
