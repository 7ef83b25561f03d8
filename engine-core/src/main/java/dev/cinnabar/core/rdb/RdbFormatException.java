// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

/** RDB data that cannot be decoded: truncated, corrupt or of an unknown encoding, with where it went wrong. */
public final class RdbFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long offset;
    private final String reason;

    public RdbFormatException(String message, long offset) {
        super(message + " at offset " + offset);
        this.offset = offset;
        this.reason = message;
    }

    /** What went wrong, without the offset. */
    public String reason() {
        return reason;
    }

    /** Byte offset from the start of the input where decoding failed. */
    public long offset() {
        return offset;
    }
}
