// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

/** RDB data that cannot be decoded: truncated, corrupt or of an unknown encoding, with where it went wrong. */
public final class RdbFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final String END_OF_DATA = "unexpected end of data";

    private final long offset;
    private final String reason;
    private final boolean endOfData;

    public RdbFormatException(String message, long offset) {
        this(message, offset, false);
    }

    private RdbFormatException(String message, long offset, boolean endOfData) {
        super(message + " at offset " + offset);
        this.offset = offset;
        this.reason = message;
        this.endOfData = endOfData;
    }

    /**
     * The data ended before what was being read ({@code "unexpected end of data"} and {@code detail}, which may
     * be empty): a truncated input, where the rest is wrong data.
     */
    public static RdbFormatException endOfData(String detail, long offset) {
        return new RdbFormatException(detail.isEmpty() ? END_OF_DATA : END_OF_DATA + " " + detail, offset, true);
    }

    /** The same kind of failure (the data ended, or was wrong), told with more context or of another offset. */
    public RdbFormatException restated(String newReason, long newOffset) {
        return new RdbFormatException(newReason, newOffset, endOfData);
    }

    /** Whether the data ended too soon ({@link #endOfData}) rather than being wrong. */
    public boolean endOfData() {
        return endOfData;
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
